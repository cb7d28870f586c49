"""Small graph batches written by hand for store tests (no loader involved)."""

from __future__ import annotations

from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex

AQ = entity_id("Organisation", wikidata="Q34490")
AF = entity_id("Region", iso="AF")
SOUTH_ASIA = entity_id("Region", name="South Asia")


def report_batch(url: str, text: str, *, cites: str | None = None, title: str = "A report",
                 published: str = "2025-01-01") -> GraphBatch:
    """A report whose first sentence mentions Al Qaeda and Afghanistan, optionally citing a URL."""
    report = Node("Report", report_id(url=url), {
        "title": title, "url": url, "text": text, "sha256": sha256_hex(text), "stub": False,
        "published": published, "publisher": "Example Publisher",
    })
    builder = ReportBuilder(report, ingestion_node("tests", sha256_hex(text), url))
    end = text.index(".") + 1
    claim = builder.claim(0, end, method="sentence", confidence=0.9, hedged=False,
                          sourced=cites is not None)
    builder.node(Node("Organisation", AQ, {"name": "Al Qaeda", "aliases": ["AQ"], "resolved": True}))
    builder.node(Node("Region", AF, {"name": "Afghanistan", "iso": "AF", "resolved": True}))
    builder.node(Node("Region", SOUTH_ASIA, {"name": "South Asia", "resolved": True}))
    builder.structural("PART_OF", AF, SOUTH_ASIA, source="tests")
    at = text.index("Al Qaeda")
    builder.evidence("MENTIONS", claim, AQ, at, at + 8, method="gazetteer", confidence=0.95)
    at = text.index("Afghanistan")
    builder.evidence("MENTIONS", claim, AF, at, at + 11, method="gazetteer", confidence=0.95)
    if cites:
        target = report_id(url=cites)
        builder.node(Node("Report", target, {"url": cites, "stub": True}))
        builder.evidence("CITES", claim, target, 0, 8, method="hyperlink", confidence=0.95,
                         kind="hyperlink", target_url=cites)
    return builder.build()
