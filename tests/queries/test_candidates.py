"""What corroboration compares, on both stores: candidates found by a shared count when
two wordings share no rare word (never by a count that names a topic), and a place
named by its demonym in one wording and by its name in the other."""

from __future__ import annotations

import pytest

from graph.model import Node
from graph.stores.base import GraphStore
from queries import candidates
from queries.candidates import find_candidates, number_keys
from queries.corroboration import corroboration
from tests.queries.test_corroboration import Said, report


def test_counts_are_looked_up_as_digits_and_words() -> None:
    assert number_keys("Police saw seven bodies; 500 were killed in 2022.") == ["500", "7", "seven"]
    assert number_keys("between 10,000-15,000 people") == []   # not one index word each


def test_a_shared_count_finds_a_wording_with_no_rare_word_in_common(store: GraphStore) -> None:
    (a,) = report(store, "one", "Paper One", Said(
        "The office has reasonable grounds to believe that at least 500 people were killed in "
        "violation of norms and principles of international law, says the report."))
    (b,) = report(store, "two", "Paper Two", Said(
        "It noted a strong indication that more than 500 people were killed by troops and foreign "
        "military personnel."))
    assert b in find_candidates(store, a, store.get_nodes([a])[a].props["text"]).ids
    answer = corroboration(store, a)
    assert b in {c["claim_id"] for g in answer.groups for c in g["claims"]}


def test_a_count_held_by_too_many_claims_is_not_looked_up(store: GraphStore,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "POSTINGS_CAP", 5)
    for index in range(6):
        report(store, f"filler-{index}", "Filler", Said(f"Item {index} lists 500 entries of list {index}."))
    (a,) = report(store, "asked", "Paper", Said("At least 500 people were killed in the raid."))
    found = find_candidates(store, a, store.get_nodes([a])[a].props["text"])
    assert "500" in found.too_common and found.ids == []


def test_a_demonym_mentions_the_place_another_wording_names(store: GraphStore) -> None:
    russia = Node("Region", "reg:iso-ru",
                  {"name": "Russia", "iso": "RU", "level": "country", "resolved": True})
    named = Said("Analysts noted that Russia's offensive operations, including shelling and aviation, "
                 "dramatically slowed after the withdrawal.", mentions=(russia,))
    demonym = Said("The pace of Russian offensive operations near the town has reportedly slowed sharply "
                   "after its capture.")
    (a,) = report(store, "one", "Paper One", named)
    (b,) = report(store, "two", "Paper Two", demonym)
    assert "reg:iso-ru" not in {e.target for e in store.edges([b], ["MENTIONS"], "out")}
    answer = corroboration(store, a)
    match = next(c["match"] for g in answer.groups for c in g["claims"] if c["claim_id"] == b)
    assert "reg:iso-ru" in match["shared"]["entities"]
