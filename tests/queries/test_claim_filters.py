"""Claim filters as the views and answers apply them: a date with a time of day is on its
day, and the claim a view is drawn around stays in it whatever the filters say."""

from __future__ import annotations

import pytest

from graph.model import report_id
from graph.stores.base import GraphStore
from loaders.ingest import ingest_paths
from queries.claims import ClaimFilter
from queries.explore import neighbourhood
from tests.conftest import FIXTURES


@pytest.mark.parametrize(("published", "kept"), [
    ("2025-04-05T23:59:00Z", True), ("2025-04-05", True), ("2025-04-04T08:00:00Z", True),
    ("2025-04-06T00:01:00Z", False), ("2025-04-03", False), (None, False)])
def test_a_time_of_day_leaves_a_claim_on_its_day(published: str | None, kept: bool) -> None:
    within = ClaimFilter(since="2025-04-04", until="2025-04-05")
    assert within.keeps_fields(published, None, hedged=False, sourced=True) is kept


def test_the_claim_a_view_is_drawn_around_stays_whatever_the_filters(store: GraphStore) -> None:
    assert not ingest_paths(store, [FIXTURES / "provenance"]).failed
    story = report_id(url="https://example.org/prov/chain-3")
    focus = min(store.get_nodes([e.target for e in store.edges([story], ["MAKES"], "out")]).values(),
                key=lambda c: c.props["start"]).id
    whole = neighbourhood(store, focus, depth=4)
    assert len([n for n in whole.nodes.values() if n.label == "Claim"]) > 1
    nobody = neighbourhood(store, focus, depth=4, filters=ClaimFilter(publisher="No Such Paper"))
    assert [nid for nid, n in nobody.nodes.items() if n.label == "Claim"] == [focus]
