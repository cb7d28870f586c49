"""The one store interface. Queries, loaders and the API talk only to this.

It is deliberately small: write a report's batch atomically, read nodes by id, find
nodes by label and property, follow edges, expand a subgraph, search text, count,
delete a report. Both adapters (embedded networkx, Neo4j) implement it and the
conformance suite in ``tests/stores`` holds them to identical answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graph.model import Direction, Edge, GraphBatch, Node, Subgraph
from graph.schema import SCHEMA

MAX_EXPAND_NODES = 5000
STUB_KEEPS = ("title", "url", "publisher", "doi")  # what a deleted but still-cited report keeps
_TOKEN = re.compile(r"\w+", re.UNICODE)


class StoreError(RuntimeError):
    """The store cannot be opened or written (unreachable, wrong password, corrupt)."""


@dataclass(frozen=True)
class SearchHit:
    """A node that matched a text search, with the property that matched."""

    node: Node
    field: str


def search_tokens(text: str) -> list[str]:
    """Lower-case word tokens; both adapters tokenise queries this way."""
    return [t.lower() for t in _TOKEN.findall(text)]


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


class GraphStore(Protocol):
    """What every store adapter provides."""

    def write_batch(self, batch: GraphBatch) -> None:
        """Write one report's batch: all of it or nothing; replaces an earlier version."""

    def write_batches(self, batches: Iterable[GraphBatch]) -> None:
        """Write reports in order, exactly as ``write_batch`` on each would (bulk loads).

        Each report stays all or nothing; on the first failure the reports before it
        are written and the error is raised. Stores may group reports to go faster.
        """

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

    def stats(self) -> dict[str, int]:
        """Counts of nodes per label and relationships per type."""

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
