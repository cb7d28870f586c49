"""Claims about an organisation or region, with filters, sorting and pagination.

A claim is "about" an entity when it mentions it or names it as subject or object of a
relationship claim; for a region, claims about any region inside it count too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.stores.base import ClaimQuery, GraphStore
from queries.entities import EntityRef, descendant_regions, resolve_entity
from queries.evidence import Evidence, load_evidence
from queries.results import Answer

MAX_PAGE = 500
SORT_FIELDS = ("published", "report_id", "hedged", "sourced")


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
        return self.keeps_fields(item.published, item.publisher, item.hedged, item.sourced)

    def keeps_fields(self, published: str | None, publisher: str | None, hedged: bool,
                     sourced: bool) -> bool:
        """The same test on bare fields, before any evidence record is built."""
        date = (published or "")[:10]
        checks = (
            self.since is None or (bool(date) and date >= self.since[:10]),
            self.until is None or (bool(date) and date <= self.until[:10]),
            self.publisher is None or (publisher or "").lower() == self.publisher.lower(),
            self.hedged is None or hedged == self.hedged,
            self.sourced is None or sourced == self.sourced,
        )
        return all(checks)


@dataclass
class ClaimsPage(Answer):
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
    """Claims about an entity (and, for a region, the regions inside it), filtered and paged.

    Filtering, sorting and paging run in the store (its claim index, or one Cypher
    statement); the full evidence is loaded only for the page shown, so a country with
    thousands of claims stays fast.
    """
    wanted = filters or ClaimFilter()
    entity, scope = _scope(store, about)
    within = tuple(_scope(store, wanted.region)[1]) if wanted.region else None
    page = store.claim_page(ClaimQuery(
        entities=tuple(scope), within=within, since=wanted.since, until=wanted.until,
        publisher=wanted.publisher, hedged=wanted.hedged, sourced=wanted.sourced,
        newest_first=newest_first, limit=min(limit, MAX_PAGE), offset=offset))
    evidence = load_evidence(store, [cid for cid, _ in page.claims])
    return ClaimsPage(
        entity=entity.__dict__, total=page.total, offset=offset, limit=limit,
        claims=[{**evidence[c].to_dict(), "entities": linked} for c, linked in page.claims if c in evidence],
    )
