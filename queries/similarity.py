"""When do two claims say the same thing?

Two claims match when they mention the same entities and use similar wording. We
score ``0.5 * entity overlap + 0.5 * wording overlap``, where entity overlap is the
Jaccard index of the entity ids the claims mention and wording overlap is the share
of the shorter claim's content words (lower-cased, stop words and short words removed)
that the other claim also uses. Claims match at a score of ``MATCH_THRESHOLD`` or more,
and must share at least one entity unless neither mentions any. This is deliberately
transparent: a journalist can see why two claims were paired.
"""

from __future__ import annotations

import re

MATCH_THRESHOLD = 0.45
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STOP_WORDS = frozenset("""
the and for that with this from have has had was were are been its their they them
into over under about after before said says according also more than which while who
whom what when where will would could should there these those such other some many
not but all any our your his her one two new report reports reported
""".split())


def content_words(text: str) -> frozenset[str]:
    """The words that carry meaning, lower-cased."""
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOP_WORDS)


def wording_overlap(a: str, b: str) -> float:
    """Share of the shorter text's content words found in the other."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def entity_overlap(a: set[str], b: set[str]) -> float:
    """Jaccard index of two entity sets (1.0 when both are empty)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str]) -> float:
    """The combined score in [0, 1]."""
    return round(0.5 * entity_overlap(entities_a, entities_b) + 0.5 * wording_overlap(text_a, text_b), 3)


def same_claim(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str]) -> bool:
    """True when the two claims say the same thing by the rule above."""
    if (entities_a or entities_b) and not entities_a & entities_b:
        return False
    return similarity(text_a, entities_a, text_b, entities_b) >= MATCH_THRESHOLD
