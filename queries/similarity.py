"""When do two claims say the same thing? The short form, for the source chain.

The rule itself lives in ``queries.matching`` (features from ``queries.features``):
shared rare words, concepts, numbers, dates and entities, weighed against what the
shorter claim says. The chain uses it to find, in a cited report, the claims that
restate the citing claim; a claim that negates the other does not restate it.
"""

from __future__ import annotations

from queries.features import claim_features
from queries.matching import compare_texts, could_match


def similarity(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str]) -> float:
    """The match score of two claims (see ``queries.matching``)."""
    return compare_texts(text_a, entities_a, text_b, entities_b).score


def same_claim(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str]) -> bool:
    """True when the two claims state the same fact with the same polarity (a cheap bound
    first: most claims of a cited report share too little to be compared in full)."""
    if not could_match(claim_features(text_a), entities_a, claim_features(text_b), entities_b):
        return False
    match = compare_texts(text_a, entities_a, text_b, entities_b)
    return match.matched and not match.opposed
