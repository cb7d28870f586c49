"""Quotations that run over several sentences take the speaker named once.

'X said: "The camps were rebuilt. They hold 400 men."' — the second sentence names no
one, but it is X's words. A quotation is a span between paired quotation marks inside
one paragraph; a sentence inside it, or a sentence that is only a quotation and follows
an attributed sentence of the same paragraph, takes that attribution (cue
"quotation"). The scan is one linear pass; an unterminated quotation closes at the end
of its paragraph, and quotations longer than MAX_QUOTE characters are not followed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from loaders.extract.cues import Attribution

MAX_QUOTE = 3000
OPENING = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
INHERITED_KINDS = (None, "person", "organisation", "anonymous", "document")
# Every character the scan acts on: quotation marks, and a line break that opens a blank line.
_EVENTS = re.compile('[“”«»„"]|\n(?=\n)')


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, in one pass over the quotation marks and paragraph
    breaks the text holds (found by one regular expression, not char by char: a 20 MB
    text costs a fraction of a second)."""
    spans: list[tuple[int, int]] = []
    open_at = -1
    closing = ""
    for event in _EVENTS.finditer(text):
        index, char = event.start(), event.group()
        if open_at >= 0 and index > open_at + MAX_QUOTE and not (index == open_at + MAX_QUOTE + 1
                                                                  and char == closing):
            at_deadline = index == open_at + MAX_QUOTE + 1
            open_at = -1  # too long: dropped at its limit, where nothing opens
            if at_deadline:
                continue
        if open_at >= 0:
            if char == closing:
                spans.append((open_at, index + 1))
                open_at = -1
            elif char == "\n":
                open_at = -1  # a paragraph break ends an unterminated quotation
        elif char in OPENING or char == STRAIGHT:
            open_at, closing = index, OPENING.get(char, STRAIGHT)
    return [s for s in spans if s[1] - s[0] > 2]


def inherit_quoted_speakers(text: str, spans: list[tuple[int, int]],
                            found: list[list[Attribution]]) -> list[list[Attribution]]:
    """``found`` with speakers carried into the unattributed sentences of their quotation."""
    quotes = quotation_spans(text)
    starts = [q[0] for q in quotes]
    result = [list(f) for f in found]
    for index, (start, end) in enumerate(spans):
        if result[index]:
            continue
        quote = _quote_around(quotes, starts, start, end)
        if quote is None:
            continue
        speaker = _speaker_of(quote, spans, result, index) or _previous_speaker(text, spans, result, index)
        if speaker is not None:
            result[index] = [replace(speaker, cue="quotation", cue_start=quote[0], cue_end=quote[0] + 1)]
    return result


def _quote_around(quotes: list[tuple[int, int]], starts: list[int], start: int,
                  end: int) -> tuple[int, int] | None:
    """The quotation this sentence lies in (or mostly is)."""
    at = bisect.bisect_right(starts, end) - 1
    while at >= 0 and quotes[at][1] > start:
        q_start, q_end = quotes[at]
        inside = min(end, q_end) - max(start, q_start)
        if inside > 0.6 * (end - start) or (q_start <= start and q_end >= end):
            return quotes[at]
        at -= 1
    return None


def _speaker_of(quote: tuple[int, int], spans: list[tuple[int, int]], found: list[list[Attribution]],
                index: int) -> Attribution | None:
    """An attribution of another sentence that shares this quotation."""
    for other in range(max(0, index - 4), min(len(spans), index + 5)):
        start, end = spans[other]
        if other == index or end <= quote[0] or start >= quote[1] + 200:
            continue
        # the quotation's speaker has its cue outside the quotation ("...," Salvador told);
        # a cue inside it ("since the Section started recording") is the speaker's own source
        speaker = next((a for a in found[other] if a.kind in INHERITED_KINDS and a.cue != "quotation"
                        and not quote[0] <= (a.cue_start if a.cue_start is not None else -1) < quote[1]),
                       None)
        if speaker is not None:
            return speaker
    return None


def _previous_speaker(text: str, spans: list[tuple[int, int]], found: list[list[Attribution]],
                      index: int) -> Attribution | None:
    """A quotation-only sentence right after an attributed one in the same paragraph."""
    if index == 0:
        return None
    previous_end = spans[index - 1][1]
    if "\n\n" in text[previous_end:spans[index][0]]:
        return None
    return next((a for a in found[index - 1] if a.kind in INHERITED_KINDS), None)
