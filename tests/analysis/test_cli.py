"""``conflictkg analyse`` end to end on an embedded store: text, JSON, CSV and GraphML."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded import EmbeddedStore
from tests.analysis.graphs import Doc, eid, sourcing, together, two_clusters, write


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("analyse") / "store"
    store = EmbeddedStore(folder)
    write(store, [*sourcing(), *two_clusters()])
    store.close()
    return str(folder)


def test_network_json_and_csv_agree(store_dir: str) -> None:
    code, out, _ = run("analyse", "network", "--json", "--store", store_dir)
    assert code == 0
    answer = json.loads(out)
    code, out, _ = run("analyse", "network", "--csv", "--store", store_dir)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(answer["edges"]) == answer["totals"]["edges"]
    shelters = next(r for r in rows if r["predicate"] == "shelters")
    assert (shelters["source_name"], shelters["target_name"], shelters["claims"],
            shelters["independent_origins"]) == ("Omega", "Sigma", "4", "2")


def test_measures_bridges_and_filters(store_dir: str) -> None:
    code, out, _ = run("analyse", "measures", "--csv", "--store", store_dir)
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and float(rows["A1"]["betweenness"]) > float(rows["A2"]["betweenness"])
    code, out, _ = run("analyse", "bridges", "--store", store_dir)
    assert code == 0 and "A1 -- B1 (supplies): 1 claims, 1 reports, 1 origins" in out
    code, out, _ = run("analyse", "network", "--predicate", "shelters", "--since", "2025-01-01",
                       "--store", store_dir)
    assert code == 0 and out.startswith("2 entities, 1 edges, 1 claims")


def test_dependency_edge_and_publishers(store_dir: str) -> None:
    code, out, _ = run("analyse", "dependency", "Omega", "--store", store_dir)
    assert code == 0
    assert out.splitlines()[0] == "83% of 6 claims about Omega trace to 1 of 2 independent origin(s)."
    code, out, _ = run("analyse", "edge", "Omega", "Sigma", "--predicate", "shelters", "--csv",
                       "--store", store_dir)
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 4
    code, out, _ = run("analyse", "publishers", "--store", store_dir)
    assert code == 0 and "circular: Fixture Left, Fixture Right repeat one another" in out


def test_graphml_carries_the_measures(store_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "actors.graphml"
    code, out, _ = run("analyse", "graphml", "--out", str(target), "--store", store_dir)
    assert code == 0 and out.startswith(f"Wrote {target}")
    graph = nx.read_graphml(target)
    hub = graph.nodes[eid("A1")]
    assert hub["name"] == "A1" and hub["articulation_point"] is True and hub["pagerank"] > 0
    assert graph.edges[eid("A1"), eid("B1")]["bridge"] is True
    assert graph.edges[eid("A1"), eid("B1")]["claims"] == 1


def test_bad_options_give_one_error_line(store_dir: str) -> None:
    code, _, err = run("analyse", "measures", "--json", "--csv", "--store", store_dir)
    assert code == 2 and "choose one" in err
    code, _, err = run("analyse", "measures", "--weight", "votes", "--store", store_dir)
    assert code == 2 and "--weight" in err
    code, _, err = run("analyse", "ego", "Nobody", "--store", store_dir)
    assert code == 1 and err.strip() == "error: no organisation, region or person named 'Nobody'"
    code, _, err = run("analyse", "network", "--region", "Omega", "--store", store_dir)
    assert code == 1 and "not a region" in err


def test_demo_writes_the_chain_it_prints_and_the_actor_view(tmp_path: Path) -> None:
    chain_file = tmp_path / "demo-graph.html"
    code, out, err = run("demo", "--store", str(tmp_path / "demo"), "--out", str(chain_file))
    assert code == 0, err
    assert f"Wrote {chain_file}: the source chain above" in out
    assert f"Wrote {tmp_path / 'demo-actors.html'}: the actor network (" in out
    chain_page = chain_file.read_text(encoding="utf-8")
    assert '"kind": "chain"' in chain_page and "Source chain: " in chain_page
    printed = [line.split('"', 1)[1].rstrip('"') for line in out.splitlines()
               if line.startswith("      clm:")]
    assert printed and all(quote[:40] in chain_page for quote in printed)
    actors_page = (tmp_path / "demo-actors.html").read_text(encoding="utf-8")
    assert '"kind": "actors"' in actors_page and "Al Qaeda" in actors_page


def test_view_writes_an_offline_actor_page(store_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "a1.html"
    code, out, err = run("analyse", "view", "A1", "--out", str(target), "--store", store_dir)
    assert code == 0, err
    assert out.startswith(f"Wrote {target}: 5 entities, 7 links")
    page = target.read_text(encoding="utf-8")
    assert '"kind": "actors"' in page and "<script src=" not in page


def test_csv_defuses_formulas_in_names(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    write(store, [Doc("formula", "2024-01-01", [together("=SUM(A1)", "Omega")])])
    store.close()
    code, out, _ = run("analyse", "network", "--csv", "--store", str(tmp_path / "store"))
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {row["source_name"], row["target_name"]} == {"'=SUM(A1)", "Omega"}
    assert row["hedged_share"] == "0.0" and row["directed"] == "false"
