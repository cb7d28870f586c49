"""Checking a store: does every stored report still say what its hash and quotes say?

The check works over the store interface, so it runs on either store: each report's
text against its sha256, each claim and evidence quote against the span of the text
it cites. A store that can also check its own files (the embedded store: SQLite's
integrity check and every row's checksum) does that first. Problems are collected,
never raised one by one, so the report lists all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.model import Edge, Node
from graph.provenance import sha256_hex
from graph.schema import SCHEMA
from graph.stores.base import GraphStore, StoreError

PAGE = 200
MAX_LISTED = 1000   # problems listed in full; beyond that they are only counted


@dataclass
class CheckReport:
    """What a check looked at and what it found."""

    reports: int = 0
    claims: int = 0
    quotes: int = 0
    problems: list[str] = field(default_factory=list)
    unlisted: int = 0

    def add(self, problem: str) -> None:
        """Record one problem (only the first ``MAX_LISTED`` are kept in full)."""
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        else:
            self.unlisted += 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"reports": self.reports, "claims": self.claims, "quotes": self.quotes,
                "problems": self.problems, "more_problems": self.unlisted,
                "ok": not self.problems}


def check_store(store: GraphStore) -> CheckReport:
    """Every check this store supports; see the module docstring."""
    report = CheckReport()
    verify_files = getattr(store, "verify_files", None)
    if callable(verify_files):
        for problem in verify_files():
            report.add(problem)
    offset = 0
    while True:
        try:
            page = store.find_nodes("Report", {"stub": False}, limit=PAGE, offset=offset)
        except StoreError as exc:
            report.add(f"reports {offset}-{offset + PAGE}: cannot be read: {exc}")
            offset += PAGE
            if offset > report.reports + 10 * PAGE:
                break
            continue
        if not page:
            break
        _check_page(store, page, report)
        offset += PAGE
    return report


def _check_page(store: GraphStore, reports: Sequence[Node], report: CheckReport) -> None:
    texts: dict[str, str] = {}
    for node in reports:
        report.reports += 1
        text = node.props.get("text")
        if not isinstance(text, str):
            report.add(f"report {node.id}: has no stored text")
            continue
        texts[node.id] = text
        if node.props.get("sha256") and sha256_hex(text) != node.props["sha256"]:
            report.add(f"report {node.id}: its text no longer matches its sha256")
    try:
        claim_ids = [e.target for e in store.edges(sorted(texts), ["MAKES"], "out", fields=())]
        claims = store.get_nodes(claim_ids)
        evidence = store.edges(sorted(texts) + sorted(claims), None, "out")
    except StoreError as exc:
        report.add(f"reports {reports[0].id}..{reports[-1].id}: cannot be read: {exc}")
        return
    for claim in claims.values():
        report.claims += 1
        _check_span(claim.id, claim.props, texts, report)
        if claim.props.get("text") != claim.props.get("quote"):
            report.add(f"claim {claim.id}: its text differs from its quote")
    for edge in evidence:
        if SCHEMA.relationship(edge.type).evidence:
            _check_span(edge.id, edge.props, texts, report, edge)


def _check_span(owner: str, props: dict[str, Any], texts: dict[str, str], report: CheckReport,
                edge: Edge | None = None) -> None:
    report.quotes += 1
    source = props.get("report_id")
    text = texts.get(str(source))
    kind = f"{edge.type} {owner}" if edge else f"claim {owner}"
    if text is None:
        report.add(f"{kind}: cites report {source}, which is not stored with its text")
        return
    start, end = props.get("start"), props.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        report.add(f"{kind}: span {start}-{end} lies outside report {source}")
    elif text[start:end] != props.get("quote"):
        report.add(f"{kind}: its quote no longer matches report {source} at {start}-{end}")
