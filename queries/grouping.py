"""Independent origins: the chains of several claims, with copies of one origin merged.

Each claim's source chain ends in one or more origins. Origins in reports that
republish one another (wire copy and its reprints) are one origin. The number of
groups left is the number of **independent origins**: five outlets repeating one wire
story count once; a report citing two unrelated sources adds nothing new of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.stores.base import GraphStore
from queries.chain import source_chain


class UnionFind:
    """Merge items that must count as one."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        """The representative of the item's group."""
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        """Put two items in one group (the smaller key represents it, for stable output)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class OriginGroup:
    """Origins that count as one, and the claims whose chains end there."""

    origins: list[dict[str, Any]] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)


def origin_groups(store: GraphStore, claim_ids: Sequence[str]) -> list[OriginGroup]:
    """Group the claims' origins into independent ones (sorted for stable answers)."""
    origins_of: dict[str, list[dict[str, Any]]] = {}
    merged = UnionFind()
    for cid in claim_ids:
        chain = source_chain(store, cid)
        origins_of[cid] = [{"type": o.type, "report_id": o.report_id, "claim_id": o.claim_id}
                           for o in chain.origins]
        for origin in origins_of[cid]:
            merged.find(origin["report_id"])
    for edge in store.edges(sorted(merged.parent), ["REPUBLISHES"], "both"):
        merged.union(edge.source, edge.target)
    groups: dict[str, OriginGroup] = {}
    for cid in claim_ids:
        for origin in origins_of[cid]:
            group = groups.setdefault(merged.find(origin["report_id"]), OriginGroup())
            if origin not in group.origins:
                group.origins.append(origin)
            if cid not in group.claim_ids:
                group.claim_ids.append(cid)
    return [groups[k] for k in sorted(groups)]
