"""The one store interface. Queries, loaders and the API talk only to this.

It is deliberately small: write a report's batch atomically, read nodes by id, find
nodes by label and property, follow edges, expand a subgraph, search text, count,
delete a report. Both adapters (embedded SQLite, Neo4j) implement it and the
conformance suite in ``tests/stores`` holds them to identical answers.

The rules of writing and deleting (replace on re-ingest, shared nodes created only
when missing, a deleted but cited report demoted to a stub, the delete cascade) live
here, once: :class:`PreparedBatch` says what a batch writes and :func:`delete_report_with`
how a report goes, over a handful of primitive operations an adapter provides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from graph.errors import ServiceError
from graph.model import Direction, Edge, GraphBatch, Node, Subgraph
from graph.schema import SCHEMA, SchemaError

MAX_EXPAND_NODES = 5000
STUB_KEEPS = ("title", "url", "publisher", "doi")  # what a deleted but still-cited report keeps
HIERARCHY = "PART_OF"   # edges that never keep a shared node alive on their own
ALWAYS_KEPT = ("Claim", "Ingestion")  # labels the delete cascade never removes as unsupported
_TOKEN = re.compile(r"\w+", re.UNICODE)


class StoreError(ServiceError, RuntimeError):
    """The store cannot be opened or written (unreachable, wrong password, corrupt)."""


@dataclass(frozen=True)
class SearchHit:
    """A node that matched a text search, with the property that matched."""

    node: Node
    field: str


def search_tokens(text: str) -> list[str]:
    """Lower-case word tokens; both adapters tokenise queries and stored text this way.
    ASCII text is lower-cased once and then split (the same tokens: lower-casing ASCII
    never joins or splits a word); other text token by token, where lower-casing can."""
    if text.isascii():
        return _TOKEN.findall(text.lower())
    return [t.lower() for t in _TOKEN.findall(text)]


def capped(ids: Iterable[str], cap: int) -> list[str] | None:
    """A posting list in id order, or None when it holds more than ``cap`` ids (the
    look-ups ask for ``cap + 1``: a word or entity that common names a topic)."""
    found = sorted(ids)
    return None if len(found) > cap else found


def searchable_fields(label: str) -> tuple[str, ...]:
    """The properties of a label that text search looks at (declared in the schema)."""
    return SCHEMA.node(label).search


def matched_field(node: Node, words: Sequence[str]) -> str:
    """The first searchable field holding any query word: what a search hit shows."""
    wanted = set(words)
    for name in searchable_fields(node.label):
        value = node.props.get(name)
        texts = value if isinstance(value, list) else [value]
        if wanted & {w for t in texts if isinstance(t, str) for w in search_tokens(t)}:
            return name
    return searchable_fields(node.label)[0]


def empty_stats() -> dict[str, int]:
    """A stats mapping with every label and relationship type at zero."""
    counts = {label: 0 for label in SCHEMA.nodes}
    counts.update({rel: 0 for rel in SCHEMA.relationships})
    return counts


@dataclass(frozen=True)
class ClaimQuery:
    """Claims about some entities: the filters claims-about offers, and the page wanted.

    ``within`` keeps only claims also linked to one of those entities (a region scope);
    dates are ISO days, inclusive; claims are sorted by (date, id), newest first unless
    told otherwise; a claim without a date sorts as the empty string.
    """

    entities: tuple[str, ...]
    within: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None
    publisher: str | None = None
    hedged: bool | None = None
    sourced: bool | None = None
    newest_first: bool = True
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class ClaimPage:
    """How many claims match, and the page: each claim id with the entities it links to."""

    total: int
    claims: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class ClaimSummary:
    """What an entity profile counts over the claims linked to some entities, counted in
    the store (a country has tens of thousands of claims; none is read to count them).

    ``months`` maps the first seven characters of each claim's date ("2025-03"), or
    "undated", to its number of claims; ``co_mentioned`` holds the other entities the
    claims mention (MENTIONS relationships, not counting the entities asked about), most
    mentioned first, then by id, at most the limit asked for.
    """

    claims: int
    reports: int
    hedged: int
    months: dict[str, int]
    co_mentioned: list[tuple[str, int]]


ClaimLink = tuple[str, str, str]  # (MENTIONS | SUBJECT | OBJECT, entity id, predicate or "")


class ClaimLinks(NamedTuple):
    """A claim as the actor network reads it: its report, date and flags, and its links to
    entities (one per relationship; the predicate only on SUBJECT links, where a relationship
    claim's predicate is read, "" on the others). A tuple, not a dataclass: a projection of a
    million claims builds a million of them."""

    claim: str
    report_id: str
    published: str
    hedged: bool
    sourced: bool
    links: tuple[ClaimLink, ...]


class GraphStore(Protocol):
    """What every store adapter provides."""

    def write_batch(self, batch: GraphBatch) -> None:
        """Write one report's batch: all of it or nothing; replaces an earlier version."""

    def write_batches(self, batches: Iterable[GraphBatch], *, validated: bool = False) -> None:
        """Write reports in order, exactly as ``write_batch`` on each would (bulk loads).

        Each report stays all or nothing; on the first failure the reports before it
        are written and the error is raised. Stores may group reports to go faster.
        ``validated`` says the batches were validated when built (by ReportBuilder),
        so the store need not do it again.
        """

    def grouped(self) -> AbstractContextManager[None]:
        """Let the writes inside share transactions (fewer commits), each report still
        all or nothing and visible to this caller's later reads; a store may ignore it."""

    def delete_report(self, report_id: str) -> bool:
        """Delete a report and what only it supports; a cited report stays as a stub."""

    def get_nodes(self, ids: Sequence[str], fields: Sequence[str] | None = None) -> dict[str, Node]:
        """The nodes with these ids that exist (one round trip, not one per id).

        With ``fields``, only those properties are read: answers that list many claims
        need their dates and ids, not every report's full text.
        """

    def find_nodes(self, label: str, where: Mapping[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]:
        """Nodes of a label whose properties equal ``where``, ordered by id."""

    def edges(self, ids: Sequence[str], types: Sequence[str] | None = None,
              direction: Direction = "out", fields: Sequence[str] | None = None) -> list[Edge]:
        """Edges touching any of ``ids`` in ``direction``, of the given types, ordered by id
        (with only the ``fields`` named of their properties, when given)."""

    def expand(self, ids: Sequence[str], types: Sequence[str] | None = None, depth: int = 1,
               direction: Direction = "both", max_nodes: int = MAX_EXPAND_NODES) -> Subgraph:
        """The subgraph reached from ``ids`` along ``types`` within ``depth`` hops."""

    def search(self, text: str, labels: Sequence[str] | None = None,
               limit: int = 50) -> list[SearchHit]:
        """Nodes whose searchable text contains every word of ``text``, ordered by id."""

    def ids_with_prefix(self, prefix: str, limit: int = 10) -> list[str]:
        """Ids starting with ``prefix``, in id order, at most ``limit`` (an index seek):
        what lets people type a short id."""

    def stats(self) -> dict[str, int]:
        """Counts of nodes per label and relationships per type."""

    def claim_page(self, query: ClaimQuery) -> ClaimPage:
        """Claims linked (MENTIONS, SUBJECT, OBJECT) to ``query.entities``, filtered,
        sorted and paged by the store, so a country with many claims stays fast."""

    def report_claims(self, report_ids: Sequence[str]) -> dict[str, list[tuple[Node, set[str]]]]:
        """Each report's claims (MAKES), in id order, each with the ids of the entities it
        MENTIONS, in one round trip: what a chain walk compares in every report it reaches
        (reports without claims, or not stored, are left out)."""

    def claim_summary(self, entities: Sequence[str], co_limit: int = 15) -> ClaimSummary:
        """Counts over the claims linked (MENTIONS, SUBJECT, OBJECT) to ``entities``: how
        many, in how many reports, how many hedged, per month, and who else they mention."""

    def claim_links(self, labels: Sequence[str], since: str | None = None,
                    until: str | None = None) -> list[ClaimLinks]:
        """Every claim linked (MENTIONS, SUBJECT, OBJECT) to an entity of ``labels``, with
        its links to those entities, in claim id order, in one read: what projecting the
        whole store onto the actor network needs, without a node or edge object per row.

        ``since`` and ``until`` (ISO days, inclusive) keep the claims whose own date is in
        the range, as ``claim_page`` does (with either set, an undated claim is left out);
        ``published`` is the claim's own date, "" when it has none.
        """

    def close(self) -> None:
        """Release files, locks and connections."""


def expand_with(store: GraphStore, ids: Sequence[str], types: Sequence[str] | None,
                depth: int, direction: Direction, max_nodes: int) -> Subgraph:
    """Breadth-first expansion over :meth:`GraphStore.edges`, one query per hop.

    Shared by the adapters so that truncation at ``max_nodes`` picks the same nodes
    everywhere: each hop adds new nodes in id order until the cap is reached.
    """
    found = store.get_nodes(list(ids))
    sub = Subgraph(nodes=dict(found))
    frontier = sorted(found)
    for _ in range(depth):
        if not frontier:
            break
        new_ids: list[str] = []
        hop_edges = store.edges(frontier, types, direction)
        for edge in hop_edges:
            for end in (edge.source, edge.target):
                if end not in sub.nodes and end not in new_ids:
                    new_ids.append(end)
        new_ids.sort()
        room = max_nodes - len(sub.nodes)
        if len(new_ids) > room:
            new_ids, sub.truncated = new_ids[:room], True
        sub.nodes.update(store.get_nodes(new_ids))
        for edge in hop_edges:
            if edge.source in sub.nodes and edge.target in sub.nodes:
                sub.edges[edge.id] = edge
        frontier = new_ids
    return sub


# ------------------------------------------------------------ the rules of writing


@dataclass
class PreparedBatch:
    """A validated batch reduced to what a store applies, in this order.

    First the report's claims and its outgoing relationships go (replace on
    re-ingest); then owned nodes replace what is stored (later ones win within the
    batch), shared nodes are created only when missing (the first one wins, and never
    one the batch owns), and each relationship is written (its last version) when both
    ends exist.
    """

    report_id: str
    owned: dict[str, Node]
    shared: dict[str, Node]
    edges: dict[tuple[str, str, str], Edge]

    @classmethod
    def of(cls, batch: GraphBatch, *, validate: bool = True) -> PreparedBatch:
        """Reduce ``batch`` (validating it first, raising SchemaError, unless told not to)."""
        if validate:
            batch.validate()
        elif batch.report_id not in {n.id for n in batch.owned}:
            raise SchemaError(f"batch for {batch.report_id} does not contain its report")
        owned = {node.id: node for node in batch.owned}
        shared: dict[str, Node] = {}
        for node in batch.shared:
            if node.id not in owned:
                shared.setdefault(node.id, node)
        edges = {(e.source, e.target, e.id): e for e in batch.edges}
        return cls(batch.report_id, owned, shared, edges)

    def node_ids(self) -> set[str]:
        """Every node id the batch writes."""
        return self.owned.keys() | self.shared.keys()

    def loose_ends(self) -> set[str]:
        """Relationship ends the batch does not contain (their labels are in the store)."""
        return {end for key in self.edges for end in key[:2]} - self.node_ids()

    def shared_sources(self) -> set[str]:
        """Starts of relationships that leave a node this batch does not own."""
        return {source for source, _, _ in self.edges if source not in self.owned}

    def size(self) -> int:
        """Rows this batch writes."""
        return len(self.owned) + len(self.shared) + len(self.edges)


def stub_of(report: Node) -> Node:
    """What a deleted report that other reports still cite becomes."""
    keep: dict[str, Any] = {k: report.props[k] for k in STUB_KEEPS if k in report.props}
    return Node("Report", report.id, {**keep, "stub": True})


def unsupported(node: Node, edge_types: set[str]) -> bool:
    """A node the delete cascade removes: not a report with text, a claim or an
    ingestion, and touched by nothing but the region hierarchy."""
    if node.label == "Report" and not node.props.get("stub"):
        return False
    if node.label in ALWAYS_KEPT:
        return False
    return edge_types <= {HIERARCHY}


class DeletePrimitives(Protocol):
    """The basic operations, inside one transaction, that deleting a report needs."""

    def node(self, node_id: str) -> Node | None:
        """The node with this id, if any."""

    def targets(self, ids: Sequence[str], types: Sequence[str] | None = None) -> set[str]:
        """Ends of the relationships leaving ``ids`` (of ``types``, when given)."""

    def remove_nodes(self, ids: Sequence[str]) -> None:
        """Remove nodes with every relationship touching them."""

    def remove_outgoing(self, node_id: str) -> None:
        """Remove the relationships leaving a node."""

    def has_incoming(self, node_id: str) -> bool:
        """Whether any relationship still points at the node."""

    def replace_node(self, node: Node) -> None:
        """Replace a node's properties."""

    def surroundings(self, ids: Sequence[str]) -> dict[str, tuple[Node, set[str], set[str]]]:
        """For each existing id: the node, the types and the other ends of its relationships."""

    def ingestion_in_use(self, ingestion_id: str) -> bool:
        """Whether any report still names this ingestion."""


def delete_report_with(tx: DeletePrimitives, report_id: str) -> bool:
    """Delete a report and what only it supports; a cited report stays as a stub.

    Its claims and outgoing relationships go; the report itself goes unless something
    still cites it; then shared nodes left with nothing but hierarchy edges go, round
    by round, and the ingestion once no report names it.
    """
    report = tx.node(report_id)
    if report is None or report.label != "Report":
        return False
    claims = sorted(tx.targets([report_id], ["MAKES"]))
    touched = (tx.targets(claims) | tx.targets([report_id])) - {report_id}
    tx.remove_nodes(claims)
    tx.remove_outgoing(report_id)
    if tx.has_incoming(report_id):
        tx.replace_node(stub_of(report))
    else:
        tx.remove_nodes([report_id])
    _remove_unsupported(tx, touched - set(claims))
    ingestion = report.props.get("ingestion_id")
    if isinstance(ingestion, str) and not tx.ingestion_in_use(ingestion):
        tx.remove_nodes([ingestion])
    return True


def _remove_unsupported(tx: DeletePrimitives, candidates: set[str]) -> None:
    """Remove unsupported candidates; each removal puts its neighbours up for a new look."""
    pending = candidates
    while pending:
        around = tx.surroundings(sorted(pending))
        gone = [nid for nid, (node, types, _) in around.items() if unsupported(node, types)]
        tx.remove_nodes(gone)
        pending = set().union(*(around[nid][2] for nid in gone)) - set(gone)
