"""What to export: the whole graph in bounded chunks, or one subgraph, read through GraphStore.

Every exporter (RDF, GraphML, CSV) consumes :class:`Chunk` s, so they all export the
same nodes and edges for the same selection. The whole graph is read page by page
(``find_nodes`` per label, ``edges`` over each page's ids), with a report's claims
right after their report so its text is at hand for span context; nothing holds the
whole graph at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from graph.errors import NotFound
from graph.model import Edge, Node, Subgraph
from graph.schema import SCHEMA
from graph.stores.base import GraphStore

SelectionKind = Literal["all", "claim", "entity", "report"]
CHAIN_TYPES = ("CITES", "MAKES", "REPUBLISHES")
CHAIN_DEPTH = 4
NEIGHBOURHOOD_DEPTH = 2
ENTITY_LABELS = ("Organisation", "Region", "Person")
PAGE_SIZE = 200
CLAIM_CHUNK = 500


class SelectionError(NotFound, LookupError):
    """The selected claim, entity or report is not in the store."""


@dataclass(frozen=True)
class Selection:
    """The whole graph, or the subgraph around one claim, entity or report."""

    kind: SelectionKind = "all"
    id: str | None = None

    def __post_init__(self) -> None:
        """A subgraph selection needs an id; the whole graph takes none."""
        if (self.kind == "all") != (self.id is None):
            raise ValueError("select the whole graph without an id, or a claim/entity/report by id")


WHOLE_GRAPH = Selection()


def choose_selection(claim: str | None, entity: str | None, report: str | None) -> Selection:
    """The one subgraph named (at most one of the three), or the whole graph when none is."""
    options: tuple[tuple[SelectionKind, str | None], ...] = (
        ("claim", claim), ("entity", entity), ("report", report))
    chosen = [(kind, value) for kind, value in options if value]
    if len(chosen) > 1:
        raise ValueError("choose at most one of claim, entity and report")
    if not chosen:
        return WHOLE_GRAPH
    kind, value = chosen[0]
    return Selection(kind, value)


@dataclass
class Chunk:
    """A bounded piece of the export: some nodes and the edges that start at them."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False

    def labels(self) -> dict[str, str]:
        """Node id -> label for this chunk's nodes."""
        return {n.id: n.label for n in self.nodes}


def iter_chunks(store: GraphStore, selection: Selection = WHOLE_GRAPH,
                page_size: int = PAGE_SIZE) -> Iterator[Chunk]:
    """The selection as chunks; the whole graph streams, a subgraph is one chunk.

    A subgraph is selected right away, so an unknown id raises SelectionError here,
    before a caller has written anything.
    """
    if selection.kind == "all":
        return iter_whole_graph(store, page_size)
    return iter([subgraph_chunk(select_subgraph(store, selection))])


# ------------------------------------------------------------------ whole graph


def iter_whole_graph(store: GraphStore, page_size: int = PAGE_SIZE) -> Iterator[Chunk]:
    """Every node once and every edge once (with the page holding its source node)."""
    written_claims: set[str] = set()
    for label in SCHEMA.nodes:
        if label == "Claim":
            continue
        for page in iter_pages(store, label, page_size):
            edges = store.edges([n.id for n in page], direction="out")
            yield Chunk(page, edges)
            if label == "Report":
                yield from _claims_of(store, edges, written_claims)
    yield from _claims_without_report(store, written_claims, page_size)


def iter_pages(store: GraphStore, label: str, page_size: int) -> Iterator[list[Node]]:
    """All nodes of a label, ``page_size`` at a time, in id order."""
    offset = 0
    while True:
        page = store.find_nodes(label, limit=page_size, offset=offset)
        if page:
            yield page
        if len(page) < page_size:
            return
        offset += len(page)


def _claims_of(store: GraphStore, report_edges: Sequence[Edge],
               written: set[str]) -> Iterator[Chunk]:
    claim_ids = [e.target for e in report_edges if e.type == "MAKES" and e.target not in written]
    for start in range(0, len(claim_ids), CLAIM_CHUNK):
        ids = claim_ids[start:start + CLAIM_CHUNK]
        found = store.get_nodes(ids)
        claims = [found[i] for i in ids if i in found and found[i].label == "Claim"]
        written.update(c.id for c in claims)
        yield Chunk(claims, store.edges([c.id for c in claims], direction="out"))


def _claims_without_report(store: GraphStore, written: set[str],
                           page_size: int) -> Iterator[Chunk]:
    """Claims no report MAKES (none in a healthy store; checked by count, scanned only if so)."""
    if store.stats().get("Claim", 0) <= len(written):
        return
    for page in iter_pages(store, "Claim", page_size):
        orphans = [n for n in page if n.id not in written]
        if orphans:
            yield Chunk(orphans, store.edges([n.id for n in orphans], direction="out"))


# -------------------------------------------------------------------- subgraphs


def select_subgraph(store: GraphStore, selection: Selection) -> Subgraph:
    """The subgraph a selection names, closed so that every claim comes with its report."""
    assert selection.id is not None
    node = store.get_nodes([selection.id]).get(selection.id)
    expected = {"claim": ("Claim",), "report": ("Report",), "entity": ENTITY_LABELS}[selection.kind]
    if node is None or node.label not in expected:
        raise SelectionError(f"no {selection.kind} with id {selection.id!r} in the store")
    if selection.kind == "claim":
        sub = store.expand([node.id], CHAIN_TYPES, depth=CHAIN_DEPTH, direction="both")
    elif selection.kind == "entity":
        sub = store.expand([node.id], None, depth=NEIGHBOURHOOD_DEPTH, direction="both")
    else:
        sub = report_subgraph(store, node)
    close_subgraph(store, sub)
    return sub


def report_subgraph(store: GraphStore, report: Node) -> Subgraph:
    """One report: its claims, the edges out of it and them, and the nodes those reach."""
    sub = Subgraph(nodes={report.id: report})
    report_edges = store.edges([report.id], direction="out")
    claims = [e.target for e in report_edges if e.type == "MAKES"]
    edges = [*report_edges, *store.edges(claims, direction="out")]
    ends = {e.target for e in edges} | {e.source for e in edges}
    sub.nodes.update(store.get_nodes(sorted(ends)))
    sub.edges.update({e.id: e for e in edges if e.source in sub.nodes and e.target in sub.nodes})
    return sub


def close_subgraph(store: GraphStore, sub: Subgraph) -> None:
    """Add each claim's report (and MAKES edge) and the ingestions the nodes name."""
    claims = [n for n in sub.nodes.values() if n.label == "Claim"]
    reports = {str(c.props["report_id"]) for c in claims if c.props.get("report_id")}
    sub.nodes.update(store.get_nodes(sorted(reports - set(sub.nodes))))
    for edge in store.edges([c.id for c in claims], types=["MAKES"], direction="in"):
        if edge.source in sub.nodes:
            sub.edges[edge.id] = edge
    ingestions = {str(n.props["ingestion_id"]) for n in sub.nodes.values()
                  if n.props.get("ingestion_id")}
    ingestions |= {str(e.props["ingestion_id"]) for e in sub.edges.values()
                   if e.props.get("ingestion_id")}
    sub.nodes.update(store.get_nodes(sorted(ingestions - set(sub.nodes))))


def subgraph_chunk(sub: Subgraph) -> Chunk:
    """A subgraph as one chunk, in id order so exports are reproducible."""
    return Chunk([sub.nodes[k] for k in sorted(sub.nodes)],
                 [sub.edges[k] for k in sorted(sub.edges)], sub.truncated)
