"""Claims about an organisation or region, with filters, sorting and pagination.

A claim is "about" an entity when it mentions it or names it as subject or object of a
relationship claim; for a region, claims about any region inside it count too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.stores.base import GraphStore
from queries.entities import EntityRef, claims_linking, descendant_regions, resolve_entity
from queries.evidence import Evidence, load_evidence

MAX_PAGE = 500


@dataclass(frozen=True)
class ClaimFilter:
    """What to keep: date range (ISO dates, inclusive), publisher, hedged, sourced, region."""

    since: str | None = None
    until: str | None = None
    publisher: str | None = None
    hedged: bool | None = None
    sourced: bool | None = None
    region: str | None = None

    def keeps(self, item: Evidence) -> bool:
        """True when the evidence record passes every filter that is set."""
        date = (item.published or "")[:10]
        checks = (
            self.since is None or (bool(date) and date >= self.since[:10]),
            self.until is None or (bool(date) and date <= self.until[:10]),
            self.publisher is None or (item.publisher or "").lower() == self.publisher.lower(),
            self.hedged is None or item.hedged == self.hedged,
            self.sourced is None or item.sourced == self.sourced,
        )
        return all(checks)


@dataclass
class ClaimsPage:
    """One page of claims and how many there are in all."""

    entity: dict[str, Any]
    total: int
    offset: int
    limit: int
    claims: list[dict[str, Any]] = field(default_factory=list)


def _scope(store: GraphStore, key: str) -> tuple[EntityRef, list[str]]:
    node = resolve_entity(store, key)
    ids = descendant_regions(store, node.id) if node.label == "Region" else [node.id]
    return EntityRef.of(node), ids


def claims_about(store: GraphStore, about: str, filters: ClaimFilter | None = None,
                 limit: int = 50, offset: int = 0, newest_first: bool = True) -> ClaimsPage:
    """Claims about an entity (and, for a region, the regions inside it), filtered and paged."""
    wanted = filters or ClaimFilter()
    entity, scope = _scope(store, about)
    linked = claims_linking(store, scope)
    if wanted.region:
        _, region_scope = _scope(store, wanted.region)
        in_region = claims_linking(store, region_scope)
        linked = {cid: ents for cid, ents in linked.items() if cid in in_region}
    records = [e for e in load_evidence(store, linked).values() if wanted.keeps(e)]
    records.sort(key=lambda e: (e.published or "", e.claim_id), reverse=newest_first)
    page = records[offset:offset + min(limit, MAX_PAGE)]
    return ClaimsPage(
        entity=entity.__dict__, total=len(records), offset=offset, limit=limit,
        claims=[{**e.to_dict(), "entities": sorted(linked[e.claim_id])} for e in page],
    )
