"""Whatever the format, every span points at exactly the characters it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.provenance import ingestion_node
from loaders.build import build_batch
from loaders.extraction import Extraction
from tests.loaders.conftest import EXAMPLES, assert_spans_exact, extract_file


def test_fixture_spans_are_exact(fixture_extractions: dict[str, Extraction]) -> None:
    assert {name.rsplit(".", 1)[1] for name in fixture_extractions} == {"txt", "md", "html", "pdf"}
    for extraction in fixture_extractions.values():
        assert extraction.claims
        assert_spans_exact(extraction)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.md")), ids=lambda p: p.name)
def test_example_reports_build_valid_batches(path: Path) -> None:
    extraction = extract_file(path)
    assert_spans_exact(extraction)
    batch = build_batch(extraction, ingestion_node("tests", extraction.report.sha256, "x"))
    text = extraction.report.text
    for edge in batch.edges:
        if "quote" in edge.props:
            assert text[edge.props["start"]:edge.props["end"]] == edge.props["quote"]


def test_json_contract_has_the_documented_keys(fixture_extractions: dict[str, Extraction]) -> None:
    data = fixture_extractions["sahel-note.md"].to_json()
    assert {"version", "report", "summary", "claims", "entities", "relations", "republishes",
            "references", "pages", "warnings"} <= set(data)
    assert {"id", "title", "publisher", "authors", "published", "url", "sha256"} <= set(data["report"])
    assert "text" not in data["report"]
    claim = data["claims"][0]
    assert {"id", "text", "start", "end", "hedged", "hedges", "attributed_to", "mentions",
            "citations", "sourced"} <= set(claim)
    mention = next(m for c in data["claims"] for m in c["mentions"])
    assert {"id", "name", "type", "start", "end"} <= set(mention)
    citation = next(x for c in data["claims"] for x in c["citations"])
    assert {"kind", "target_url", "target", "start", "end"} <= set(citation)
    entity = data["entities"][0]
    assert {"id", "name", "type", "aliases", "external_ids"} <= set(entity)
