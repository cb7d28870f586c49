"""Text that breaks naive attribution finders: nested and unterminated quotations, one
huge paragraph, no sentence breaks. Each extracts, in time linear in its length."""

from __future__ import annotations

import time

from loaders.extract.quotations import quotation_spans
from tests.sourcing.conftest import extract_text


def test_ten_nested_quotations_extract() -> None:
    inner = "the mine is closed"
    for depth in range(10):
        inner = f"“{inner},” said speaker {depth}"
    extraction = extract_text(f"The engineer added that {inner}.")
    assert extraction.claims
    assert any(c.citations for c in extraction.claims)


def test_an_unterminated_quotation_closes_at_its_paragraph() -> None:
    text = "The governor said: “The road is closed and the bridge is down\n\nA new paragraph starts here."
    assert quotation_spans(text) == []
    extraction = extract_text(text)
    later = [c for c in extraction.claims if "new paragraph" in c.text]
    assert later and not later[0].citations


def test_long_text_without_breaks_stays_linear() -> None:
    words = "fighters crossed the river near the town said one villager and then " * 60
    small = _seconds(words)
    large = _seconds(words * 12)
    assert large < 40 * max(small, 0.05)   # linear, with room for a loaded machine


def test_a_five_thousand_word_paragraph_extracts() -> None:
    sentence = "Officials said the convoy reached the camp on Tuesday after a long delay. "
    extraction = extract_text(sentence * 400)
    assert len(extraction.claims) >= 300


def _seconds(text: str) -> float:
    start = time.perf_counter()
    extract_text(text)
    return time.perf_counter() - start


def test_a_source_whose_words_make_no_name_is_dropped_not_fatal() -> None:
    extraction = extract_text("“ — ,” said — . Officials said the convoy reached the camp on Tuesday.")
    assert any(c.citations for c in extraction.claims)
