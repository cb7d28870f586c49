"""GraphML and CSV exports load back with networkx and the csv module."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from graph.exporters.export import Selection, export_graph, iter_chunks, write_csv_tables
from graph.exporters.graphml import LIST_SEPARATOR
from graph.exporters.tables import cell
from graph.stores.embedded import EmbeddedStore
from tests.rdf.common import exported_text, store_contents


def test_graphml_loads_back_with_every_node_edge_and_scalar(example_store: EmbeddedStore,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    path.write_text(exported_text(example_store, "graphml"), encoding="utf-8")
    graph = nx.read_graphml(path)
    nodes, edges = store_contents(example_store)
    assert set(graph.nodes) == set(nodes)
    assert graph.number_of_edges() == len(edges)
    for node_id, (label, props) in nodes.items():
        data = graph.nodes[node_id]
        assert data["category"] == label
        for name, value in props.items():
            expected = LIST_SEPARATOR.join(value) if isinstance(value, list) else value
            assert data[name] == expected, (node_id, name)
    types = {d["relationship"] for _, _, d in graph.edges(data=True)}
    assert types == {t for t, *_ in edges.values()}


def test_csv_tables_load_back_exactly(example_store: EmbeddedStore, tmp_path: Path) -> None:
    nodes_path, edges_path = write_csv_tables(iter_chunks(example_store), tmp_path / "tables")
    nodes, edges = store_contents(example_store)
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Id"] for r in rows} == set(nodes)
    for row in rows:
        assert (row["category"], json.loads(row["properties_json"])) == nodes[row["Id"]]
    with edges_path.open(encoding="utf-8", newline="") as handle:
        edge_rows = list(csv.DictReader(handle))
    assert {r["Id"]: (r["Label"], r["Source"], r["Target"], json.loads(r["properties_json"]))
            for r in edge_rows} == edges
    assert {r["Type"] for r in edge_rows} == {"Directed"}


def test_streamed_csv_matches_the_written_tables(example_store: EmbeddedStore, tmp_path: Path) -> None:
    nodes_path, edges_path = write_csv_tables(iter_chunks(example_store), tmp_path / "t")
    assert "".join(export_graph(example_store, "csv-nodes")) == nodes_path.read_bytes().decode("utf-8")
    assert "".join(export_graph(example_store, "csv-edges")) == edges_path.read_bytes().decode("utf-8")


def test_subgraph_tables(example_store: EmbeddedStore) -> None:
    report = example_store.find_nodes("Report", {"stub": False})[0]
    rows = list(csv.DictReader("".join(export_graph(
        example_store, "csv-nodes", Selection("report", report.id))).splitlines()))
    assert report.id in {r["Id"] for r in rows}
    assert len(rows) < len(store_contents(example_store)[0])


def test_spreadsheet_formulas_are_defused_in_readable_cells() -> None:
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell("-2+3") == "'-2+3"
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell(["a", "b"]) == "a; b"
    assert cell(True) == "true" and cell(None) == "" and cell(0.5) == "0.5"
