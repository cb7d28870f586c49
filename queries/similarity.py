"""When do two claims say the same thing? The question the source chain asks.

The rule itself lives in ``queries.matching`` (features from ``queries.features``):
shared rare words, concepts, numbers, dates and entities, weighed against what the
shorter claim says. The chain uses it to find, in a cited report, the claims that
restate the citing claim; a claim that negates the other does not restate it. A walk
over a thousand claims compares a hundred thousand pairs, so it asks the rule for the
answer alone (``matching.restates``), on features weighed once per text.
"""

from __future__ import annotations

from queries.matching import compare_texts, restates, weighed_text


def similarity(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str]) -> float:
    """The match score of two claims (see ``queries.matching``)."""
    return compare_texts(text_a, entities_a, text_b, entities_b).score


def same_claim(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str]) -> bool:
    """True when the two claims state the same fact with the same polarity:
    ``compare_texts(...).matched and not .opposed``."""
    return restates(weighed_text(text_a), entities_a, weighed_text(text_b), entities_b)
