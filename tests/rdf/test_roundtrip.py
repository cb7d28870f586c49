"""Round trip: export, import into an empty store, export again; the same graph both times."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graph.model import Node, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.rdf.importer import RdfImportError, import_file, read_graph
from graph.stores.embedded import EmbeddedStore
from tests.builders import report_batch
from tests.rdf.common import assert_conforms, exported_graph, exported_text, store_contents


def round_trip(store: EmbeddedStore, tmp_path: Path, fmt: str) -> EmbeddedStore:
    """Export ``store`` as ``fmt`` to a file and import that file into a new, empty store."""
    path = tmp_path / f"export.{fmt}"
    path.write_text(exported_text(store, fmt), encoding="utf-8")
    copy = EmbeddedStore(tmp_path / f"copy-{fmt}")
    summary = import_file(copy, path)
    assert summary.errors == []
    return copy


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_examples_round_trip_exactly(example_store: EmbeddedStore, tmp_path: Path, fmt: str) -> None:
    copy = round_trip(example_store, tmp_path, fmt)
    assert store_contents(copy) == store_contents(example_store)
    assert copy.stats() == example_store.stats()
    assert isomorphic(exported_graph(copy, "ttl"), exported_graph(example_store, "ttl"))


def test_seed_report_round_trips_exactly(seed_store: EmbeddedStore, tmp_path: Path) -> None:
    copy = round_trip(seed_store, tmp_path, "ttl")
    assert store_contents(copy) == store_contents(seed_store)
    second = exported_graph(copy, "ttl")
    assert isomorphic(second, exported_graph(seed_store, "ttl"))
    assert_conforms(second)


def test_tiny_graph_round_trips(tiny_store: EmbeddedStore, tmp_path: Path) -> None:
    copy = round_trip(tiny_store, tmp_path, "ttl")
    assert store_contents(copy) == store_contents(tiny_store)


def test_lists_keep_order_and_duplicates_and_dates_their_spelling(tmp_path: Path) -> None:
    text = "Al Qaeda is regrouping in Afghanistan. More."
    url = "https://example.org/lists"
    report = Node("Report", report_id(url=url), {
        "title": "Lists", "url": url, "text": text, "sha256": sha256_hex(text), "stub": False,
        "authors": ["Zed", "Amy", "Zed"], "published": "2025-03-07T10:00:00Z",
        "modified": "2025-03-08"})
    builder = ReportBuilder(report, ingestion_node("tests", sha256_hex(text), "lists.txt"))
    builder.claim(0, 38, method="sentence", confidence=0.5, hedged=True, hedges=["may", "reportedly"],
                  sourced=False, attributed_to=[])
    store = EmbeddedStore(tmp_path / "lists")
    store.write_batch(builder.build())
    copy = round_trip(store, tmp_path, "nt")
    nodes, _ = store_contents(copy)
    assert nodes[report.id][1]["authors"] == ["Zed", "Amy", "Zed"]
    assert nodes[report.id][1]["published"] == "2025-03-07T10:00:00Z"
    assert store_contents(copy) == store_contents(store)


def test_cited_reports_and_stubs_round_trip_in_any_ingest_order(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "order")
    # A cites B before B is ingested (B starts as a stub), then B arrives.
    store.write_batch(report_batch("https://example.org/a", "Al Qaeda met in Afghanistan. X.",
                                   cites="https://example.org/b"))
    store.write_batch(report_batch("https://example.org/b", "Al Qaeda trains in Afghanistan. Y."))
    store.write_batch(report_batch("https://example.org/c", "Al Qaeda is in Afghanistan. Z.",
                                   cites="https://example.org/gone"))
    copy = round_trip(store, tmp_path, "ttl")
    assert store_contents(copy) == store_contents(store)


def test_import_names_the_file_and_the_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix : <http://x/> . :a :b ", encoding="utf-8")
    with pytest.raises(RdfImportError, match=r"broken\.ttl"):
        read_graph(broken)
    foreign = tmp_path / "foreign.ttl"
    foreign.write_text("<http://x/a> <http://x/b> <http://x/c> .", encoding="utf-8")
    with pytest.raises(RdfImportError, match=r"foreign\.ttl.*no conflictkg nodes"):
        import_file(EmbeddedStore(tmp_path / "s"), foreign)
    unknown = tmp_path / "data.xyz"
    unknown.write_text("", encoding="utf-8")
    with pytest.raises(RdfImportError, match="unknown RDF file type"):
        read_graph(unknown)
    with pytest.raises(RdfImportError, match="import limit"):
        read_graph(broken, max_bytes=10)


def test_a_claim_whose_report_is_missing_is_reported_and_the_rest_imported(
        example_store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "partial.nt"
    lines = exported_text(example_store, "nt").splitlines(keepends=True)
    report = next(n for n in example_store.find_nodes("Report", {"stub": False}))
    report_iri = f"<https://w3id.org/conflictkg/report/{report.id.split(':', 1)[1]}>"
    kept = [line for line in lines if not line.startswith(report_iri)]
    path.write_text("".join(kept), encoding="utf-8")
    copy = EmbeddedStore(tmp_path / "partial")
    summary = import_file(copy, path)
    assert summary.errors and all("partial.nt" in e for e in summary.errors)
    assert any(report.id in e for e in summary.errors)
    ingested = len(example_store.find_nodes("Report", {"stub": False}))
    assert summary.batches == ingested - 1
