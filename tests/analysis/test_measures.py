"""Measures on small graphs with known answers, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import install
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from queries.analysis.dependency import publisher_network, source_dependency
from queries.analysis.measures import analyse, ego_network, stored_ego_network, to_graph
from queries.analysis.network import NetworkFilter, actor_network, expand_edge
from queries.analysis.settings import OVERRIDE_VARIABLE, settings
from queries.analysis.snapshots import by_year, snapshot, yearly, years
from queries.chain import NotFoundError
from tests.analysis.graphs import changing_alliance, eid, sourcing, star, two_clusters, write
from tests.conftest import make_neo4j_store


def by_id(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["id"]: row for row in rows}


def test_star_hub_is_central_and_the_only_cut_point(store: GraphStore) -> None:
    result = analyse(actor_network(write(store, star(5))))
    nodes = by_id(result.nodes)
    hub = nodes[eid("Hub")]
    assert result.nodes[0]["id"] == eid("Hub")
    assert hub["degree"] == 5 and hub["betweenness"] == 1.0
    assert all(nodes[eid(f"Leaf {i}")]["degree"] == 1 and nodes[eid(f"Leaf {i}")]["betweenness"] == 0
               for i in range(1, 6))
    assert hub["evidence"] == {"claims": 5, "reports": 5, "independent_origins": 5, "hedged_share": 0.0,
                               "first": "2024-03-01", "last": "2024-03-01"}
    assert [p["id"] for p in result.articulation_points] == [eid("Hub")]
    assert len(result.bridges) == 5
    assert all(b["evidence"]["claims"] == 1 for b in result.bridges)


def test_two_cliques_joined_by_a_bridge(store: GraphStore) -> None:
    network = actor_network(write(store, two_clusters()))
    result = analyse(network)
    members = [{m["name"] for m in c["members"]} for c in result.communities]
    assert sorted(members, key=sorted) == [{"A1", "A2", "A3", "A4"}, {"B1", "B2", "B3", "B4"}]
    assert [(b["source_name"], b["target_name"], b["predicates"]) for b in result.bridges] == [
        ("A1", "B1", "supplies")]
    assert sorted(p["name"] for p in result.articulation_points) == ["A1", "B1"]
    nodes = {row["name"]: row for row in result.nodes}
    assert nodes["A1"]["betweenness"] == nodes["B1"]["betweenness"] > nodes["A2"]["betweenness"]
    assert nodes["A1"]["communities_linked"] == 1 and nodes["A2"]["communities_linked"] == 0
    assert result.modularity > 0.3
    assert all(c["evidence"]["claims"] == 6 for c in result.communities)


def test_results_repeat(store: GraphStore) -> None:
    write(store, two_clusters())
    assert analyse(actor_network(store)) == analyse(actor_network(store))


def test_ego_network_and_unknown_entity(store: GraphStore) -> None:
    network = actor_network(write(store, two_clusters()))
    ego = ego_network(network, eid("A1"), radius=1)
    assert sorted(e.name for e in ego.entities.values()) == ["A1", "A2", "A3", "A4", "B1"]
    assert len(ego.edges) == 7
    assert to_graph(ego).number_of_edges() == 7
    with pytest.raises(NotFoundError):
        ego_network(network, "org:nobody")


EGO_FILTERS = (NetworkFilter(), NetworkFilter(since="2024-01-01"), NetworkFilter(hedged=False),
               NetworkFilter(sourced=True), NetworkFilter(include_regions=True),
               NetworkFilter(predicates=("co-mentioned",)))
EGO_NAMES = ["all", "since", "unhedged", "sourced", "regions", "co-mentions"]


@pytest.mark.parametrize("wanted", EGO_FILTERS, ids=EGO_NAMES)
def test_stored_ego_network_is_the_whole_networks(store: GraphStore, wanted: NetworkFilter) -> None:
    write(store, [*two_clusters(), *sourcing(), *changing_alliance()])
    whole = actor_network(store, wanted)
    for name in ("A1", "B3", "Omega", "Alpha", "Beta", "Kunar"):
        for radius in (1, 2, 3):
            if eid(name) not in whole.entities:
                with pytest.raises(NotFoundError):
                    stored_ego_network(store, eid(name), radius, wanted)
                continue
            expected = ego_network(whole, eid(name), radius).to_dict()
            assert stored_ego_network(store, eid(name), radius, wanted).to_dict() == expected, (name, radius)


def test_sourced_filter_keeps_claims_that_cite(store: GraphStore) -> None:
    write(store, sourcing())
    cited = actor_network(store, NetworkFilter(sourced=True))
    assert {(e.source, e.target, e.predicate, len(e.claims)) for e in cited.edges.values()} == {
        (eid("Omega"), eid("Sigma"), "shelters", 1), (eid("Tau"), eid("Upsilon"), "co-mentioned", 2)}
    uncited = actor_network(store, NetworkFilter(sourced=False))
    assert sum(len(e.claims) for e in uncited.edges.values()) == sum(
        len(e.claims) for e in actor_network(store).edges.values()) - 3


def test_changing_alliance_year_by_year(store: GraphStore) -> None:
    result = yearly(actor_network(write(store, changing_alliance())))
    assert [y["year"] for y in result.years] == ["2023", "2024"]
    first, second = result.years
    assert first["totals"]["edges"] == 1 and first["totals"]["reports"] == 2
    changes = second["changes"]
    assert [(c["source_name"], c["predicate"], c["target_name"]) for c in changes["edges_added"]] == [
        ("Alpha", "allied with", "Gamma"), ("Beta", "allied with", "Delta")]
    assert [(c["source_name"], c["target_name"], c["before"]) for c in changes["edges_removed"]] == [
        ("Alpha", "Beta", 2)]
    assert changes["entities_joined"] == sorted([eid("Gamma"), eid("Delta")])
    moved = {m["name"]: m for m in changes["community_moves"]}
    assert moved["Alpha"]["left"] == ["Beta"] and moved["Alpha"]["joined"] == ["Gamma"]


def test_both_stores_give_identical_answers(tmp_path: Path, neo4j_settings: dict[str, str]) -> None:
    docs = [*sourcing(), *two_clusters(), *changing_alliance()]
    embedded = write(EmbeddedStore(tmp_path / "store"), docs)
    neo4j = write(make_neo4j_store(neo4j_settings), docs)
    try:
        answers = [(analyse(actor_network(s, NetworkFilter(include_regions=True))),
                    yearly(actor_network(s)), source_dependency(s, "Omega"), publisher_network(s),
                    expand_edge(s, "A1", "B1")) for s in (embedded, neo4j)]
        assert answers[0] == answers[1]
    finally:
        embedded.close()
        neo4j.close()


def test_settings_override_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "analysis.yaml"
    override.write_text("seed: 11\nbetweeness_sample: 5\n", encoding="utf-8")
    monkeypatch.setenv(OVERRIDE_VARIABLE, str(override))
    install(None)   # read the settings again, as a new process would
    settings.cache_clear()
    try:
        with pytest.raises(ValueError, match=f"{override}: unknown analysis setting.*betweeness_sample"):
            settings()
        override.write_text("seed: 11\n", encoding="utf-8")
        settings.cache_clear()
        assert settings().seed == 11 and settings().betweenness_sample == 500
    finally:
        monkeypatch.delenv(OVERRIDE_VARIABLE)
        install(None)   # read the settings again, as a new process would
        settings.cache_clear()


def test_the_years_split_at_once_are_each_years_snapshot(store: GraphStore) -> None:
    network = actor_network(write(store, [*changing_alliance(), *sourcing()]))
    split = by_year(network)
    assert list(split) == years(network) == ["2023", "2024", "2025"]
    for year, part in split.items():
        alone = snapshot(network, year)
        assert {k: e.claims for k, e in part.edges.items()} == {k: e.claims for k, e in alone.edges.items()}
        assert (part.claims, part.entities, part.origins) == (alone.claims, alone.entities, alone.origins)
