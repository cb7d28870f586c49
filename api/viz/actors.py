"""The aggregated actor view: entities joined by weighted links, claims only on expansion.

Instead of drawing every claim as a node (a hairball on real data), the view draws the
actor network: one node per organisation (or region), one link per pair of entities,
its width the number of claims behind it. Size is PageRank centrality, colour the
Louvain community; clicking a link or an entity lists its claims with their quotes.
Above the label limit only the most central entities are labelled and each entity
keeps its strongest links, and the layout never lets nodes or labels overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx
import yaml

from api.viz.drawing import NODE_CAP, DrawEdge, DrawNode, View, caption
from api.viz.evidence import claim_record
from api.viz.layout import Box, node_box, readable_layout
from graph.model import Node, digest
from graph.stores.base import GraphStore
from queries.analysis.measures import (
    CLAIMS_KEY,
    Measures,
    Weight,
    analyse,
    find_entity,
    stored_ego_network,
    to_graph,
)
from queries.analysis.network import ActorEdge, ActorNetwork, NetworkFilter, actor_network
from queries.entities import resolve_entity

LINK = "link"


@dataclass(frozen=True)
class ActorStyle:
    """The drawing choices of ``actor_view.yaml``."""

    palette: tuple[str, ...]
    other: str
    relation_edge: str
    co_mention_edge: str
    node_size: tuple[float, float]
    edge_width: tuple[float, float]
    font_size: int
    font_size_when_large: int
    label_chars: int
    label_all_up_to: int
    labels_when_large: int
    edges_per_node_when_large: int
    evidence_per_edge: int
    evidence_per_node: int
    layout_seed: int
    layout_gap: float
    legend_communities: int

    def community_color(self, number: int | None) -> str:
        """The colour of a community (the shared one past the palette)."""
        return self.palette[number] if number is not None and number < len(self.palette) else self.other


@lru_cache(maxsize=1)
def actor_style() -> ActorStyle:
    """The packaged drawing choices."""
    raw = yaml.safe_load(resources.files("api.viz").joinpath("actor_view.yaml").read_text(encoding="utf-8"))
    raw["palette"] = tuple(raw["palette"])
    raw["node_size"] = (raw["node_size"]["min"], raw["node_size"]["max"])
    raw["edge_width"] = (raw["edge_width"]["min"], raw["edge_width"]["max"])
    return ActorStyle(**raw)


def _scaled(value: float, top: float, bounds: tuple[float, float]) -> float:
    """``value`` of ``top`` mapped onto ``bounds`` by its square root (areas, not radii)."""
    low, high = bounds
    return round(low + (high - low) * math.sqrt(value / top), 1) if top > 0 else low


def _kept(rows: list[dict[str, Any]], focus: str | None, cap: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The most central entities up to the cap (the focus always), and a note when cut."""
    if len(rows) <= cap:
        return rows, []
    room = cap - (focus is not None)
    kept = [r for r in rows if r["id"] == focus] + [r for r in rows if r["id"] != focus][:room]
    note = (f"Drawing the {len(kept)} most central of {len(rows)} entities (PageRank); narrow the "
            "filters or pick an entity to see the rest.")
    return kept, [note]


def _strongest(graph: nx.Graph, per_node: int) -> nx.Graph:
    """Each entity's strongest links only (a link stays when either end keeps it)."""
    keep: set[tuple[str, str]] = set()
    for node in graph:
        ranked = sorted(graph[node].items(), key=lambda item: (-item[1]["weight"], item[0]))
        keep.update((min(node, other), max(node, other)) for other, _ in ranked[:per_node])
    strongest = nx.Graph()
    strongest.add_nodes_from(graph.nodes(data=True))
    strongest.add_edges_from((a, b, graph.edges[a, b]) for a, b in sorted(keep))
    return strongest


class _ActorDrawing:
    """Turns the measured network into drawn nodes and links, with their evidence."""

    def __init__(self, store: GraphStore, network: ActorNetwork, result: Measures, style: ActorStyle):
        self.store = store
        self.network = network
        self.style = style
        self.rows = {r["id"]: r for r in result.nodes}
        self.top_rank = max((r["pagerank"] for r in result.nodes), default=0.0)
        self.between: dict[frozenset[str], list[ActorEdge]] = {}
        for edge in network.edges.values():
            self.between.setdefault(frozenset((edge.source, edge.target)), []).append(edge)

    def evidence(self, claim_sets: list[list[str]]) -> dict[str, dict[str, Any]]:
        """Claim records (quote, context, report) for the claims the panels list."""
        wanted = sorted({c for claims in claim_sets for c in claims})
        claims: dict[str, Node] = self.store.get_nodes(wanted)
        reports = self.store.get_nodes(sorted({c.props["report_id"] for c in claims.values()}))
        return {cid: claim_record(c, reports.get(c.props["report_id"])) for cid, c in claims.items()}

    def newest(self, claims: set[str], count: int) -> list[str]:
        """The newest claims of a set (the panel says how many there are in all)."""
        return sorted(claims, key=lambda c: (self.network.claims[c].published, c), reverse=True)[:count]

    def node(self, entity_id: str, labelled: bool, records: dict[str, dict[str, Any]],
             listed: list[str], position: tuple[float, float], size: float, font: int) -> DrawNode:
        row = self.rows[entity_id]
        counts = row["evidence"]
        fields = {"claims": counts["claims"], "reports": counts["reports"],
                  "independent origins": counts["independent_origins"],
                  "PageRank": row["pagerank"], "betweenness": row["betweenness"], "links": row["degree"],
                  "community": row["community"], "first": counts["first"], "last": counts["last"]}
        x, y = position
        drawn = DrawNode(entity_id, row["label"], caption(row["name"], self.style.label_chars),
                         fields={k: v for k, v in fields.items() if v is not None},
                         evidence=[records[c] for c in listed if c in records], show_caption=labelled)
        drawn.style = {"x": x, "y": y, "size": size, "fixed": True,
                       "font": {"size": font},
                       "color": {"background": self.style.community_color(row["community"]),
                                 "border": "#333333"}}
        return drawn

    def link(self, a: str, b: str, data: dict[str, Any], top_claims: float,
             records: dict[str, dict[str, Any]], listed: list[str]) -> DrawEdge:
        between = self.between[frozenset((a, b))]
        relations = [e for e in between if e.directed]
        source, target = (b, a) if relations and all(e.source == b for e in relations) else (a, b)
        counts = self.network.summary(data[CLAIMS_KEY])
        predicates = {e.predicate: len(e.claims) for e in sorted(between, key=lambda e: e.predicate)}
        fields = {"between": f"{self.network.name(a)} and {self.network.name(b)}",
                  "predicates": ", ".join(f"{p} ({n})" for p, n in predicates.items()),
                  **{k.replace("_", " "): v for k, v in counts.items() if v is not None}}
        width = _scaled(counts["claims"], top_claims, self.style.edge_width)
        edge = DrawEdge(f"link:{digest(a, b)}", LINK, source, target,
                        caption(relations[0].predicate, 24) if relations else "", fields=fields,
                        evidence=[records[c] for c in listed if c in records])
        color = self.style.relation_edge if relations else self.style.co_mention_edge
        edge.style = {"width": width, "dashes": False, "smooth": False,
                      "color": {"color": color, "highlight": "#000000", "hover": "#000000"},
                      "arrows": {"to": {"enabled": bool(relations)}}}
        return edge


def _legend(result: Measures, style: ActorStyle) -> list[dict[str, str]]:
    entries = []
    for community in result.communities[:style.legend_communities]:
        names = ", ".join(m["name"] for m in community["members"][:3])
        more = f" +{community['size'] - 3}" if community["size"] > 3 else ""
        entries.append({"kind": "role", "name": f"community {community['community']}: {names}{more}",
                        "color": style.community_color(community["community"]), "shape": "dot"})
    rest = len(result.communities) - style.legend_communities
    if rest > 0:
        entries.append({"kind": "role", "name": f"{rest} more communities (click an entity for its number)",
                        "color": style.other, "shape": "dot"})
    entries += [{"kind": "edge", "name": "relationship claim (arrow: subject to object)",
                 "color": style.relation_edge, "shape": "line"},
                {"kind": "edge", "name": "named together (co-mentioned)", "color": style.co_mention_edge,
                 "shape": "line"}]
    return entries


def _notes(network: ActorNetwork, result: Measures, weight: Weight) -> list[str]:
    return [*network.notes, *[n for n in result.notes if n not in network.notes],
            f"Size: PageRank centrality (links weighed by {weight.replace('_', ' ')}); colour: community "
            "(Louvain); line width: the claims behind a link. Click an entity or a link for its claims."]


def _title(network: ActorNetwork, focus: str | None, radius: int) -> str:
    if focus is None:
        return "Actor network"
    return f"Actor network around {network.name(focus)} ({radius} link{'s' if radius > 1 else ''} away)"


def actor_view(store: GraphStore, key: str | None = None, filters: NetworkFilter | None = None,
               radius: int = 1, weight: Weight = "claims", cap: int = NODE_CAP,
               about: bool = False) -> View:
    """The actor network (or an entity's ego network) as a readable, measured picture.

    With ``about``, the network of the claims that name the entity: read from its own
    claims only, so the page of a group in a million-claim store costs its claims.
    """
    style = actor_style()
    focus = resolve_entity(store, key).id if key else None
    if focus is not None and about:
        network = actor_network(store, filters, about=focus)
        find_entity(network, focus)  # NotFoundError when its claims link it to nobody
        network.notes.append(f"The links are what the claims naming {network.name(focus)} say.")
    elif focus is not None:
        network = stored_ego_network(store, focus, radius, filters)
    else:
        network = actor_network(store, filters)
    result = analyse(network, weight)
    rows, cut = _kept(result.nodes, focus, cap)
    graph = to_graph(network.restrict(entities={r["id"] for r in rows}), weight)
    graph.add_nodes_from((r["id"], {"name": r["name"], "label": r["label"]}) for r in rows
                         if r["id"] not in graph)  # kept, but linked only to entities left out
    large = graph.number_of_nodes() > style.label_all_up_to
    if large:
        graph = _strongest(graph, style.edges_per_node_when_large)
    view = View("actors", _title(network, focus, radius), focus,
                notes=[*_notes(network, result, weight), *cut])
    _draw(view, _ActorDrawing(store, network, result, style), graph, large)
    if large:
        view.notes.append(f"Only the {style.labels_when_large} most central entities are labelled, and "
                          f"each entity shows its {style.edges_per_node_when_large} strongest links.")
    view.total_nodes = len(result.nodes)
    view.legend = _legend(result, style)
    return view


def _draw(view: View, drawing: _ActorDrawing, graph: nx.Graph, large: bool) -> None:
    """Place, size and label the entities, then add the links, with their evidence."""
    style = drawing.style
    order = sorted(graph, key=lambda n: (-drawing.rows[n]["pagerank"], n))
    labelled = set(order[:style.labels_when_large] if large else order)
    labelled |= {view.focus} if view.focus else set()
    sizes = {n: _scaled(drawing.rows[n]["pagerank"], drawing.top_rank, style.node_size) for n in order}
    font = style.font_size_when_large if large else style.font_size
    boxes = {n: _box(sizes[n], drawing.rows[n]["name"] if n in labelled else "", style, font) for n in order}
    positions = readable_layout(graph, boxes, style.layout_seed, style.layout_gap, order)
    node_claims = {n: drawing.newest(set().union(*(graph.edges[n, o][CLAIMS_KEY] for o in graph[n])),
                                     style.evidence_per_node) for n in order}
    edge_claims = {(a, b): drawing.newest(d[CLAIMS_KEY], style.evidence_per_edge)
                   for a, b, d in graph.edges(data=True)}
    records = drawing.evidence([*node_claims.values(), *edge_claims.values()])
    for n in order:
        view.add_node(drawing.node(n, n in labelled, records, node_claims[n], positions[n], sizes[n], font))
    top_claims = max((len(d[CLAIMS_KEY]) for _, _, d in graph.edges(data=True)), default=0)
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        view.add_edge(drawing.link(a, b, data, top_claims, records, edge_claims[(a, b)]))


def _box(size: float, name: str, style: ActorStyle, font: int) -> Box:
    label = caption(name, style.label_chars) if name else ""
    return node_box(size, len(label) * font * 0.62, font * 1.3)
