"""Shared pieces of the linked-data tests: hand-built graphs, exports as rdflib graphs, store dumps."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from graph.exporters.export import Selection, export_graph
from graph.exporters.selection import WHOLE_GRAPH, iter_chunks
from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.rdf.jsonld import parse_jsonld
from graph.rdf.validation import validate_graph
from graph.stores.base import GraphStore

TINY_TEXT = "ISIS attacked Kabul. Officials said so."
TINY_URL = "https://example.org/tiny"
ISIS = entity_id("Organisation", wikidata="Q2429253")
TINY_TIME = "2025-01-02T03:04:05+00:00"


def tiny_batch() -> GraphBatch:
    """The hand-counted fixture: a news report, one claim, one organisation, one mention."""
    report = Node("Report", report_id(url=TINY_URL), {
        "title": "Tiny", "url": TINY_URL, "text": TINY_TEXT, "sha256": sha256_hex(TINY_TEXT),
        "stub": False, "kind": "news"})
    ingestion = ingestion_node("tests", sha256_hex(TINY_TEXT), "tiny.txt", version="1.0", time=TINY_TIME)
    builder = ReportBuilder(report, ingestion)
    claim = builder.claim(0, 20, method="sentence", confidence=0.9, hedged=False, sourced=False)
    builder.node(Node("Organisation", ISIS, {"name": "ISIS", "wikidata": "Q2429253", "resolved": True}))
    builder.evidence("MENTIONS", claim, ISIS, 0, 4, method="gazetteer", confidence=0.95, surface="ISIS")
    return builder.build()


def exported_text(store: GraphStore, fmt: str, selection: Selection = WHOLE_GRAPH) -> str:
    """The whole export as one string."""
    return "".join(export_graph(store, fmt, selection))


def exported_graph(store: GraphStore, fmt: str, selection: Selection = WHOLE_GRAPH) -> Graph:
    """An export parsed back by rdflib (JSON-LD through the offline parser)."""
    text = exported_text(store, fmt, selection)
    if fmt == "jsonld":
        return parse_jsonld(text)
    return Graph().parse(data=text, format={"ttl": "turtle", "nt": "nt"}[fmt])


def assert_conforms(graph: Graph) -> None:
    """The graph passes our SHACL shapes (the report is shown when it does not)."""
    result = validate_graph(graph)
    assert result.conforms, result.report[:4000]


def store_contents(store: GraphStore) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every node and edge, as plain values, read through the store interface."""
    nodes: dict[str, Any] = {}
    edges: dict[str, Any] = {}
    for chunk in iter_chunks(store):
        nodes.update({n.id: (n.label, n.props) for n in chunk.nodes})
        edges.update({e.id: (e.type, e.source, e.target, e.props) for e in chunk.edges})
    return nodes, edges
