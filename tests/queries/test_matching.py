"""The matching rule on invented pairs: same fact in other words, and distractors.

Every pair in tests/fixtures/corroboration/pairs.yaml is checked both ways round;
a match must name the kinds of features the fixture expects it to share.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from queries import matching
from queries.features import claim_features, without_names
from queries.matching import Match, compare_texts, same_number, weighed
from tests.conftest import FIXTURES

PAIRS = yaml.safe_load((FIXTURES / "corroboration" / "pairs.yaml").read_text(encoding="utf-8"))


def both_ways(pair: dict[str, Any]) -> list[tuple[str, set[str], str, set[str]]]:
    ea, eb = (set(e) for e in pair["entities"])
    return [(pair["a"], ea, pair["b"], eb), (pair["b"], eb, pair["a"], ea)]


def compare(a: str, ea: set[str], b: str, eb: set[str]) -> Match:
    """As corroboration compares: the entities' names count through the entities."""
    return compare_texts(a, ea, b, eb, names=ea | eb)


@pytest.mark.parametrize("pair", PAIRS["same"], ids=lambda p: p["a"][:40])
def test_same_fact_in_other_words_matches_and_says_why(pair: dict[str, Any]) -> None:
    for a, ea, b, eb in both_ways(pair):
        match = compare(a, ea, b, eb)
        assert match.matched and not match.opposed, (a, b, match)
        assert set(pair["why"]) <= set(match.shared), match.shared


@pytest.mark.parametrize("pair", PAIRS["different"], ids=lambda p: p["b"][:40])
def test_different_facts_about_the_same_entities_do_not_match(pair: dict[str, Any]) -> None:
    for a, ea, b, eb in both_ways(pair):
        match = compare(a, ea, b, eb)
        assert not match.matched, (a, b, match)


@pytest.mark.parametrize("pair", PAIRS["conflicts"], ids=lambda p: p["b"][:40])
def test_conflicting_counts_of_one_event_are_named(pair: dict[str, Any]) -> None:
    for a, ea, b, eb in both_ways(pair):
        match = compare(a, ea, b, eb)
        assert match.matched
        assert [c["what"] for c in match.conflicts if c["kind"] == "number"] == [pair["what"]]


@pytest.mark.parametrize("pair", PAIRS["opposed"], ids=lambda p: p["b"][:40])
def test_a_denial_matches_as_opposed(pair: dict[str, Any]) -> None:
    for a, ea, b, eb in both_ways(pair):
        match = compare(a, ea, b, eb)
        assert match.matched and match.opposed
        assert any(c["kind"] == "stance" for c in match.conflicts)


def test_numbers_become_intervals() -> None:
    def spans(text: str) -> list[tuple[float, float, str | None]]:
        return [(q.low, q.high, q.counts) for q in claim_features(text).quantities]

    assert spans("between 10,000 and 15,000 people were killed") == [(10_000, 15_000, "kill")]
    assert spans("at least 32 civilians died") == [(32, float("inf"), "civilian")]
    assert spans("up to eight new training camps") == [(0, 8, "camp")]
    assert spans("in the first three months of the year, 2.5 million fled") == [
        (2_500_000, 2_500_000, "escape")]
    features = claim_features("On 25 February 2024 soldiers killed 44 people")
    assert features.years == {2024} and features.days == {"02-25"}


def test_rare_names_match_across_spellings() -> None:
    a, b = claim_features("Shabaab fighters"), claim_features("Shabab fighters")
    assert a.words.keys() & b.words.keys() >= {"%shb"}


def test_a_verb_and_its_stem_keep_one_key() -> None:
    """ "taking sides" and "take sides", "ruled" and "rule": the stem keeps the "e"."""
    from queries.features import stem
    assert stem("taking") == stem("take") and stem("ruled") == stem("rule")
    assert stem("hitting") == stem("hit") and stem("planned") == stem("plan")
    assert stem("noted") != stem("not")


def test_a_count_before_and_belongs_to_the_verb_before_it() -> None:
    """ "killed at least 500 people and raped others": the 500 were killed."""
    (count,) = claim_features("Soldiers killed at least 500 people and raped others.").quantities
    assert count.counts == "kill"
    (count,) = claim_features("At least 32 people were killed and 63 injured.").quantities[:1]
    assert count.counts == "kill"


def test_a_set_phrase_weighs_more_than_its_word() -> None:
    phrase = claim_features("The group claimed responsibility.").words["~responsibility"]
    word = claim_features("The group bears responsibility.").words["~responsibility"]
    assert phrase > word


def test_a_number_inside_a_name_counts_through_the_name_only() -> None:
    text = "Brigade 47 shelled the town, killing 47 civilians and wounding 12."
    features = without_names(claim_features(text), ["Brigade 47"])
    assert sorted(q.values[0] for q in features.quantities) == [12.0, 47.0]
    unnamed = without_names(claim_features("Group 3 fighters moved through Province 7."),
                            ["Group 3", "Province 7"])
    assert unnamed.quantities == ()


def test_one_party_in_common_is_enough_for_a_match() -> None:
    a = "The RSF and the army clashed in El Fasher on Friday, killing at least 40 people."
    b = "At least 40 people were killed on Friday when the army fought the RSF in El Fasher."
    match = compare_texts(a, {"org:rsf", "org:saf", "reg:el-fasher"}, b,
                          {"org:rsf", "reg:el-fasher"}, names=["RSF", "army", "El Fasher"])
    assert match.matched, match


SOME_COUNTS = ["9", "10", "47", "48", "49", "97", "98", "99", "100", "102", "103", "between 10 and 12",
               "between 95 and 97", "between 100 and 140", "0"]


@pytest.mark.parametrize("mine", SOME_COUNTS)
def test_numbers_are_one_exactly_when_two_of_their_values_are_within_two_percent(mine: str) -> None:
    """Numbers whose value ranges lie far apart are told apart without comparing their
    values one by one; the shared count is the same as comparing every value with every
    other (98 and 100 are one number, 97 and 100 are not)."""
    said = weighed(claim_features(f"Rebels held {mine} hostages in the valley."))
    for theirs in SOME_COUNTS:
        other = weighed(claim_features(f"Rebels held {theirs} hostages in the valley."))
        expected = any(same_number(x, y) for q in said.features.quantities for x in q.values
                       for r in other.features.quantities for y in r.values)
        match = matching.compare(said.features, set(), other.features, set())
        assert ("numbers" in match.shared) == expected, (mine, theirs, match.shared)
