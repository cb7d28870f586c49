"""Provenance queries on both stores, over fixtures built to show each case.

tests/fixtures/provenance holds small invented reports: a straight chain, a diamond,
a cycle, a dangling citation, a wire story reprinted by a second outlet (and cited),
and one claim with two independent origins.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.model import report_id
from graph.stores.base import GraphStore
from loaders.ingest import ingest_paths
from queries.chain import NotFoundError, source_chain
from queries.claims import ClaimFilter, claims_about
from queries.corroboration import corroboration
from queries.entities import entity_profile
from queries.relationships import relationship_evidence
from tests.conftest import FIXTURES

PROV = FIXTURES / "provenance"


def rid(name: str) -> str:
    return report_id(url=f"https://example.org/prov/{name}")


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    summary = ingest_paths(store, [PROV])
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    return store


def first_claim(store: GraphStore, report: str) -> str:
    edges = store.edges([rid(report)], ["MAKES"], "out")
    claims = store.get_nodes([e.target for e in edges])
    return min(claims.values(), key=lambda c: c.props["start"]).id


def publishers(path: Any) -> list[str]:
    return [hop.report.get("publisher") for hop in path.hops]


def test_straight_chain_reaches_the_field_notes(graph: GraphStore) -> None:
    chain = source_chain(graph, first_claim(graph, "chain-3"))
    assert len(chain.paths) == 1
    path = chain.paths[0]
    assert publishers(path) == ["Fixture Courier", "Fixture Brief Institute", "Fixture Field Monitor"]
    assert all(hop.claim is not None for hop in path.hops)
    assert path.origin.type == "primary" and path.origin.report_id == rid("chain-1")
    assert [a["name"] for a in path.origin.attribution] == ["residents"]
    assert chain.flags["single_origin"] and chain.flags["anonymous_attribution"]
    assert not chain.flags["unsourced"] and not chain.flags["circular"]
    hop = path.hops[1]
    assert hop.via == "hyperlink" and hop.citation is not None
    assert hop.claim is not None and hop.claim.quote.startswith("ISKP fighters attacked")


def test_diamond_has_two_paths_to_one_origin(graph: GraphStore) -> None:
    chain = source_chain(graph, first_claim(graph, "diamond-4"))
    assert len(chain.paths) == 2
    assert {p.origin.report_id for p in chain.paths} == {rid("diamond-1")}
    assert chain.flags["single_origin"]
    middles = sorted(p.hops[1].report["id"] for p in chain.paths)
    assert middles == sorted([rid("diamond-2"), rid("diamond-3")])


def test_cycle_is_reported_as_circular(graph: GraphStore) -> None:
    chain = source_chain(graph, first_claim(graph, "cycle-1"))
    assert chain.flags["circular"]
    assert [o.type for o in chain.origins] == ["circular"]
    assert chain.origins[0].report_id == rid("cycle-1")
    assert chain.flags["cites_later_report"]  # on the loop, cycle-2 (1 May) cites cycle-1 (2 May)
    straight = source_chain(graph, first_claim(graph, "chain-3"))
    assert not straight.flags["cites_later_report"]


def test_dangling_citation_ends_at_a_stub(graph: GraphStore) -> None:
    chain = source_chain(graph, first_claim(graph, "dangling"))
    assert [o.type for o in chain.origins] == ["dangling"]
    assert chain.flags["dangling"] and not chain.flags["unsourced"]
    stub = graph.get_nodes([chain.origins[0].report_id])[chain.origins[0].report_id]
    assert stub.props["stub"] is True and stub.props["url"] == "https://example.net/missing/report"


def test_reprint_inherits_the_wire_story_chain(graph: GraphStore) -> None:
    chain = source_chain(graph, first_claim(graph, "wire-3"))
    (path,) = chain.paths
    assert [h.via for h in path.hops] == [None, "hyperlink", "republishes"]
    assert path.origin.report_id == rid("wire-1") and path.origin.type == "primary"
    assert [a["name"] for a in path.origin.attribution] == ["officials"]


def test_wire_story_and_its_copies_count_as_one_origin(graph: GraphStore) -> None:
    result = corroboration(graph, first_claim(graph, "wire-1"))
    reports = {c["report_id"] for g in result.groups for c in g["claims"]}
    assert reports == {rid("wire-1"), rid("wire-2"), rid("wire-3")}
    assert result.corroborating == 2
    assert result.independent_origins == 1


def test_two_independent_origins_are_counted_twice(graph: GraphStore) -> None:
    result = corroboration(graph, first_claim(graph, "independent-3"))
    assert result.corroborating == 2
    assert result.independent_origins == 2
    origin_reports = sorted(o["report_id"] for g in result.groups for o in g["origins"])
    assert origin_reports == sorted([rid("independent-1"), rid("independent-2")])


def test_unrelated_claims_do_not_corroborate(graph: GraphStore) -> None:
    result = corroboration(graph, first_claim(graph, "dangling"))
    assert result.corroborating == 0 and result.independent_origins == 1


def test_claims_about_a_country_include_its_provinces(graph: GraphStore) -> None:
    page = claims_about(graph, "Afghanistan")
    quotes = [c["quote"] for c in page.claims]
    assert page.total == len(quotes) == 7  # 3 in Nangarhar (chain), 4 in Kabul (diamond)
    assert any("Nangarhar" in q for q in quotes) and any("Kabul" in q for q in quotes)
    dates = [c["published"] for c in page.claims]
    assert dates == sorted(dates, reverse=True)


def test_claims_about_filters_and_pages(graph: GraphStore) -> None:
    sourced = claims_about(graph, "Afghanistan", ClaimFilter(sourced=True))
    assert sourced.total == 6  # all but the workshop watch's own observation
    april = claims_about(graph, "Afghanistan", ClaimFilter(since="2025-04-02", until="2025-04-05"))
    assert sorted(c["publisher"] for c in april.claims) == ["Fixture Left Review", "Fixture Right Review"]
    by_publisher = claims_about(graph, "Afghanistan", ClaimFilter(publisher="fixture digest"))
    assert by_publisher.total == 1
    first, second = (claims_about(graph, "Afghanistan", limit=4, offset=o) for o in (0, 4))
    assert len(first.claims) == 4 and len(second.claims) == 3
    assert not {c["claim_id"] for c in first.claims} & {c["claim_id"] for c in second.claims}
    assert claims_about(graph, "Haqqani Network", ClaimFilter(region="Kabul")).total == 4


def test_unknown_entity_and_claim_are_not_found(graph: GraphStore) -> None:
    with pytest.raises(NotFoundError):
        claims_about(graph, "No Such Group")
    with pytest.raises(NotFoundError):
        source_chain(graph, "clm:0000")


def test_relationship_evidence_lists_co_mentions_with_origins(graph: GraphStore) -> None:
    result = relationship_evidence(graph, "Haqqani Network", "Kabul")
    co = result.co_mentions
    assert len(co["claims"]) == 4
    assert co["independent_origins"] == 1
    assert all(c["quote"].startswith("The Haqqani Network") for c in co["claims"])


def test_entity_profile_counts_and_timeline(graph: GraphStore) -> None:
    profile = entity_profile(graph, "ISKP")
    assert profile.entity["name"] == "Islamic State Khorasan Province"
    assert profile.claim_count == 3 and profile.report_count == 3
    assert [t["month"] for t in profile.timeline] == ["2025-03"]
    assert "Nangarhar" in [c["name"] for c in profile.co_mentioned]
