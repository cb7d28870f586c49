"""``conflictkg export`` and ``conflictkg import`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded import EmbeddedStore
from tests.rdf.common import store_contents


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_then_import_through_the_cli(example_store: EmbeddedStore, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    code, _, err = run("export", "--store", str(example_store.root), "--format", "ttl", "--out", str(out))
    assert code == 0, err
    assert not out.with_name("graph.ttl.partial").exists()
    copy = tmp_path / "copy"
    code, stdout, err = run("import", str(out), "--store", str(copy), "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["errors"] == [] and summary["batches"] > 0
    assert store_contents(EmbeddedStore(copy)) == store_contents(example_store)


def test_export_to_standard_output_and_subgraph_options(example_store: EmbeddedStore) -> None:
    claim = example_store.find_nodes("Claim", limit=1)[0]
    code, stdout, err = run("export", "-s", str(example_store.root), "-f", "nt", "--claim", claim.id)
    assert code == 0, err
    graph = Graph().parse(data=stdout, format="nt")
    assert len(graph) > 0
    code, _, err = run("export", "-s", str(example_store.root), "--claim", claim.id, "--report", "rep:x")
    assert code != 0 and "at most one" in err
    code, _, err = run("export", "-s", str(example_store.root), "--entity", "org:does-not-exist")
    assert code == 1 and "org:does-not-exist" in err


def test_graphml_and_csv_through_the_cli(example_store: EmbeddedStore, tmp_path: Path) -> None:
    code, _, err = run("export", "-s", str(example_store.root), "-f", "csv", "-o", str(tmp_path / "csv"))
    assert code == 0, err
    assert (tmp_path / "csv" / "nodes.csv").stat().st_size > 0
    assert (tmp_path / "csv" / "edges.csv").stat().st_size > 0
    code, _, err = run("export", "-s", str(example_store.root), "-f", "csv")
    assert code == 1 and "--out" in err
    code, stdout, err = run("export", "-s", str(example_store.root), "-f", "graphml")
    assert code == 0 and stdout.lstrip().startswith("<?xml"), err


def test_import_of_a_bad_file_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    code, _, err = run("import", str(bad), "--store", str(tmp_path / "s"))
    assert code == 1 and "bad.ttl" in err
    code, _, err = run("import", str(tmp_path / "missing.ttl"), "--store", str(tmp_path / "s"))
    assert code == 1 and "no such file" in err
