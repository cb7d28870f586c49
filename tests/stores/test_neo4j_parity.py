"""The example corpus gives the same graph in Neo4j as in the embedded store.

Everything is compared through the store interface: counts, every node (id, label,
properties) and every relationship (id, type, ends, properties), after ingest, after
re-ingest, after bulk writes and after each report is deleted in turn.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model import GraphBatch
from graph.schema import SCHEMA
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import batch_for, ingest_paths, iter_input_files
from loaders.source import read_source
from tests.builders import report_batch
from tests.conftest import ROOT, make_neo4j_store

pytestmark = pytest.mark.neo4j

EXAMPLES = ROOT / "examples" / "reports"
Dump = tuple[dict[str, int], dict[str, Any], dict[str, Any]]


def present(props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j cannot hold null, so a property set to None reads back as absent there.

    Both mean "no value"; the comparison treats them alike and nothing else.
    """
    return {k: v for k, v in props.items() if v is not None}


def dump(store: GraphStore, *, ingestion_time: bool = True) -> Dump:
    """Counts, all nodes and all relationships, read through the interface."""
    nodes: dict[str, Any] = {}
    for label in SCHEMA.nodes:
        for node in store.find_nodes(label, limit=1_000_000):
            props = present(node.props)
            if label == "Ingestion" and not ingestion_time:
                props.pop("time")
            nodes[node.id] = (node.label, props)
    edges = {e.id: (e.type, e.source, e.target, present(e.props))
             for e in store.edges(sorted(nodes), None, "out")}
    return store.stats(), nodes, edges


def corpus_batches() -> list[GraphBatch]:
    """The example corpus as the loaders build it, one batch per file."""
    return [batch_for(read_source(path))[1] for path in iter_input_files([EXAMPLES])]


@pytest.fixture
def both(tmp_path: Path, neo4j_settings: dict[str, str]) -> Iterator[tuple[GraphStore, GraphStore]]:
    """An empty embedded store and an emptied Neo4j store."""
    embedded = EmbeddedStore(tmp_path / "store")
    neo4j = make_neo4j_store(neo4j_settings)
    try:
        yield embedded, neo4j
    finally:
        neo4j.close()


def test_ingesting_the_example_corpus_gives_identical_graphs(
        both: tuple[GraphStore, GraphStore]) -> None:
    embedded, neo4j = both
    for store in both:
        summary = ingest_paths(store, [EXAMPLES])
        assert summary.outcomes and not summary.failed
    expected = dump(embedded, ingestion_time=False)
    assert expected[0]["Claim"] > 0 and expected[2]
    assert dump(neo4j, ingestion_time=False) == expected     # the clock differs, nothing else
    for store in both:
        ingest_paths(store, [EXAMPLES])
    assert dump(neo4j, ingestion_time=False) == dump(embedded, ingestion_time=False) == expected


def test_bulk_writes_of_the_corpus_equal_report_by_report_writes(
        both: tuple[GraphStore, GraphStore]) -> None:
    embedded, neo4j = both
    batches = corpus_batches()
    for batch in batches:
        embedded.write_batch(batch)
    neo4j.write_batches(batches)
    assert dump(neo4j) == dump(embedded)


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_deleting_reports_one_by_one_keeps_the_graphs_identical(
        both: tuple[GraphStore, GraphStore], order: str) -> None:
    embedded, neo4j = both
    batches = corpus_batches()
    for store in both:
        store.write_batches(batches)
    reports = sorted({b.report_id for b in batches}, reverse=order == "backward")
    for report in reports:
        assert embedded.delete_report(report) is True
        assert neo4j.delete_report(report) is True
        assert dump(neo4j) == dump(embedded), f"after deleting {report}"
    assert neo4j.stats() == embedded.stats()


def test_bulk_writes_keep_in_turn_semantics_for_tangled_batches(
        both: tuple[GraphStore, GraphStore]) -> None:
    """Re-ingests, stubs upgraded later in the same call, and a citation of a stub."""
    urls = [f"https://example.org/{name}" for name in "abcd"]
    text = "Al Qaeda is regrouping in Afghanistan. Officials disagree."
    batches = [
        report_batch(urls[0], text, cites=urls[1]),
        report_batch(urls[1], "Al Qaeda trains in Afghanistan. More.", title="B"),
        report_batch(urls[0], "Al Qaeda left Afghanistan quietly. Then more.", cites=urls[2]),
        report_batch(urls[2], "Al Qaeda says little about Afghanistan. Fine.", cites=urls[3]),
        report_batch(urls[1], "Al Qaeda trains in Afghanistan. More.", title="B again"),
    ]
    embedded, neo4j = both
    for batch in batches:
        embedded.write_batch(batch)
    neo4j.write_batches(batches)
    assert dump(neo4j) == dump(embedded)
