"""The quotation scan reads only quotation marks and paragraph breaks; it must find what
the plain character-by-character reading finds, limits and unterminated quotes included."""

from __future__ import annotations

import random

from loaders.extract.quotations import MAX_QUOTE, OPENING, STRAIGHT, quotation_spans


def reference(text: str) -> list[tuple[int, int]]:
    """The rule as first written: every character in turn."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closing = ""
    for index, char in enumerate(text):
        if open_at is not None and char == closing:
            spans.append((open_at, index + 1))
            open_at = None
        elif open_at is not None and ((char == "\n" and text[index + 1:index + 2] == "\n")
                                      or index - open_at > MAX_QUOTE):
            open_at = None
        elif open_at is None and (char in OPENING or char == STRAIGHT):
            open_at, closing = index, OPENING.get(char, STRAIGHT)
    return [s for s in spans if s[1] - s[0] > 2]


def test_the_scan_finds_what_reading_every_character_finds() -> None:
    rng = random.Random(5)
    for dense in (True, False):
        letters = list("ab ") * (30 if dense else 3000) + list("“”«»„\"\n")
        for _ in range(400):
            words = [rng.choice(letters) for _ in range(rng.choice([50, 4000, 9000]))]
            for _ in range(3):  # quotations that end right at, before and after the limit
                k = rng.randrange(len(words))
                words[k] = rng.choice("\"“„«")
                j = k + MAX_QUOTE + rng.randint(-2, 3)
                if j < len(words):
                    words[j] = rng.choice("\"”“»\n")
            text = "".join(words)
            assert quotation_spans(text) == reference(text)


def test_a_paragraph_break_ends_an_unterminated_quotation() -> None:
    text = 'He said "the camps were rebuilt.\n\nThen "they left" in May.'
    assert quotation_spans(text) == [(text.index('"they'), text.index(" in May"))]
