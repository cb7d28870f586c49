"""Evidence records: every answer carries the report, publisher, date, quote and span.

Queries fetch the claims they need in one call and their reports in a second, then
shape each claim into an :class:`Evidence` record; no query asks the store once per
claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from graph.model import Node
from graph.stores.base import GraphStore


@dataclass(frozen=True)
class Evidence:
    """A claim with where it came from."""

    claim_id: str
    quote: str
    start: int
    end: int
    report_id: str
    report_title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    hedged: bool
    sourced: bool
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def evidence_for(claim: Node, report: Node | None) -> Evidence:
    """Shape one claim (and its report, when known) into an evidence record."""
    props = claim.props
    rprops = report.props if report else {}
    return Evidence(
        claim_id=claim.id, quote=props["quote"], start=props["start"], end=props["end"],
        report_id=props["report_id"], report_title=rprops.get("title"),
        publisher=rprops.get("publisher"), published=props.get("published") or rprops.get("published"),
        url=rprops.get("url"), hedged=bool(props.get("hedged")), sourced=bool(props.get("sourced")),
        page=props.get("page"),
    )


CLAIM_FIELDS = ("quote", "start", "end", "report_id", "published", "hedged", "sourced", "page")
REPORT_FIELDS = ("title", "publisher", "published", "url")


def load_evidence(store: GraphStore, claim_ids: Iterable[str]) -> dict[str, Evidence]:
    """Evidence for many claims in two store calls (claims, then their reports' metadata)."""
    claims = store.get_nodes(list(dict.fromkeys(claim_ids)), CLAIM_FIELDS)
    reports = store.get_nodes(sorted({c.props["report_id"] for c in claims.values()}), REPORT_FIELDS)
    return {cid: evidence_for(c, reports.get(c.props["report_id"])) for cid, c in claims.items()
            if c.label == "Claim"}


def report_summary(report: Node) -> dict[str, Any]:
    """A report without its text, for answers."""
    keys = ("title", "publisher", "published", "url", "stub", "kind", "authors", "claim_count")
    return {"id": report.id, **{k: report.props[k] for k in keys if k in report.props}}


def mentioned_entities(store: GraphStore, claim_ids: Sequence[str]) -> dict[str, set[str]]:
    """The entity ids each claim mentions (one call)."""
    found: dict[str, set[str]] = {cid: set() for cid in claim_ids}
    for edge in store.edges(list(claim_ids), ["MENTIONS"], "out", fields=()):
        found.setdefault(edge.source, set()).add(edge.target)
    return found
