""""May" is a hedge only at a sentence's start with no month's day after it; the test
looks back from the word, so a long text of "in May" costs its length, not its square."""

from __future__ import annotations

import time

from loaders.extract.cues import find_hedges


def test_may_is_a_hedge_only_where_a_sentence_starts() -> None:
    text = 'Rebels left in May. May the talks resume. "May they return," he said. It may rain.'
    found = [(c.text, c.start) for c in find_hedges(text)]
    assert found == [("may", 20), ("may", 43), ("may", 73)]


def test_may_as_a_month_costs_the_length_of_the_text() -> None:
    sentence = "Fighters of the Front attacked Kaloti in May, killing 12 people, officials said. "

    def seconds(repeats: int) -> float:
        text = sentence * repeats
        started = time.process_time()
        assert find_hedges(text) == []
        return time.process_time() - started

    seconds(200)   # word lists loaded
    small, large = seconds(2_000), seconds(20_000)
    # ten times the text: ~12 times the time (copying the text before each "May": ~200 times)
    assert large < 40 * small
