"""Sentence spans: a rule-based splitter that never moves an offset.

A statistical model would be heavier than the job needs and would not be available
offline; these rules handle the abbreviations, initials and quotes that conflict
reporting uses, and they return spans into the original text rather than copies.
"""

from __future__ import annotations

import re
from typing import Iterator

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep st jr sr no nos vol pp p fig
jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e etc vs cf approx est inc ltd co corp
dept univ assn u.s u.k u.n e.u
""".split())

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•#\d])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Non-blank lines or paragraphs, as (start, end)."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group(0).strip():
            yield match.start(), match.end()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in paragraph_spans(text):
        start = para_start
        for match in _BOUNDARY.finditer(text, para_start, para_end):
            if _is_abbreviation(text[start:match.end()]):
                continue
            spans.append((start, match.end()))
            start = match.end()
        spans.append((start, para_end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _is_abbreviation(candidate: str) -> bool:
    stripped = candidate.rstrip("\"'”’)]")
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
