"""Corroboration candidates in a large store, on both stores: a group and a place each
named by more claims than the look-up cap still find, together, the claims that tell
one fact (the pair is one claims-about question with a region scope, cut in the store)."""

from __future__ import annotations

import pytest

from graph.model import Node, entity_id
from graph.stores.base import GraphStore
from queries import candidates
from queries.candidates import find_candidates
from tests.queries.test_corroboration import Said, report

GROUP = Node("Organisation", entity_id("Organisation", name="Karovesh"),
             {"name": "Karovesh", "resolved": True})
PLACE = Node("Region", entity_id("Region", name="Zartalmir"), {"name": "Zartalmir", "resolved": True})
OTHER = Node("Region", entity_id("Region", name="Dunbek"), {"name": "Dunbek", "resolved": True})


def test_entities_too_common_alone_are_looked_up_together(store: GraphStore,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "POSTINGS_CAP", 3)
    for index in range(4):   # the group elsewhere, and the place with others: each too common alone
        report(store, f"group-{index}", "Filler", Said(f"Karovesh gunmen raided Dunbek, item {index}.",
                                                       mentions=(GROUP, OTHER)))
        report(store, f"place-{index}", "Filler", Said(f"Residents of Zartalmir fled, item {index}.",
                                                       mentions=(PLACE,)))
    (a,) = report(store, "asked", "Paper A", Said("Karovesh fighters attacked Zartalmir at dawn.",
                                                  mentions=(GROUP, PLACE)))
    (b,) = report(store, "other", "Paper B", Said("Zartalmir was stormed by Karovesh.",
                                                  mentions=(GROUP, PLACE)))
    text = store.get_nodes([a])[a].props["text"]
    found = find_candidates(store, a, text, sorted([GROUP.id, PLACE.id]))
    assert {GROUP.id, PLACE.id} <= set(found.too_common)
    pair = f"{min(GROUP.id, PLACE.id)} & {max(GROUP.id, PLACE.id)}"
    assert pair in found.words and pair not in found.too_common
    assert b in found.ids
    monkeypatch.setattr(candidates, "MAX_PAIRS", 0)   # without the pair nothing else points at b
    assert b not in find_candidates(store, a, text, sorted([GROUP.id, PLACE.id])).ids
