"""Events from conflict-event datasets: listing them, and the reports that tell of them.

An event claim (``event: true``) carries its features: the organisations on either
side, the most precise place, the dates with their precision, deaths, and how many
sources the dataset names. A report's claim corroborates the event when it names
enough of the same organisations, a place on the event's line of the region hierarchy
(the place itself, a region inside it, or one it lies in), and was published within
the event's dates (widened by their precision and a reporting lag; see ``events.yaml``).
The dataset's source count is set beside the number of independent origins we find.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from graph.model import Node
from graph.stores.base import GraphStore
from queries.chain import NotFoundError
from queries.entities import ancestor_regions, claims_linking, descendant_regions, resolve_entity
from queries.grouping import origin_groups
from queries.results import Answer

MAX_PAGE = 500
EVENT_FIELDS = ("event", "text", "report_id", "dataset", "date_start", "date_end", "date_precision",
                "date_days", "actor_ids", "place_id", "deaths_best", "deaths_low", "deaths_high",
                "source_count", "event_type", "latitude", "longitude")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The matching thresholds (``queries/events.yaml``)."""
    text = resources.files("queries").joinpath("events.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@dataclass(frozen=True)
class EventFilter:
    """Which events: by organisation, region (with the regions inside it), dates, dataset."""

    actor: str | None = None
    region: str | None = None
    since: str | None = None
    until: str | None = None
    dataset: str | None = None

    def keeps(self, claim: Node) -> bool:
        """An event whose dates overlap the range and whose dataset matches."""
        props = claim.props
        start = str(props.get("date_start") or props.get("published") or "")[:10]
        end = str(props.get("date_end") or start)[:10]
        return bool(props.get("event")) and all((
            self.since is None or end >= self.since[:10],
            self.until is None or start <= self.until[:10],
            self.dataset is None or str(props.get("dataset", "")).lower() == self.dataset.lower()))


@dataclass
class EventPage(Answer):
    """One page of events, newest first, and how many match in all."""

    total: int
    offset: int
    limit: int
    events: list[dict[str, Any]]


@dataclass
class EventEvidence(Answer):
    """An event, the report claims that tell of it, and their independent origins beside
    the dataset's own count of sources."""

    event: dict[str, Any]
    corroborating: int       # a count, as in a claim's corroboration
    claims: list[dict[str, Any]]
    independent_origins: int
    dataset_source_count: int | None
    comparison: str


def list_events(store: GraphStore, wanted: EventFilter, limit: int = 50,
                offset: int = 0) -> EventPage:
    """Events matching the filter, newest first, with their sources."""
    ids = _candidates(store, wanted)
    claims = store.get_nodes(ids, EVENT_FIELDS)
    kept = sorted((c for c in claims.values() if c.label == "Claim" and wanted.keeps(c)),
                  key=lambda c: (str(c.props.get("date_start", "")), c.id), reverse=True)
    page = kept[offset:offset + min(limit, MAX_PAGE)]
    return EventPage(len(kept), offset, limit, [event_summary(store, claim) for claim in page])


def _candidates(store: GraphStore, wanted: EventFilter) -> list[str]:
    scopes = []
    if wanted.actor:
        scopes.append(set(claims_linking(store, [resolve_entity(store, wanted.actor).id])))
    if wanted.region:
        region = resolve_entity(store, wanted.region)
        scopes.append(set(claims_linking(store, descendant_regions(store, region.id))))
    if scopes:
        return sorted(set.intersection(*scopes))
    return [n.id for n in _all_events(store)]


def _all_events(store: GraphStore, page: int = 1000) -> list[Node]:
    found: list[Node] = []
    while True:
        batch = store.find_nodes("Claim", {"event": True}, limit=page, offset=len(found))
        found.extend(batch)
        if len(batch) < page:
            return found


def event_summary(store: GraphStore, claim: Node) -> dict[str, Any]:
    """An event as answers show it: features, record, sources (stubs or ingested)."""
    props = claim.props
    report = store.get_nodes([str(props["report_id"])]).get(str(props["report_id"]))
    entity_ids = [*props.get("actor_ids", []), *([props["place_id"]] if props.get("place_id") else [])]
    names = {nid: str(n.props.get("name", nid)) for nid, n in store.get_nodes(entity_ids).items()}
    return {
        "claim_id": claim.id, "text": props.get("text"),
        "dataset": props.get("dataset"), "record_id": report.props.get("record_id") if report else None,
        "report_id": props.get("report_id"),
        "license": report.props.get("license") if report else None,
        "redistribution": report.props.get("redistribution") if report else None,
        "date_start": props.get("date_start"), "date_end": props.get("date_end"),
        "date_precision": props.get("date_precision"),
        "actors": [{"id": a, "name": names.get(a, a)} for a in props.get("actor_ids", [])],
        "place": {"id": props.get("place_id"), "name": names.get(str(props.get("place_id")))}
        if props.get("place_id") else None,
        "deaths": {k: props[f"deaths_{k}"] for k in ("best", "low", "high") if f"deaths_{k}" in props},
        "source_count": props.get("source_count"),
        "sources": event_sources(store, claim.id),
    }


def event_sources(store: GraphStore, claim_id: str) -> list[dict[str, Any]]:
    """The documents and outlets the dataset names for the event, in the graph."""
    edges = store.edges([claim_id], ["CITES", "ATTRIBUTED_TO"], "out")
    nodes = store.get_nodes([e.target for e in edges],
                            ["title", "url", "publisher", "published", "stub", "name", "kind"])
    sources = []
    for edge in edges:
        node = nodes.get(edge.target)
        if node is None:
            continue
        sources.append({
            "id": node.id, "relation": edge.type, "role": edge.props.get("role") or edge.props.get("kind"),
            "name": node.props.get("title") or node.props.get("name") or node.props.get("url"),
            "url": node.props.get("url"), "publisher": node.props.get("publisher"),
            "published": node.props.get("published"),
            "ingested": node.label == "Report" and not node.props.get("stub"),
            "quote": edge.props.get("quote"), "field": edge.props.get("field"), "row": edge.props.get("row")})
    return sources


def event_corroboration(store: GraphStore, claim_id: str) -> EventEvidence:
    """Report claims that tell of the same event, and the origins they rest on."""
    claim = store.get_nodes([claim_id]).get(claim_id)
    if claim is None or claim.label != "Claim" or not claim.props.get("event"):
        raise NotFoundError(f"no event claim {claim_id!r}")
    matches = _matching_claims(store, claim)
    groups = origin_groups(store, [m["claim_id"] for m in matches]) if matches else []
    count = claim.props.get("source_count")
    return EventEvidence(
        event=event_summary(store, claim),
        corroborating=len(matches),
        claims=matches,
        independent_origins=len(groups),
        dataset_source_count=count if isinstance(count, int) else None,
        comparison=_comparison(count, len(groups)),
    )


def _comparison(count: Any, origins: int) -> str:
    if not isinstance(count, int):
        return "the dataset gives no source count"
    if origins == count:
        return "as many independent origins as the dataset's sources"
    more = "more" if origins > count else "fewer"
    return f"{more} independent origins ({origins}) than the dataset's sources ({count})"


def _matching_claims(store: GraphStore, event: Node) -> list[dict[str, Any]]:
    actors = list(event.props.get("actor_ids", []))
    if not actors:
        return []
    places = _place_line(store, event.props.get("place_id"))
    by_actor = claims_linking(store, actors)
    in_place = claims_linking(store, sorted(places)) if places else {}
    candidates = sorted(c for c in by_actor if c != event.id and (not places or c in in_place))
    nodes = store.get_nodes(candidates, ("event", "published", "report_id", "text"))
    low, high = _window(event)
    share = float(settings()["min_actor_share"])
    found = []
    for cid in candidates:
        node = nodes.get(cid)
        if node is None or node.props.get("event"):
            continue
        date = str(node.props.get("published") or "")[:10]
        named = sorted(by_actor[cid])
        if not date or not low <= date <= high or len(named) / len(actors) < share:
            continue
        found.append({"claim_id": cid, "text": node.props.get("text"),
                      "report_id": node.props.get("report_id"), "published": date,
                      "actors": named, "places": sorted(in_place.get(cid, set()))})
    return _with_publishers(store, found)


def _with_publishers(store: GraphStore, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each match with its report's publisher, so an answer can name who told of it."""
    reports = store.get_nodes(sorted({str(m["report_id"]) for m in found if m["report_id"]}), ["publisher"])
    for match in found:
        report = reports.get(str(match["report_id"]))
        match["publisher"] = report.props.get("publisher") if report else None
    return found


def _place_line(store: GraphStore, place_id: Any) -> set[str]:
    """The event's place, the regions inside it and those it lies in (not macro-regions)."""
    if not isinstance(place_id, str):
        return set()
    wide = set(settings()["too_wide_levels"])
    above = {n.id for n in ancestor_regions(store, place_id) if n.props.get("level") not in wide}
    return {place_id, *descendant_regions(store, place_id), *above}


def _window(event: Node) -> tuple[str, str]:
    """The dates a report of the event may carry."""
    props = event.props
    days = int(props.get("date_days") or 0)
    start = dt.date.fromisoformat(str(props.get("date_start") or props.get("published"))[:10])
    end = dt.date.fromisoformat(str(props.get("date_end") or start.isoformat())[:10])
    lag = int(settings()["report_lag_days"])
    return ((start - dt.timedelta(days=days)).isoformat(),
            (end + dt.timedelta(days=days + lag)).isoformat())
