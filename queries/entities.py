"""Entities: finding them by id or name, the region hierarchy, profiles and timelines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.exporters.selection import Selection
from graph.model import Node
from graph.stores.base import GraphStore
from queries.chain import NotFoundError
from queries.ids import AmbiguousIdError, resolve_id
from queries.results import Answer

ENTITY_LABELS = ("Organisation", "Region", "Person")
CLAIM_LINKS = ("MENTIONS", "SUBJECT", "OBJECT")
MAX_HIERARCHY_DEPTH = 6
CO_MENTIONED = 15   # entities a profile lists as mentioned beside it


@dataclass(frozen=True)
class EntityRef:
    """An entity as answers show it."""

    id: str
    name: str
    label: str

    @classmethod
    def of(cls, node: Node) -> EntityRef:
        """From a node."""
        return cls(node.id, str(node.props.get("name", node.id)), node.label)


def resolve_entity(store: GraphStore, key: str) -> Node:
    """An entity by id, exact name or alias (case-insensitive), else by a unique beginning
    of its id (``al-qa`` for ``org:al-qaeda``); NotFoundError otherwise."""
    node = store.get_nodes([key]).get(key)
    if node is not None and node.label in ENTITY_LABELS:
        return node
    wanted = key.strip().lower()
    for hit in store.search(key, list(ENTITY_LABELS), limit=200):
        names = [hit.node.props.get("name", ""), *hit.node.props.get("aliases", [])]
        if any(str(n).lower() == wanted for n in names):
            return hit.node
    try:
        found = resolve_id(store, key, ENTITY_LABELS, "organisation, region or person")
    except AmbiguousIdError:
        raise
    except NotFoundError:
        raise NotFoundError(f"no organisation, region or person named {key!r}") from None
    return store.get_nodes([found])[found]


def descendant_regions(store: GraphStore, region_id: str) -> list[str]:
    """The region and every region inside it (Kunar is inside Afghanistan)."""
    found = [region_id]
    frontier = [region_id]
    for _ in range(MAX_HIERARCHY_DEPTH):
        children = [e.source for e in store.edges(frontier, ["PART_OF"], "in") if e.source not in found]
        if not children:
            break
        found.extend(children)
        frontier = children
    return found


def ancestor_regions(store: GraphStore, region_id: str) -> list[Node]:
    """The regions a region is part of, nearest first."""
    chain: list[Node] = []
    frontier = [region_id]
    for _ in range(MAX_HIERARCHY_DEPTH):
        parents = [e.target for e in store.edges(frontier, ["PART_OF"], "out")]
        nodes = store.get_nodes(parents)
        new = [nodes[p] for p in parents if p in nodes and nodes[p] not in chain]
        if not new:
            break
        chain.extend(new)
        frontier = [n.id for n in new]
    return chain


def claims_linking(store: GraphStore, entity_ids: list[str]) -> dict[str, set[str]]:
    """Claim id -> the given entities it mentions or relates (one call)."""
    linked: dict[str, set[str]] = {}
    for edge in store.edges(entity_ids, list(CLAIM_LINKS), "in", fields=()):
        linked.setdefault(edge.source, set()).add(edge.target)
    return linked


@dataclass
class Profile(Answer):
    """Who or what an entity is, how much is said of it, with whom and where."""

    entity: dict[str, Any]
    part_of: list[dict[str, Any]]
    contains: list[str]
    claim_count: int
    report_count: int
    hedged_claim_count: int
    co_mentioned: list[dict[str, Any]]
    timeline: list[dict[str, Any]]


def entity_profile(store: GraphStore, key: str) -> Profile:
    """Who or what an entity is, how often it is mentioned, with whom, and where it sits.

    The counts come from the store (``claim_summary``): no claim is read, so a country
    with tens of thousands of claims costs about what a small group does.
    """
    node = resolve_entity(store, key)
    scope = descendant_regions(store, node.id) if node.label == "Region" else [node.id]
    summary = store.claim_summary(scope, CO_MENTIONED)
    names = store.get_nodes([eid for eid, _ in summary.co_mentioned], ("name",))
    return Profile(
        entity=node.to_dict(),
        part_of=[EntityRef.of(n).__dict__ for n in ancestor_regions(store, node.id)],
        contains=scope[1:],
        claim_count=summary.claims,
        report_count=summary.reports,
        hedged_claim_count=summary.hedged,
        co_mentioned=[{**EntityRef.of(names[eid]).__dict__, "claims": count}
                      for eid, count in summary.co_mentioned if eid in names],
        timeline=[{"month": m, "claims": summary.months[m]} for m in sorted(summary.months)],
    )


def timeline(claims: Any) -> list[dict[str, Any]]:
    """Claims per month, oldest first; undated claims are counted apart."""
    months = Counter(str(c.props.get("published") or "undated")[:7] for c in claims)
    return [{"month": m, "claims": months[m]} for m in sorted(months)]


def resolved_selection(store: GraphStore, selection: Selection) -> Selection:
    """The export selection with the full id of what it names: an entity by id, name or
    alias, a claim or report by short id or unique prefix (NotFoundError otherwise).
    The CLI and the API take a selection the same way through this."""
    if selection.id is None:
        return selection
    if selection.kind == "entity":
        return Selection("entity", resolve_entity(store, selection.id).id)
    label = "Claim" if selection.kind == "claim" else "Report"
    return Selection(selection.kind, resolve_id(store, selection.id, [label], label.lower()))
