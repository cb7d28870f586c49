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
    """Claims about an entity (and, for a region, the regions inside it), filtered and paged.

    Filtering and sorting read only each claim's date and flags; the full evidence is
    loaded for the page shown, so a country with thousands of claims stays fast.
    """
    wanted = filters or ClaimFilter()
    entity, scope = _scope(store, about)
    linked = claims_linking(store, scope)
    if wanted.region:
        _, region_scope = _scope(store, wanted.region)
        in_region = claims_linking(store, region_scope)
        linked = {cid: ents for cid, ents in linked.items() if cid in in_region}
    kept = _filtered(store, list(linked), wanted)
    kept.sort(reverse=newest_first)
    page_ids = [cid for _, cid in kept[offset:offset + min(limit, MAX_PAGE)]]
    evidence = load_evidence(store, page_ids)
    return ClaimsPage(
        entity=entity.__dict__, total=len(kept), offset=offset, limit=limit,
        claims=[{**evidence[c].to_dict(), "entities": sorted(linked[c])} for c in page_ids if c in evidence],
    )


def _filtered(store: GraphStore, claim_ids: list[str], wanted: ClaimFilter) -> list[tuple[str, str]]:
    """(date, id) of the claims that pass the filter, reading only the fields it needs."""
    claims = store.get_nodes(claim_ids, SORT_FIELDS)
    publishers: dict[str, str | None] = {}
    if wanted.publisher is not None:
        reports = store.get_nodes(sorted({c.props["report_id"] for c in claims.values()}), ["publisher"])
        publishers = {rid: r.props.get("publisher") for rid, r in reports.items()}
    return [(str(c.props.get("published") or ""), cid) for cid, c in claims.items()
            if c.label == "Claim" and wanted.keeps_fields(
                c.props.get("published"), publishers.get(c.props["report_id"]),
                bool(c.props.get("hedged")), bool(c.props.get("sourced")))]
