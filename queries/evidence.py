"""Evidence records: every answer carries the report, publisher, date, quote and span.

Queries fetch the claims they need in one call and their reports in a second, then
shape each claim into an :class:`Evidence` record; no query asks the store once per
claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
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
    copy_of: str | None = None        # the report this one republishes, when it is a copy
    copy_of_name: str | None = None   # that original as "publisher, date"

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


@dataclass(frozen=True)
class ClaimsRead:
    """Claims (every field) and their reports (summary fields), read once for a question
    whose steps all need them: corroboration shapes evidence records from them and starts
    each source chain at them, and reading them twice cost two store calls per answer."""

    claims: dict[str, Node]
    reports: dict[str, Node]


def read_claims(store: GraphStore, claim_ids: Iterable[str]) -> ClaimsRead:
    """The claims among ``claim_ids`` and their reports, in two store calls."""
    found = store.get_nodes(list(dict.fromkeys(claim_ids)))
    claims = {cid: node for cid, node in found.items() if node.label == "Claim"}
    reports = store.get_nodes(sorted({c.props["report_id"] for c in claims.values()}), SUMMARY_KEYS)
    return ClaimsRead(claims, reports)


def load_evidence(store: GraphStore, claim_ids: Iterable[str],
                  read: ClaimsRead | None = None) -> dict[str, Evidence]:
    """Evidence for many claims in four store calls (claims, their reports' metadata, which
    reports are copies, and the originals' metadata), never one per claim; two when the
    claims and reports were ``read`` already."""
    wanted = list(dict.fromkeys(claim_ids))
    if read is None:
        claims = store.get_nodes(wanted, CLAIM_FIELDS)
        reports = store.get_nodes(sorted({c.props["report_id"] for c in claims.values()}), REPORT_FIELDS)
    else:
        claims = {cid: read.claims[cid] for cid in wanted if cid in read.claims}
        reports = read.reports
    originals = copies_of(store, sorted({c.props["report_id"] for c in claims.values()} & set(reports)))
    return {cid: _with_original(evidence_for(c, reports.get(c.props["report_id"])), originals)
            for cid, c in claims.items() if c.label == "Claim"}


def copies_of(store: GraphStore, report_ids: Sequence[str]) -> dict[str, Node]:
    """For each of these reports that republishes another, the original (two calls)."""
    edges = store.edges(list(report_ids), ["REPUBLISHES"], "out", fields=()) if report_ids else []
    originals = store.get_nodes(sorted({e.target for e in edges}), REPORT_FIELDS)
    return {e.source: originals[e.target] for e in edges if e.target in originals}


def _with_original(evidence: Evidence, originals: dict[str, Node]) -> Evidence:
    original = originals.get(evidence.report_id)
    if original is None:
        return evidence
    return replace(evidence, copy_of=original.id, copy_of_name=publisher_and_date(original.props))


def publisher_and_date(props: dict[str, Any]) -> str:
    """How a report is told apart from its copies: "Example Daily, 2025-03-08"."""
    return f"{props.get('publisher') or 'unknown publisher'}, {props.get('published') or 'undated'}"


def report_label(report: Node, original: Node | None = None) -> str:
    """A report as one line: publisher, date and title, and what it is a copy of, so that an
    original and its republished copy never read the same."""
    props = report.props
    title = props.get("title") or props.get("url") or report.id
    if props.get("stub"):
        return f"{title} (cited, not ingested)"
    label = f"{publisher_and_date(props)}: {title}"
    if original is not None:
        label += f" (copy of {publisher_and_date(original.props)})"
    return label


SUMMARY_KEYS = ("title", "publisher", "published", "url", "stub", "kind", "authors", "claim_count")


def report_summary(report: Node) -> dict[str, Any]:
    """A report without its text, for answers: every key always there (``None`` when the
    report lacks it), so that clients see the same keys on every report."""
    return {"id": report.id, **{k: report.props.get(k) for k in SUMMARY_KEYS}}


def mentioned_entities(store: GraphStore, claim_ids: Sequence[str]) -> dict[str, set[str]]:
    """The entity ids each claim mentions (one call)."""
    found: dict[str, set[str]] = {cid: set() for cid in claim_ids}
    for edge in store.edges(list(claim_ids), ["MENTIONS"], "out", fields=()):
        found.setdefault(edge.source, set()).add(edge.target)
    return found
