"""Source dependency: which origins the reporting on an entity rests on, and who repeats whom.

For an entity (or a region, with the regions inside it), optionally within a region and
a period, every claim's source chain is walked and the origins are grouped into
independent ones (``queries.grouping``); each group's share is the part of the claims
that trace to it. The publisher network links a publisher to the publishers whose
reports its reports cite or republish: its communities, and its circular clusters
(publishers that, through one another, end up repeating themselves).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from graph.model import Edge, Node
from graph.stores.base import GraphStore
from queries.analysis.network import all_nodes, region_claims
from queries.analysis.settings import settings
from queries.claims import ClaimFilter
from queries.entities import EntityRef, claims_linking, descendant_regions, resolve_entity
from queries.grouping import OriginGroup, origin_groups
from queries.results import Answer

MAJORITY = 0.5
REPORT_FIELDS = ("title", "publisher", "published", "url", "stub")


def _claims_in_period(store: GraphStore, claim_ids: Sequence[str], since: str | None,
                      until: str | None) -> list[str]:
    dates = ClaimFilter(since=since, until=until)
    claims = store.get_nodes(list(claim_ids), ["published"])
    return sorted(c for c, node in claims.items()
                  if dates.keeps_fields(node.props.get("published"), None, False, False))


def _origin_record(group: OriginGroup, total: int, reports: dict[str, Node]) -> dict[str, Any]:
    origins = []
    for origin in group.origins:
        props = reports[origin["report_id"]].props if origin["report_id"] in reports else {}
        origins.append({**origin, **{k: props.get(k) for k in REPORT_FIELDS if k in props}})
    return {"origins": origins, "claims": len(group.claim_ids),
            "share": round(len(group.claim_ids) / total, 4) if total else 0.0,
            "claim_ids": sorted(group.claim_ids)}


def concentration(groups: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    """For the top 1, 2, ... origin groups: the share of claims that trace to any of them."""
    covered: set[str] = set()
    steps = []
    for count, group in enumerate(groups, 1):
        covered.update(group["claim_ids"])
        steps.append({"origins": count, "claims": len(covered),
                      "share": round(len(covered) / total, 4) if total else 0.0})
    return steps


def headline(entity: str, region: str | None, since: str | None, until: str | None,
             steps: list[dict[str, Any]], total: int) -> str:
    """'62% of 13 claims about X in R (2024-01-01 to 2024-12-31) trace to 2 origin(s)'."""
    where = f" in {region}" if region else ""
    when = f" ({since or '…'} to {until or '…'})" if since or until else ""
    if not total:
        return f"No claims about {entity}{where}{when}."
    step = next((s for s in steps if s["share"] >= MAJORITY), steps[-1])
    return (f"{round(step['share'] * 100)}% of {total} claims about {entity}{where}{when} "
            f"trace to {step['origins']} of {len(steps)} independent origin(s).")


@dataclass
class SourceDependency(Answer):
    """Which independent origins the claims about an entity rest on, and each one's share."""

    entity: dict[str, Any]
    region: dict[str, Any] | None
    since: str | None
    until: str | None
    claims: int
    independent_origins: int
    headline: str
    concentration: list[dict[str, Any]]
    origins: list[dict[str, Any]]


@dataclass
class PublisherNetwork(Answer):
    """Who repeats whom: publishers linked by citations and copies, their communities and
    the clusters that cite one another in a circle."""

    since: str | None
    until: str | None
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    circular_clusters: list[Any]
    notes: list[str]


def source_dependency(store: GraphStore, key: str, region: str | None = None,
                      since: str | None = None, until: str | None = None) -> SourceDependency:
    """Which independent origins the claims about an entity rest on, and each one's share."""
    entity = resolve_entity(store, key)
    scope = descendant_regions(store, entity.id) if entity.label == "Region" else [entity.id]
    linked = set(claims_linking(store, scope))
    region_ref = None
    if region:
        linked &= region_claims(store, region)
        region_ref = EntityRef.of(resolve_entity(store, region))
    claims = _claims_in_period(store, sorted(linked), since, until)
    groups = origin_groups(store, claims)
    reports = store.get_nodes(sorted({o["report_id"] for g in groups for o in g.origins}), REPORT_FIELDS)
    records = sorted((_origin_record(g, len(claims), reports) for g in groups),
                     key=lambda r: (-r["claims"], r["origins"][0]["report_id"]))
    steps = concentration(records, len(claims))
    name = str(entity.props.get("name", entity.id))
    return SourceDependency(
        entity=EntityRef.of(entity).__dict__, region=region_ref.__dict__ if region_ref else None,
        since=since, until=until, claims=len(claims), independent_origins=len(records),
        headline=headline(name, region_ref.name if region_ref else None, since, until, steps, len(claims)),
        concentration=steps, origins=records)


# ------------------------------------------------------------------ publisher network

def publisher_of(report: Node | None) -> str | None:
    """A report's publisher, else the host of its URL (stubs often know only that)."""
    if report is None:
        return None
    if report.props.get("publisher"):
        return str(report.props["publisher"])
    host = urlsplit(str(report.props.get("url") or "")).netloc.lower().removeprefix("www.")
    return host or None


def _citing_report(edge: Edge) -> str:
    """The report an edge speaks for: its own source, or the report its claim is in."""
    return edge.source if edge.type == "REPUBLISHES" else str(edge.props.get("report_id") or edge.source)


def _publisher_edges(store: GraphStore, since: str | None, until: str | None
                     ) -> tuple[nx.DiGraph, dict[str, int]]:
    """Publisher -> publisher: citations and republications between their reports."""
    report_ids = [n.id for n in all_nodes(store, "Report")]
    reports = store.get_nodes(report_ids, ["publisher", "url", "published", "stub"])
    dates = ClaimFilter(since=since, until=until)
    graph = nx.DiGraph()
    own: dict[str, int] = {}
    for edge in store.edges(report_ids, ["CITES", "REPUBLISHES"], "in", fields=["report_id"]):
        citing = reports.get(_citing_report(edge))
        if citing is None or not dates.keeps_fields(citing.props.get("published"), None, False, False):
            continue
        source, target = publisher_of(citing), publisher_of(reports.get(edge.target))
        if source is None or target is None:
            continue
        if source == target:
            own[source] = own.get(source, 0) + 1
            continue
        if not graph.has_edge(source, target):
            graph.add_edge(source, target, citations=0, republications=0)
        kind = "republications" if edge.type == "REPUBLISHES" else "citations"
        graph.edges[source, target][kind] += 1
    for _, _, data in graph.edges(data=True):
        data["weight"] = data["citations"] + data["republications"]
    return graph, own


def _publisher_communities(graph: nx.DiGraph) -> list[list[str]]:
    if graph.number_of_nodes() == 0:
        return []
    config = settings()
    parts = nx.community.louvain_communities(graph.to_undirected(), weight="weight",
                                             resolution=config.resolution, seed=config.seed)
    return sorted((sorted(p) for p in parts), key=lambda members: (-len(members), members[0]))


def _circular(graph: nx.DiGraph) -> list[dict[str, Any]]:
    """Strongly connected groups of publishers: each repeats, through the others, itself."""
    clusters = []
    for members in sorted((sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1),
                          key=lambda m: (-len(m), m[0])):
        inside = graph.subgraph(members)
        clusters.append({"publishers": members,
                         "edges": [{"from": a, "to": b, **d} for a, b, d in sorted(inside.edges(data=True))]})
    return clusters


def publisher_network(store: GraphStore, since: str | None = None,
                      until: str | None = None) -> PublisherNetwork:
    """Who repeats whom: publishers linked by the citations and copies between their reports."""
    graph, own = _publisher_edges(store, since, until)
    parts = _publisher_communities(graph)
    index = {p: i for i, members in enumerate(parts) for p in members}
    nodes = [{"publisher": p, "cites": graph.out_degree(p, weight="weight"),
              "cited_by": graph.in_degree(p, weight="weight"), "self_citations": own.get(p, 0),
              "community": index.get(p)} for p in sorted(graph)]
    nodes.sort(key=lambda n: (-n["cited_by"], n["publisher"]))
    return PublisherNetwork(
        since=since, until=until, nodes=nodes,
        edges=[{"from": a, "to": b, **d} for a, b, d in
               sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))],
        communities=[{"community": i, "publishers": m} for i, m in enumerate(parts)],
        circular_clusters=_circular(graph),
        notes=["Citations within one publisher are counted apart (self_citations)."])
