"""The actor network's edges, filters and expansion, source dependency and the publisher
network, on both stores."""

from __future__ import annotations

import pytest

from graph.stores.base import GraphStore
from queries.analysis.dependency import publisher_network, source_dependency
from queries.analysis.network import (
    ActorNetwork,
    NetworkFilter,
    actor_network,
    claim_pairs,
    expand_edge,
    fast_pairs,
)
from queries.chain import NotFoundError
from tests.analysis.graphs import eid, rid, sourcing, write


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    return write(store, sourcing())


def edges(network: ActorNetwork) -> dict[tuple[str, str, str], dict[str, object]]:
    return {(network.name(e.source), e.predicate, network.name(e.target)): network.edge_record(e)
            for e in network.edges.values()}


def test_one_edge_per_pair_and_predicate_with_its_evidence(graph: GraphStore) -> None:
    found = edges(actor_network(graph))
    assert set(found) == {("Omega", "shelters", "Sigma"), ("Omega", "co-mentioned", "Sigma"),
                          ("Tau", "co-mentioned", "Upsilon")}
    shelters = found[("Omega", "shelters", "Sigma")]
    assert shelters["directed"] is True
    assert {k: shelters[k] for k in ("claims", "reports", "independent_origins", "hedged_share",
                                     "first", "last")} == {
        "claims": 4, "reports": 4, "independent_origins": 2, "hedged_share": 0.25,
        "first": "2024-01-10", "last": "2025-03-01"}
    assert found[("Omega", "co-mentioned", "Sigma")]["independent_origins"] == 1


def test_filters(graph: GraphStore) -> None:
    def claims(filters: NetworkFilter) -> dict[tuple[str, str, str], object]:
        return {k: v["claims"] for k, v in edges(actor_network(graph, filters)).items()}

    assert claims(NetworkFilter(since="2025-01-01")) == {("Omega", "shelters", "Sigma"): 1}
    assert claims(NetworkFilter(until="2024-01-10")) == {("Omega", "shelters", "Sigma"): 1,
                                                         ("Omega", "co-mentioned", "Sigma"): 1}
    assert claims(NetworkFilter(hedged=True)) == {("Omega", "shelters", "Sigma"): 1}
    assert claims(NetworkFilter(predicates=("shelters",))) == {("Omega", "shelters", "Sigma"): 4}
    assert claims(NetworkFilter(region="Afghanistan")) == {("Omega", "co-mentioned", "Sigma"): 2}
    with_regions = claims(NetworkFilter(include_regions=True, min_origins=2))
    assert ("Omega", "co-mentioned", "Kunar") not in with_regions
    assert with_regions[("Omega", "shelters", "Sigma")] == 4
    assert ("Omega", "co-mentioned", "Kunar") in claims(NetworkFilter(include_regions=True))
    with pytest.raises(NotFoundError, match="not a region"):
        actor_network(graph, NetworkFilter(region="Omega"))


def test_origins_left_uncounted_when_asked(graph: GraphStore) -> None:
    network = actor_network(graph, NetworkFilter(count_origins=False))
    assert network.origins is None and network.notes
    assert all(network.edge_record(e)["independent_origins"] is None for e in network.edges.values())


def test_an_edge_expands_to_its_claims_and_quotes(graph: GraphStore) -> None:
    answer = expand_edge(graph, "Omega", "Sigma", predicate="shelters")
    assert answer.total["claims"] == 4 and len(answer.claims) == 4
    assert [c["report_id"] for c in answer.claims] == [rid("wire"), rid("copy"), rid("courier"),
                                                         rid("monitor")]
    texts = graph.get_nodes([c["report_id"] for c in answer.claims])
    for claim in answer.claims:
        assert texts[claim["report_id"]].props["text"][claim["start"]:claim["end"]] == claim["quote"]
        assert claim["independent_origins"]
    both = expand_edge(graph, "Omega", "Sigma", limit=2, offset=1)
    assert both.total["claims"] == 6 and len(both.claims) == 2 and len(both.edges) == 2


def test_source_dependency(graph: GraphStore) -> None:
    answer = source_dependency(graph, "Omega")
    assert answer.claims == 6 and answer.independent_origins == 2
    assert [g["claims"] for g in answer.origins] == [5, 1]
    assert answer.origins[0]["origins"][0]["publisher"] == "Fixture Wire"
    assert answer.headline == "83% of 6 claims about Omega trace to 1 of 2 independent origin(s)."
    in_kunar = source_dependency(graph, "Omega", region="Afghanistan", until="2024-12-31")
    assert in_kunar.headline == ("100% of 2 claims about Omega in Afghanistan (… to 2024-12-31) "
                                    "trace to 1 of 1 independent origin(s).")
    assert source_dependency(graph, "Omega", since="2026-01-01").headline.startswith("No claims")


def test_publisher_network(graph: GraphStore) -> None:
    answer = publisher_network(graph)
    links = {(e["from"], e["to"]): (e["citations"], e["republications"]) for e in answer.edges}
    assert links == {("Fixture Courier", "Fixture Wire"): (1, 0), ("Fixture Reprint", "Fixture Wire"): (0, 1),
                     ("Fixture Left", "Fixture Right"): (1, 0), ("Fixture Right", "Fixture Left"): (1, 0)}
    assert [c["publishers"] for c in answer.circular_clusters] == [["Fixture Left", "Fixture Right"]]
    communities = [set(c["publishers"]) for c in answer.communities]
    assert {"Fixture Courier", "Fixture Reprint", "Fixture Wire"} in communities
    assert publisher_network(graph, since="2024-03-01").edges == [
        e for e in answer.edges if e["from"] in ("Fixture Left", "Fixture Right")]


def test_entity_ids_are_what_the_network_names(graph: GraphStore) -> None:
    assert eid("Omega") in actor_network(graph).entities


@pytest.mark.parametrize("links", [
    [("MENTIONS", "org:b", ""), ("MENTIONS", "org:a", "")],
    [("MENTIONS", "org:a", ""), ("MENTIONS", "org:a", "")],
    [("SUBJECT", "org:b", "supplies"), ("OBJECT", "org:a", "")],
    [("OBJECT", "org:a", ""), ("SUBJECT", "org:b", "")],
    [("SUBJECT", "org:a", "fights"), ("OBJECT", "org:a", "")],
    [("SUBJECT", "org:a", "fights"), ("MENTIONS", "org:b", "")],
    [("OBJECT", "org:a", ""), ("OBJECT", "org:b", "")],
    [("SUBJECT", "org:a", "fights"), ("OBJECT", "org:b", ""), ("MENTIONS", "org:c", "")],
])
def test_the_quick_pairs_are_the_claims_pairs(links: list[tuple[str, str, str]]) -> None:
    assert fast_pairs(links, "co-mentioned") == claim_pairs(links, "co-mentioned")
