"""The capped mention look-up corroboration asks of both stores: per entity, the claims
linked to it in id order, or None once more claims than the cap are; it must agree with
claims-about, which counts them all."""

from __future__ import annotations

from graph.model import Node, entity_id
from graph.stores.base import ClaimQuery, GraphStore
from queries.candidates import MentionPostings, entity_postings
from tests.queries.test_corroboration import Said, report

GROUP = Node("Organisation", entity_id("Organisation", name="Karovesh"),
             {"name": "Karovesh", "resolved": True})
PLACE = Node("Region", entity_id("Region", name="Zartalmir"), {"name": "Zartalmir", "resolved": True})


def test_mention_postings_are_cut_at_the_cap_and_agree_with_claims_about(store: GraphStore) -> None:
    assert isinstance(store, MentionPostings)
    for index in range(4):
        report(store, f"group-{index}", "Paper", Said(f"Karovesh gunmen raided a market, item {index}.",
                                                      mentions=(GROUP,)))
    (placed,) = report(store, "place", "Paper", Said("Residents of Zartalmir fled at dawn.",
                                                     mentions=(PLACE,)))
    every = store.claim_page(ClaimQuery(entities=(GROUP.id,), limit=10))
    found = store.mention_postings([GROUP.id, PLACE.id, "org:nobody"], cap=4)
    assert found[GROUP.id] == sorted(cid for cid, _ in every.claims) and len(every.claims) == 4
    assert found[PLACE.id] == [placed] and found["org:nobody"] == []
    assert store.mention_postings([GROUP.id], cap=3) == {GROUP.id: None}
    assert entity_postings(store, [GROUP.id], cap=3) == {GROUP.id: None}
