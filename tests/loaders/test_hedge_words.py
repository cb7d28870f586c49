"""Hedge words are data (``data/sourcing.yaml``, ``hedges``): a user's sourcing file adds
hedges, numbers-only hedges and reportative words as it adds cue verbs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.settings import Settings
from loaders.extract import cues, sourcing_words
from tests.loaders.conftest import extract_bytes

TEXT = (b"Taliban fighters conceivably moved through Kunar province in March with heavy weapons.\n"
        b"Al-Shabaab fighters were said in dispatches to control Jilib town in Middle Juba region.\n")


@pytest.fixture
def fresh_words() -> Iterator[None]:
    """Build the word lists again with this test's settings, and forget them after."""
    sourcing_words.sourcing_words.cache_clear()
    cues._hedge_patterns.cache_clear()
    yield
    sourcing_words.sourcing_words.cache_clear()
    cues._hedge_patterns.cache_clear()


def test_packaged_hedges_are_found_and_a_users_file_adds_more(
        fresh_words: None, tmp_path: Path, environment: Callable[..., Settings]) -> None:
    first, second = extract_bytes("report.md", TEXT).claims
    assert not first.hedged and second.sourcing == "own-reporting"
    assert [c.text for c in cues.find_hedges("They may have moved about 40 fighters, possibly more.")] == [
        "may", "about", "possibly"]
    assert cues.find_hedges("They talked about the fighters.") == []    # "about" only before a number
    mine = tmp_path / "mine.yaml"
    mine.write_text("hedges:\n  words: [Conceivably, said in dispatches]\n"
                    "  reportative: [said in dispatches]\n", encoding="utf-8")
    environment(CONFLICTKG_SOURCING=str(mine))
    sourcing_words.sourcing_words.cache_clear()
    cues._hedge_patterns.cache_clear()
    first, second = extract_bytes("report.md", TEXT).claims
    assert (first.hedged, first.hedges) == (True, ["conceivably"])
    assert second.hedges == ["said in dispatches"] and second.sourcing == "unattributed"
    assert [c.text for c in cues.find_hedges("They may have moved.")] == ["may"]   # the packaged stay
