"""The network routes over a real HTTP server (embedded store; the queries behind them run
on both stores in test_network.py and test_measures.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest

from api.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.analysis.graphs import eid, sourcing, two_clusters, write
from tests.api.conftest import LiveServer


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    store = EmbeddedStore(tmp_path_factory.mktemp("http") / "store")
    write(store, [*sourcing(), *two_clusters()])
    with LiveServer(store, Settings()) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        yield http
    store.close()


def test_network_and_filters(client: httpx.Client) -> None:
    whole = client.get("/network").json()
    assert whole["totals"]["edges"] == 3 + 13
    only = client.get("/network", params={"predicate": "shelters", "min_origins": 2}).json()
    assert [(e["source_name"], e["target_name"], e["independent_origins"]) for e in only["edges"]] == [
        ("Omega", "Sigma", 2)]
    assert client.get("/network", params={"region": "Afghanistan"}).json()["totals"]["claims"] == 2
    assert client.get("/network", params={"since": "not-a-date"}).status_code == 422
    assert client.get("/network", params={"region": "Nowhere"}).status_code == 404


def test_measures_ego_snapshots(client: httpx.Client) -> None:
    measures = client.get("/network/measures", params={"weight": "independent_origins"}).json()
    assert measures["weight"] == "independent_origins"
    assert [b["source_name"] for b in measures["bridges"] if b["target_name"] == "B1"] == ["A1"]
    ego = client.get(f"/network/ego/{eid('B1')}", params={"radius": 1}).json()
    assert sorted(n["name"] for n in ego["nodes"]) == ["A1", "B1", "B2", "B3", "B4"]
    years = client.get("/network/snapshots").json()["years"]
    assert [y["year"] for y in years] == ["2024", "2025"]
    assert client.get("/network/measures", params={"weight": "votes"}).status_code == 422


def test_edge_dependency_publishers(client: httpx.Client) -> None:
    edge = client.get("/network/edge", params={"a": "Omega", "b": "Sigma", "predicate": "shelters"}).json()
    assert edge["total"]["claims"] == 4 and all(c["quote"] for c in edge["claims"])
    dependency = client.get("/network/dependency/Omega").json()
    assert dependency["independent_origins"] == 2 and dependency["origins"][0]["share"] == 0.8333
    publishers = client.get("/network/publishers").json()
    assert publishers["circular_clusters"][0]["publishers"] == ["Fixture Left", "Fixture Right"]
    assert client.get("/network/dependency/Nobody").status_code == 404


def test_graphml_and_actor_pages(client: httpx.Client, tmp_path: Path) -> None:
    response = client.get("/network/graphml")
    assert response.status_code == 200 and "graphml" in response.headers["content-type"]
    (tmp_path / "n.graphml").write_bytes(response.content)
    graph = nx.read_graphml(tmp_path / "n.graphml")
    assert graph.nodes[eid("A1")]["articulation_point"] is True
    page = client.get("/view/actors")
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    data = client.get(f"/view/actors/{eid('A1')}/data").json()
    assert data["kind"] == "actors" and data["focus"] == eid("A1")
    assert {n["id"] for n in data["nodes"]} == {eid(n) for n in ("A1", "A2", "A3", "A4", "B1")}
