"""Sentence spans: a rule-based splitter that never moves an offset.

A statistical model would be heavier than the job needs and would not be available
offline; these rules handle the abbreviations, initials, quotes and note markers that
conflict reporting uses, and they return spans into the original text rather than
copies. Hard-wrapped text (PDF lines, e-mail style text files) is read as flowing
paragraphs, so a sentence that runs over a line break stays one sentence.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Sequence

ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov",
    "sen", "rep", "st", "jr", "sr", "no", "nos", "vol", "pp", "p", "fig", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc", "vs",
    "cf", "approx", "est", "inc", "ltd", "co", "corp", "dept", "univ", "assn", "u.s", "u.k",
    "u.n", "e.u", "al", "ed", "eds", "ch", "para", "art",
])

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\[\d{1,3}\])*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_MARKERS_AT_END = re.compile(r"(?:\[\d{1,3}\])+$")
_LIST_OR_HEADING = re.compile(r"[ \t]*(?:[-*•#]|\d{1,3}[.)][ \t]|\[\d{1,3}\])")
_ENDS_SENTENCE = re.compile(r"[.!?…:][\"'”’)\]]*(?:\[\d{1,3}\])*$")
_ENDS_BEFORE_MARKER = re.compile(r"[.!?…][\"'”’)\]]*$")
_STARTS_AFTER_MARKER = re.compile(r"\s+[\"'“‘(\[]?[A-Z]")
MIN_WRAPPED_LINES = 5


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end): blank lines and hard line breaks end them; a soft
    break (wrapped text, or a line continuing in lower case) does not."""
    lines = _lines(text)
    width = _wrap_width(text, lines)
    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous = ""
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            _close(paragraphs, current)
            current = None
            continue
        if current is not None and _continues(previous, line, width):
            current = (current[0], end)
        else:
            _close(paragraphs, current)
            current = (start, end)
        previous = line
    _close(paragraphs, current)
    return paragraphs


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _close(paragraphs: list[tuple[int, int]], current: tuple[int, int] | None) -> None:
    if current is not None:
        paragraphs.append(current)


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The column the text is wrapped at, or None when lines are paragraphs."""
    lengths = sorted(e - s for s, e in lines if text[s:e].strip())
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    high = lengths[int(len(lengths) * 0.9) - 1]
    if high > 130 or statistics.median(lengths) < 25:
        return None
    return high


def _continues(previous: str, line: str, width: int | None) -> bool:
    if _LIST_OR_HEADING.match(line) or _ENDS_SENTENCE.search(previous.rstrip()):
        return False
    first = line.lstrip()[:1]
    if first.islower():
        return True
    return width is not None and len(previous.rstrip()) >= width * 0.6


def sentence_spans(text: str, markers: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space.

    ``markers`` are the (start, end) spans of note markers a reader found by position
    (a PDF's raised digits, stored as printed: "in March 2025.1 Most"). No pattern can
    tell such a digit from a number, so a sentence also ends after a marker that follows
    the sentence's closing punctuation and comes before the next sentence's start.
    """
    ends = _marker_ends(text, markers)
    spans: list[tuple[int, int]] = []
    for para_start, para_end in paragraph_spans(text):
        start = para_start
        for end, before_marker in _boundaries(text, para_start, para_end, ends):
            if _is_abbreviation(text[start:before_marker]):
                continue
            spans.append((start, end))
            start = end
        spans.append((start, para_end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _marker_ends(text: str, markers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """(marker end, marker start) of each marker that closes a sentence, in text order."""
    return sorted((end, start) for start, end in markers
                  if 0 < start < end <= len(text)
                  and _ENDS_BEFORE_MARKER.search(text, max(0, start - 8), start)
                  and _STARTS_AFTER_MARKER.match(text, end))


def _boundaries(text: str, start: int, end: int,
                marker_ends: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence ends in ``text[start:end]`` in order, each with where its words end (before
    a positioned marker), for the abbreviation check."""
    found = {m.end(): m.end() for m in _BOUNDARY.finditer(text, start, end)}
    index = bisect.bisect_right(marker_ends, (start, len(text)))
    while index < len(marker_ends) and marker_ends[index][0] <= end:
        found[marker_ends[index][0]] = marker_ends[index][1]
        index += 1
    return sorted(found.items())


def _is_abbreviation(candidate: str) -> bool:
    stripped = _MARKERS_AT_END.sub("", candidate[-30:]).rstrip("\"'”’)]")
    if not stripped.endswith("."):
        return False
    match = _WORD_BEFORE.search(stripped)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
