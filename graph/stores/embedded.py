"""The embedded store: a networkx graph in memory, durable on disk, atomic per report.

No server is needed, which makes it the default for a laptop and for the demo. Each
report's batch is committed as one checksummed journal record (see ``journal.py``);
writers take a file lock and first catch up with what other processes wrote, and
every read first catches up too, so a reader in another process sees either the state
before a report or after it, never half of it.
"""

from __future__ import annotations

import fcntl
import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from graph.model import Direction, Edge, GraphBatch, Node, Subgraph
from graph.schema import SCHEMA
from graph.stores import journal
from graph.stores.base import (
    MAX_EXPAND_NODES,
    STUB_KEEPS,
    SearchHit,
    StoreError,
    empty_stats,
    expand_with,
    matched_field,
    search_tokens,
    searchable_fields,
)

COMPACT_AFTER_BYTES = 64 * 1024 * 1024
HIERARCHY = "PART_OF"


class EmbeddedStore:
    """The :class:`~graph.stores.base.GraphStore` over networkx and a journal directory."""

    def __init__(self, path: str | Path, *, compact_after: int = COMPACT_AFTER_BYTES):
        """Open (creating if needed) the store directory ``path``."""
        self.root = Path(path)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store directory {self.root}: {exc}") from exc
        self.compact_after = compact_after
        self._position = journal.JournalPosition()
        self._reset()
        self._sync()

    # ----------------------------------------------------------------- loading

    def _reset(self) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_label: dict[str, set[str]] = {label: set() for label in SCHEMA.nodes}
        self._tokens: dict[str, set[str]] = {}

    def _sync(self) -> None:
        """Catch up with the files: reload on a new snapshot, else replay new records."""
        generation = journal.current_generation(self.root)
        if generation != self._position.generation:
            self._reload()
            return
        for offset, record in journal.read_records(self.root, generation, self._position.offset):
            self._apply(record)
            self._position.offset = offset

    def _reload(self) -> None:
        for _attempt in range(5):
            self._reset()
            try:
                generation, data = journal.read_snapshot(self.root)
            except (OSError, ValueError) as exc:
                raise StoreError(f"cannot read store snapshot in {self.root}: {exc}") from exc
            for label, nid, props in data["nodes"]:
                self._put_node(Node(label, nid, props))
            for rel, src, dst, eid, props in data["edges"]:
                self._put_edge(Edge(rel, src, dst, eid, props))
            self._position = journal.JournalPosition(generation, 0)
            for offset, record in journal.read_records(self.root, generation, 0):
                self._apply(record)
                self._position.offset = offset
            if journal.current_generation(self.root) == generation:
                return
        raise StoreError(f"store {self.root} kept changing while it was being read")

    # ---------------------------------------------------------------- writing

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        with (self.root / "writer.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self._sync()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _commit(self, record: dict[str, Any]) -> None:
        """Make ``record`` durable first, then apply it in memory."""
        position = self._position
        position.offset = journal.append_record(
            self.root, position.generation, position.offset, record)
        self._apply(record)
        if position.offset > self.compact_after:
            self.compact()

    def write_batch(self, batch: GraphBatch) -> None:
        """Validate, journal and apply one report's batch."""
        batch.validate()
        with self._writer_lock():
            self._commit({"op": "batch", "batch": batch.to_dict()})

    def write_batches(self, batches: Iterable[GraphBatch]) -> None:
        """Write reports one by one: each is already one journal record."""
        for batch in batches:
            self.write_batch(batch)

    def delete_report(self, report_id: str) -> bool:
        """Delete a report and what only it supports."""
        with self._writer_lock():
            if report_id not in self.graph:
                return False
            self._commit({"op": "delete_report", "report_id": report_id})
            return True

    def compact(self) -> None:
        """Fold the journal into a new snapshot (callers hold the writer lock)."""
        nodes = [[n.label, n.id, n.props] for n in self._all_nodes()]
        edges = [[e.type, e.source, e.target, e.id, e.props] for e in self._all_edges()]
        generation = self._position.generation + 1
        journal.write_snapshot(self.root, generation, nodes, edges)
        self._position = journal.JournalPosition(generation, 0)

    # ------------------------------------------------- applying records in memory

    def _apply(self, record: dict[str, Any]) -> None:
        if record["op"] == "batch":
            self._apply_batch(GraphBatch.from_dict(record["batch"]))
        elif record["op"] == "delete_report":
            self._apply_delete(record["report_id"])
        else:
            raise StoreError(f"unknown journal operation {record['op']!r} in {self.root}")

    def _apply_batch(self, batch: GraphBatch) -> None:
        self._drop_owned(batch.report_id)
        for node in batch.owned:
            self._put_node(node)
        for node in batch.shared:
            if node.id not in self.graph:
                self._put_node(node)
        for edge in batch.edges:
            if edge.source in self.graph and edge.target in self.graph:
                self._put_edge(edge)

    def _drop_owned(self, report_id: str) -> set[str]:
        """Remove a report's claims and its outgoing edges; return the nodes they touched."""
        if report_id not in self.graph:
            return set()
        touched: set[str] = set()
        claims = [dst for _, dst, rel in self.graph.out_edges(report_id, data="rel")
                  if rel == "MAKES"]
        for claim in claims:
            touched.update(self.graph.successors(claim))
            self._remove_node(claim)
        touched.update(self.graph.successors(report_id))
        for _, dst, key in list(self.graph.out_edges(report_id, keys=True)):
            self.graph.remove_edge(report_id, dst, key)
        return touched - {report_id}

    def _apply_delete(self, report_id: str) -> None:
        ingestion = self._node(report_id).props.get("ingestion_id")
        touched = self._drop_owned(report_id)
        if self.graph.in_degree(report_id):
            self._demote_to_stub(report_id)
        else:
            self._remove_node(report_id)
        self._remove_unsupported(touched)
        if ingestion and not any(n.props.get("ingestion_id") == ingestion
                                 for n in self._nodes_of("Report")):
            self._remove_node(str(ingestion))

    def _demote_to_stub(self, report_id: str) -> None:
        node = self._node(report_id)
        keep: dict[str, Any] = {k: node.props[k] for k in STUB_KEEPS if k in node.props}
        self._put_node(Node("Report", report_id, {**keep, "stub": True}))

    def _remove_unsupported(self, candidates: set[str]) -> None:
        """Remove shared nodes left with nothing but hierarchy edges, cascading upwards."""
        pending = set(candidates)
        while pending:
            nid = pending.pop()
            if nid not in self.graph or not self._unsupported(nid):
                continue
            pending.update(self.graph.successors(nid))
            pending.update(self.graph.predecessors(nid))
            self._remove_node(nid)

    def _unsupported(self, nid: str) -> bool:
        node = self._node(nid)
        if node.label == "Report" and not node.props.get("stub"):
            return False
        if node.label in ("Claim", "Ingestion"):
            return False
        edges = [*self.graph.in_edges(nid, data="rel"), *self.graph.out_edges(nid, data="rel")]
        return all(rel == HIERARCHY for _, _, rel in edges)

    def _put_node(self, node: Node) -> None:
        if node.id in self.graph:
            self._unindex(self._node(node.id))
        self.graph.add_node(node.id, node=node)
        self._by_label[node.label].add(node.id)
        for token in self._node_tokens(node):
            self._tokens.setdefault(token, set()).add(node.id)

    def _remove_node(self, nid: str) -> None:
        if nid in self.graph:
            self._unindex(self._node(nid))
            self.graph.remove_node(nid)

    def _unindex(self, node: Node) -> None:
        self._by_label[node.label].discard(node.id)
        for token in self._node_tokens(node):
            self._tokens.get(token, set()).discard(node.id)

    def _put_edge(self, edge: Edge) -> None:
        self.graph.add_edge(edge.source, edge.target, key=edge.id, rel=edge.type, edge=edge)

    @staticmethod
    def _node_tokens(node: Node) -> set[str]:
        tokens: set[str] = set()
        for field in searchable_fields(node.label):
            value = node.props.get(field)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    tokens.update(search_tokens(text))
        return tokens

    # ----------------------------------------------------------------- reading

    def _node(self, nid: str) -> Node:
        node: Node = self.graph.nodes[nid]["node"]
        return node

    def _nodes_of(self, label: str) -> list[Node]:
        return [self._node(nid) for nid in self._by_label[label]]

    def _all_nodes(self) -> list[Node]:
        return [data for _, data in self.graph.nodes(data="node")]

    def _all_edges(self) -> list[Edge]:
        return [data for _, _, data in self.graph.edges(data="edge")]

    def get_nodes(self, ids: Sequence[str], fields: Sequence[str] | None = None) -> dict[str, Node]:
        """The existing nodes among ``ids`` (only ``fields`` of their properties, if given)."""
        self._sync()
        return {nid: _copy(self._node(nid), fields) for nid in ids if nid in self.graph}

    def find_nodes(self, label: str, where: Mapping[str, Any] | None = None,
                   limit: int = 100, offset: int = 0) -> list[Node]:
        """Nodes of ``label`` whose properties equal ``where``, ordered by id."""
        self._sync()
        SCHEMA.node(label)
        conditions = dict(where or {})
        ids = self._by_label[label]
        if conditions:  # filter first, so that only the matches are sorted
            ids = {nid for nid in ids
                   if all(self._node(nid).props.get(k) == v for k, v in conditions.items())}
        page = heapq.nsmallest(offset + limit, ids)[offset:]
        return [_copy(self._node(nid)) for nid in page]

    def edges(self, ids: Sequence[str], types: Sequence[str] | None = None,
              direction: Direction = "out", fields: Sequence[str] | None = None) -> list[Edge]:
        """Edges touching ``ids`` in ``direction``, filtered by type, ordered by id."""
        self._sync()
        wanted = set(types) if types else None
        present = [nid for nid in dict.fromkeys(ids) if nid in self.graph]
        found: dict[str, Edge] = {}
        views = []
        if direction in ("out", "both"):
            views.append(self.graph.out_edges(present, data="edge"))
        if direction in ("in", "both"):
            views.append(self.graph.in_edges(present, data="edge"))
        for view in views:
            for _, _, edge in view:
                if wanted is None or edge.type in wanted:
                    found[edge.id] = edge
        return [_copy_edge(found[k], fields) for k in sorted(found)]

    def expand(self, ids: Sequence[str], types: Sequence[str] | None = None, depth: int = 1,
               direction: Direction = "both", max_nodes: int = MAX_EXPAND_NODES) -> Subgraph:
        """Breadth-first subgraph around ``ids``."""
        return expand_with(self, ids, types, depth, direction, max_nodes)

    def search(self, text: str, labels: Sequence[str] | None = None,
               limit: int = 50) -> list[SearchHit]:
        """Nodes whose searchable fields contain every word of ``text``."""
        self._sync()
        tokens = search_tokens(text)
        if not tokens:
            return []
        postings = sorted((self._tokens.get(t, set()) for t in tokens), key=len)
        ids = set(postings[0]).intersection(*postings[1:])
        allowed = set(labels) if labels else None
        hits = []
        for nid in sorted(ids):
            node = self._node(nid)
            if allowed is None or node.label in allowed:
                hits.append(SearchHit(_copy(node), matched_field(node, tokens)))
            if len(hits) >= limit:
                break
        return hits

    def stats(self) -> dict[str, int]:
        """Counts per label and per relationship type."""
        self._sync()
        counts = empty_stats()
        for label, ids in self._by_label.items():
            counts[label] = len(ids)
        for _, _, rel in self.graph.edges(data="rel"):
            counts[rel] += 1
        return counts

    def close(self) -> None:
        """Nothing is held open between calls; kept for the interface."""


def _copy(node: Node, fields: Sequence[str] | None = None) -> Node:
    """Callers get their own record, so changing it never changes the store."""
    if fields is None:
        return Node(node.label, node.id, dict(node.props))
    return Node(node.label, node.id, {k: node.props[k] for k in fields if k in node.props})


def _copy_edge(edge: Edge, fields: Sequence[str] | None = None) -> Edge:
    """As :func:`_copy`, for edges."""
    props = edge.props if fields is None else {k: edge.props[k] for k in fields if k in edge.props}
    return Edge(edge.type, edge.source, edge.target, edge.id, dict(props))
