"""Loader behaviours a review could break with every other test still passing.

- Every quote the store holds is exactly ``text[start:end]`` of its report's stored
  text, also for text with line breaks, tabs and runs of spaces (where a quote cleaned
  of its whitespace would look right and be wrong). Checked on what the store holds
  after a real ingest, not on the extractor's objects.
- An HTML ``<aside>`` is dropped as an element, not only when its class says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.model import Node
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from loaders.readers import read_document
from loaders.source import source_from_bytes

UNEVEN = (
    "Al-Shabaab  fighters attacked\ta police station in Mogadishu on Monday,\n"
    "officials said.\n\n"
    "The  attack   killed four officers,\taccording to the\n"
    "Somali Police Force, and   residents said the group\n\tfreed several prisoners.\n"
    "A  spokesman for the\tgroup claimed responsibility   in a statement.\n"
)


def all_nodes(store: GraphStore, label: str) -> list[Node]:
    found: list[Node] = []
    while page := store.find_nodes(label, limit=500, offset=len(found)):
        found.extend(page)
    return found


def spans_in(store: GraphStore) -> list[dict[str, Any]]:
    """The properties of every claim and every edge out of a claim (all carry a span)."""
    claims = all_nodes(store, "Claim")
    edges = store.edges([c.id for c in claims], None, "out")
    return [c.props for c in claims] + [e.props for e in edges if "quote" in e.props]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_quotes_are_exact_spans_of_text_with_uneven_whitespace(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "in" / f"uneven{suffix}"
    source.parent.mkdir()
    source.write_text(UNEVEN, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    summary = ingest_paths(store, [source.parent])
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    (report,) = all_nodes(store, "Report")
    text = report.props["text"]
    assert "\t" in text and "  " in text and "\n" in text   # the unevenness reached the store
    spans = spans_in(store)
    assert len(spans) >= 4                                   # claims and their evidence
    assert any(any(mark in p["quote"] for mark in ("\t", "\n", "  ")) for p in spans)
    for props in spans:
        assert props["report_id"] == report.id
        assert props["quote"] == text[props["start"]:props["end"]], props


ARTICLE_WORDS = " ".join(["Government forces shelled villages north of the city through the night."] * 6)


def shelling_page(aside_attributes: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>Shelling</title></head><body><article>"
        f"<h1>Shelling north of the city</h1><p>{ARTICLE_WORDS}</p>"
        f"<aside{aside_attributes}><p>Box: the quartermaster regiment moved its kitchens.</p></aside>"
        f"<p>{ARTICLE_WORDS}</p></article></body></html>").encode()


@pytest.mark.parametrize("attributes", ["", ' class="note"', ' role="note"'])
def test_an_aside_is_dropped_as_an_element(attributes: str) -> None:
    doc = read_document(source_from_bytes("shelling.html", shelling_page(attributes)))
    assert "Government forces shelled" in doc.text
    assert "quartermaster" not in doc.text


@pytest.mark.parametrize("attributes", [' class="story-body"', ' id="main-content"'])
def test_an_aside_is_dropped_even_with_an_article_like_class(attributes: str) -> None:
    doc = read_document(source_from_bytes("shelling.html", shelling_page(attributes)))
    assert "quartermaster" not in doc.text
