"""The pictures: a claim's source chain, an entity's neighbourhood, a report's citations.

Each function asks the named queries (queries/) for the answer, then shapes it into a
:class:`~api.viz.drawing.View` whose every node and edge carries its evidence. Report
nodes (with their text) are fetched once per view, so spans can be shown in context.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.viz.actors import actor_view
from api.viz.drawing import NODE_CAP, DrawEdge, DrawNode, View, caption
from api.viz.evidence import claim_record, edge_record, report_fields, span_record
from api.viz.overflow import limit_view
from graph.model import Edge, Node, Subgraph, digest
from graph.schema import SCHEMA
from graph.stores.base import GraphStore
from queries.analysis.network import NetworkFilter
from queries.chain import MAX_DEPTH, MAX_PATHS, ChainPath, ChainResult, Hop, NotFoundError, source_chain
from queries.claims import ClaimFilter
from queries.entities import resolve_entity
from queries.evidence import copies_of, publisher_and_date
from queries.explore import neighbourhood

FETCH_LIMIT = 2000
EVIDENCE_PER_NODE = 20
ENTITY_FIELDS = ("aliases", "kind", "level", "iso", "wikidata", "resolved", "anonymous")
ORIGIN_ROLES = {"primary": "origin", "dangling": "dangling", "truncated": "truncated", "circular": "circular"}


def _reports(store: GraphStore, ids: Iterable[str]) -> dict[str, Node]:
    """Report nodes with their text, in one store call."""
    return store.get_nodes(sorted({i for i in ids if i}))


def _report_caption(props: dict[str, Any], report_id: str) -> str:
    return caption(props.get("title") or props.get("url") or report_id)


def _entity_node(node: Node) -> DrawNode:
    fields = {k: node.props[k] for k in ENTITY_FIELDS if node.props.get(k) not in (None, [], "")}
    return DrawNode(node.id, node.label, caption(node.props.get("name") or node.id), fields=fields)


def draw_node(node: Node, reports: dict[str, Node]) -> DrawNode:
    """A stored node as drawn, with the evidence it carries itself (claims)."""
    props = node.props
    if node.label == "Claim":
        report = reports.get(props["report_id"])
        return DrawNode(node.id, "Claim", caption(props.get("text")),
                        fields={"hedged": bool(props.get("hedged")), "sourced": bool(props.get("sourced"))},
                        evidence=[claim_record(node, report)])
    if node.label == "Report":
        record = report_fields(node, node.id)
        fields = {"publisher": record["publisher"], "published": record["published"],
                  "url": record["url_text"], "stub": record["stub"] or None}
        fields = {k: v for k, v in fields.items() if v not in (None, "")}
        fields.update({k: props[k] for k in ("kind", "authors") if props.get(k)})
        return DrawNode(node.id, "Report", _report_caption(props, node.id), fields=fields)
    if node.label == "Ingestion":
        return DrawNode(node.id, "Ingestion", caption(props.get("input_name") or props.get("loader")),
                        fields={k: props.get(k) for k in ("loader", "version", "time")})
    return _entity_node(node)


def draw_edge(edge: Edge, reports: dict[str, Node]) -> DrawEdge:
    """A stored edge as drawn, with its provenance as evidence."""
    record = edge_record(edge, reports.get(str(edge.props.get("report_id", ""))))
    keys = ("kind", "predicate", "surface", "cue", "basis", "target_url", "anonymous")
    caption_text = str(edge.props.get("predicate") or edge.type)
    return DrawEdge(edge.id, edge.type, edge.source, edge.target, caption(caption_text, 24),
                    fields={k: edge.props[k] for k in keys if edge.props.get(k) not in (None, "")},
                    evidence=[record] if record else [])


def _lend_edge_evidence(view: View) -> None:
    """Entities and reports show the quotes of the evidence edges that touch them."""
    for edge in view.edges.values():
        for end in (edge.target, edge.source):
            node = view.nodes[end]
            if node.label != "Claim" and len(node.evidence) < EVIDENCE_PER_NODE:
                node.evidence.extend(edge.evidence[:EVIDENCE_PER_NODE - len(node.evidence)])


def _mark_report_roles(view: View, sub: Subgraph, store: GraphStore | None) -> None:
    """Cited reports not in the graph are dangling; reports that republish are copies.

    A copy is marked even when the view stops before its original: the store is asked
    once for the REPUBLISHES edges of every drawn report.
    """
    edges = list(sub.edges.values())
    if store is not None:
        edges += store.edges([n.id for n in view.nodes.values() if n.label == "Report"],
                             ["REPUBLISHES"], "out")
    for edge in edges:
        if edge.type == "REPUBLISHES" and edge.source in view.nodes:
            view.nodes[edge.source].set_role("republished")
    for node in sub.nodes.values():
        if node.label == "Report" and node.props.get("stub") and node.id in view.nodes:
            view.nodes[node.id].set_role("dangling")


def subgraph_view(store: GraphStore | None, sub: Subgraph, *, kind: str, title: str,
                  focus: str | None, notes: Iterable[str] = (), cap: int = NODE_CAP) -> View:
    """Any stored subgraph as a view: evidence on everything, roles marked, capped.

    With a store, the reports behind the evidence are read from it (with their text, for
    context); without one, the subgraph's own report nodes serve.
    """
    claim_reports = [n.props["report_id"] for n in sub.nodes.values() if n.label == "Claim"]
    edge_reports = [str(e.props.get("report_id", "")) for e in sub.edges.values()]
    reports = {nid: n for nid, n in sub.nodes.items() if n.label == "Report"}
    if store is not None:
        reports.update(_reports(store, [*claim_reports, *edge_reports]))
    view = View(kind, title, focus, notes=list(notes))
    for node_id in sorted(sub.nodes):
        view.add_node(draw_node(sub.nodes[node_id], reports))
    for edge_id in sorted(sub.edges):
        view.add_edge(draw_edge(sub.edges[edge_id], reports))
    if focus in view.nodes:
        view.nodes[focus].set_role("focus")
    _mark_report_roles(view, sub, store)
    _lend_edge_evidence(view)
    if sub.truncated:
        view.notes.append(f"The store stopped collecting at {len(sub.nodes)} nodes: "
                          "there are more around this node than are listed here.")
    limit_view(view, cap)
    return view


# ------------------------------------------------------------------ source chain

def _source_caption(report: dict[str, Any]) -> str:
    """In a chain, who said it and when tells the story better than the (similar) wording."""
    who = report.get("publisher") or report.get("title") or report.get("id")
    when = str(report.get("published") or "")[:10]
    return caption(f"{who} · {when}" if when else who)


class _ChainDrawing:
    """Lays the paths of a source chain out level by level: the claim on top, origins below."""

    def __init__(self, view: View, claims: dict[str, Node], reports: dict[str, Node]):
        self.view = view
        self.claims = claims
        self.reports = reports

    def hop_node(self, hop: Hop, level: int) -> DrawNode:
        """The matched claim in a hop's report, or the report itself when no claim matched."""
        report_id = str(hop.report["id"])
        if hop.claim is not None and hop.claim.claim_id in self.claims:
            node = draw_node(self.claims[hop.claim.claim_id], self.reports)
            node.fields["report"] = hop.report.get("title") or report_id
            node.caption = _source_caption(hop.report)
        else:
            stored = self.reports.get(report_id)
            node = draw_node(stored, self.reports) if stored else DrawNode(
                report_id, "Report", caption(hop.report.get("title") or report_id),
                fields={"stub": True})
        node.level = level
        return self.view.add_node(node)

    def hop_edge(self, source: DrawNode, target: DrawNode, hop: Hop, citing_report: str) -> DrawEdge:
        """The citation (or republication) between two hops, with the citing passage."""
        citation = hop.citation or {}
        via = hop.via or "cites"
        edge_type = "REPUBLISHES" if via == "republishes" else "CITES"
        evidence = []
        if citation.get("quote"):
            props = {**citation, "report_id": citation.get("report_id") or citing_report}
            evidence.append(span_record(props, self.reports.get(str(props["report_id"]))))
        fields = {k: citation[k] for k in ("kind", "target_url", "basis") if citation.get(k)}
        edge_id = f"chain:{digest(citation.get('edge_id', ''), source.id, target.id, via)}"
        return self.view.add_edge(DrawEdge(edge_id, edge_type, source.id, target.id, via,
                                           fields=fields, evidence=evidence))

    def add_path(self, path: ChainPath) -> None:
        """Draw one path; a circular one closes on the node where the loop began."""
        on_path: dict[str, DrawNode] = {}
        previous: DrawNode | None = None
        hops = path.hops
        for level, hop in enumerate(hops):
            report_id = str(hop.report["id"])
            closing = path.origin.type == "circular" and level == len(hops) - 1 and report_id in on_path
            node = on_path[report_id] if closing else self.hop_node(hop, level)
            if previous is not None:
                edge = self.hop_edge(previous, node, hop, str(hops[level - 1].report["id"]))
                if closing:
                    edge.role = "circular"
                if hop.via == "republishes":
                    previous.set_role("republished")
            on_path.setdefault(report_id, node)
            if closing:
                break
            previous = node
        if previous is not None:
            previous.set_role(ORIGIN_ROLES[path.origin.type], over=("republished",))
            self.add_attribution(previous, path)

    def add_attribution(self, origin: DrawNode, path: ChainPath) -> None:
        """Who an origin claim is attributed to ("officials said"), with the quote."""
        for agent in path.origin.attribution:
            agent_id = str(agent["id"])
            label = SCHEMA.label_for_prefix(agent_id) or "Person"
            self.view.add_node(DrawNode(agent_id, label, caption(agent.get("name") or agent_id),
                                        level=(origin.level or 0) + 1,
                                        fields={"anonymous": bool(agent.get("anonymous"))}))
            evidence = []
            if agent.get("quote"):
                props = {**agent, "report_id": path.origin.report_id}
                evidence.append(span_record(props, self.reports.get(path.origin.report_id)))
            self.view.add_edge(DrawEdge(f"chain:{digest('attr', origin.id, agent_id)}", "ATTRIBUTED_TO",
                                        origin.id, agent_id, "attributed to", evidence=evidence))


def _chain_notes(chain: ChainResult) -> list[str]:
    """The chain's flags and caps in words, for the page."""
    flags, notes = chain.flags, []
    origins = chain.origins
    notes.append(f"{len(chain.paths)} path(s) to {len(origins)} distinct origin(s).")
    messages = {
        "unsourced": "This claim cites nothing: it is its own origin.",
        "single_origin": "Every path leads to one single origin.",
        "circular": "Circular reporting: some citations loop back to a report already on the path.",
        "dangling": "Some cited reports are not in the graph (dangling citations).",
        "cites_later_report": "A report cites one published after it.",
        "anonymous_attribution": "An origin rests on an anonymous source.",
    }
    notes += [text for flag, text in messages.items() if flags.get(flag)]
    if chain.capped.get("depth"):
        notes.append(f"Paths were cut at depth {chain.limits['max_depth']}: the chain goes on.")
    if chain.capped.get("paths"):
        notes.append(f"Only the first {chain.limits['max_paths']} paths were followed.")
    return notes


def chain_view(store: GraphStore, claim_id: str, max_depth: int = MAX_DEPTH,
               max_paths: int = MAX_PATHS, cap: int = NODE_CAP) -> View:
    """A claim's (or report's) source chain, laid out from the claim down to its origins."""
    chain = source_chain(store, claim_id, max_depth, max_paths)
    hops = [hop for path in chain.paths for hop in path.hops]
    claims = store.get_nodes(sorted({h.claim.claim_id for h in hops if h.claim}))
    citing = [str(h.citation.get("report_id", "")) for h in hops if h.citation]
    reports = _reports(store, [*(str(h.report["id"]) for h in hops), *citing])
    start = hops[0] if hops else None
    title = f"Source chain: {caption(start.claim.quote if start and start.claim else claim_id, 80)}"
    view = View("chain", title, None, notes=_chain_notes(chain), hierarchical=True)
    drawing = _ChainDrawing(view, claims, reports)
    for path in chain.paths:
        drawing.add_path(path)
    if view.nodes:
        view.focus = next(iter(view.nodes))
        view.nodes[view.focus].role = "focus"
    _lend_edge_evidence(view)
    limit_view(view, cap)
    view.citation = citation_note(chain, copies_of(store, sorted(reports)))
    view.permalink = f"/view/chain/{chain.start}"
    return view


def citation_note(chain: ChainResult, originals: dict[str, Node]) -> str:
    """The chain as plain text to paste into a note: the claim with who published it when,
    then each path, report by report (copies named as such), and where it ends."""
    hops = [hop for path in chain.paths for hop in path.hops]
    first = hops[0] if hops else None
    lines = []
    if first is not None and first.claim is not None:
        source = _hop_source(first.report, originals)
        lines.append(f"“{first.claim.quote}” — {source} [{first.claim.claim_id}]")
    else:
        lines.append(f"Source chain of {chain.start}")
    for number, path in enumerate(chain.paths, 1):
        steps = " → ".join(_hop_source(hop.report, originals) for hop in path.hops)
        names = ", ".join(a["name"] for a in path.origin.attribution)
        ends = path.origin.type + (f", attributed to {names}" if names else "")
        lines.append(f"Path {number}: {steps} → origin: {ends}")
    lines.append(f"{len(chain.paths)} path(s), {len(chain.origins)} origin(s); traced with conflictkg.")
    return "\n".join(lines)


def _hop_source(report: dict[str, Any], originals: dict[str, Node]) -> str:
    """A report in a note: publisher and date, its URL (or id), and whose copy it is."""
    if report.get("stub"):
        return f"{report.get('title') or report.get('url') or report['id']} (cited, not in the graph)"
    text = f"{publisher_and_date(report)}, {report.get('url') or report['id']}"
    original = originals.get(str(report["id"]))
    return text + (f" (copy of {publisher_and_date(original.props)})" if original is not None else "")


# ------------------------------------------------------------------ entity and report

def filter_note(filters: ClaimFilter) -> str | None:
    """The filters in words, for the page."""
    parts = []
    if filters.since or filters.until:
        parts.append(f"published {filters.since or '…'} to {filters.until or '…'}")
    if filters.hedged is not None:
        parts.append("hedged claims only" if filters.hedged else "unhedged claims only")
    if filters.sourced is not None:
        parts.append("sourced claims only" if filters.sourced else "unsourced claims only")
    return "Filters: " + "; ".join(parts) + "." if parts else None


def entity_view(store: GraphStore, key: str, depth: int = 2, filters: ClaimFilter | None = None,
                cap: int = NODE_CAP) -> View:
    """An organisation's, region's or person's neighbourhood to a depth, claims filtered."""
    entity = resolve_entity(store, key)
    chosen = filters or ClaimFilter()
    sub = neighbourhood(store, entity.id, depth, None, chosen, FETCH_LIMIT)
    note = filter_note(chosen)
    title = f"{entity.label}: {entity.props.get('name', entity.id)} (depth {depth})"
    return subgraph_view(store, sub, kind="entity", title=title, focus=entity.id,
                         notes=[note] if note else [], cap=cap)


def entity_overview(store: GraphStore, key: str, depth: int = 2, filters: ClaimFilter | None = None,
                    radius: int | None = None, every_claim: bool = False) -> View:
    """What an entity's page draws: the aggregated actor view around an organisation or a
    region (entities and weighted links, claims in the evidence panel), because drawing
    every claim is a hairball on real data. Every claim is drawn when asked, and for a
    person or an entity linked to no other, which the actor network does not hold."""
    entity = resolve_entity(store, key)
    chosen = filters or ClaimFilter()
    if not every_claim and entity.label in ("Organisation", "Region"):
        wanted = NetworkFilter(since=chosen.since, until=chosen.until, hedged=chosen.hedged,
                               sourced=chosen.sourced, include_regions=True)
        steps = radius or max(1, depth // 2)
        try:
            view = actor_view(store, entity.id, wanted, steps, about=steps == 1)
        except NotFoundError:
            fallback = f"{entity.props.get('name', entity.id)} is linked to no other entity by these claims."
        else:
            view.notes[:0] = [n for n in [filter_note(chosen)] if n]
            view.notes.append(f"Every claim around it: /view/entity/{entity.id}?claims=true")
            return view
    else:
        fallback = None
    view = entity_view(store, entity.id, depth, chosen)
    view.notes.extend([fallback] if fallback else [])
    return view


def node_view(store: GraphStore, node_id: str, depth: int = 1, cap: int = NODE_CAP) -> View:
    """Any node's neighbourhood: what the explorer draws and expands."""
    sub = neighbourhood(store, node_id, depth, None, None, FETCH_LIMIT)
    node = sub.nodes[node_id]
    title = f"{node.label}: {draw_node(node, {}).caption}"
    return subgraph_view(store, sub, kind="node", title=title, focus=node_id, cap=cap)


def citation_network(store: GraphStore, report_id: str, depth: int = 2) -> Subgraph:
    """Reports citing and cited by a report (through their claims), ``depth`` reports away."""
    found = store.get_nodes([report_id])
    if report_id not in found or found[report_id].label != "Report":
        raise NotFoundError(f"no report with id {report_id!r}")
    sub = Subgraph(nodes=dict(found))
    frontier = [report_id]
    for _ in range(depth):
        frontier = _citation_step(store, sub, frontier)
        if len(sub.nodes) >= FETCH_LIMIT:
            sub.truncated = True
            break
    return sub


def _citation_step(store: GraphStore, sub: Subgraph, frontier: list[str]) -> list[str]:
    """One report-to-report step, both ways: who these reports cite and who cites them."""
    claims = [e.target for e in store.edges(frontier, ["MAKES"], "out")]
    out_cites = store.edges(sorted({*frontier, *claims}), ["CITES"], "out")
    in_cites = store.edges(frontier, ["CITES"], "in")
    copies = store.edges(frontier, ["REPUBLISHES"], "both")
    citing_claims = sorted({e.source for e in out_cites + in_cites if e.source not in frontier})
    owners = store.edges(citing_claims, ["MAKES"], "in")
    edges = [*out_cites, *in_cites, *copies, *owners]
    new_ids = sorted({end for e in edges for end in (e.source, e.target)} - set(sub.nodes))
    sub.nodes.update(store.get_nodes(new_ids))
    for edge in edges:
        if edge.source in sub.nodes and edge.target in sub.nodes:
            sub.edges[edge.id] = edge
    return [nid for nid in new_ids if nid in sub.nodes and sub.nodes[nid].label == "Report"]


def report_view(store: GraphStore, report_id: str, depth: int = 2, cap: int = NODE_CAP) -> View:
    """A report's citation network: what it cites, who cites it, and its copies."""
    sub = citation_network(store, report_id, depth)
    report = sub.nodes[report_id]
    title = f"Citation network: {_report_caption(report.props, report_id)}"
    notes = [f"Reports up to {depth} citation step(s) away, both ways, with the claims that cite."]
    return subgraph_view(store, sub, kind="report", title=title, focus=report_id, notes=notes, cap=cap)
