"""Provenance is stamped here, and only here.

A loader describes what it found in a report through a :class:`ReportBuilder`; the
builder turns each finding into nodes and edges and attaches the provenance block
(report, span, exact quote, method, confidence, ingestion, page) that the schema
requires. Because the quote is cut from the stored text by the same code that records
the span, ``quote == text[start:end]`` holds by construction. What was not built here
is checked against its text where it enters or rests: the RDF importer refuses a report
whose quotes do not match (``graph.rdf.importer.misquotes``), and ``conflictkg check``
re-reads every stored span (``graph.stores.integrity``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from graph.model import Edge, GraphBatch, Node, claim_id, digest, edge_id
from graph.schema import SCHEMA, SchemaError

SOFTWARE_VERSION = "0.1.0"


def sha256_hex(data: bytes | str) -> str:
    """Hex sha256 of bytes, or of text encoded as UTF-8."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def ingestion_node(loader: str, input_sha256: str, input_name: str,
                   version: str = SOFTWARE_VERSION, time: str | None = None) -> Node:
    """The Ingestion record of one loader run over one input.

    Its id depends only on loader, version and input hash, so ingesting the same file
    again names the same Ingestion and changes nothing.
    """
    stamp = time or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return Node("Ingestion", f"ing:{digest(loader, version, input_sha256)}", {
        "loader": loader, "version": version, "input_sha256": input_sha256,
        "input_name": input_name, "time": stamp,
    })


class ReportBuilder:
    """Collects one report's findings into a :class:`GraphBatch` with provenance stamped."""

    def __init__(self, report: Node, ingestion: Node, pages: Sequence[tuple[int, int]] = ()):
        """``pages`` lists (start offset, page number) pairs, sorted, for paged sources."""
        text = report.props.get("text")
        if not isinstance(text, str):
            raise SchemaError(f"report {report.id} has no text to cite spans from")
        self.report = Node(report.label, report.id, {**_present(report.props),
                                                     "ingestion_id": ingestion.id})
        self.text = text
        self.ingestion = ingestion
        self._page_starts = [p[0] for p in pages]
        self._page_numbers = [p[1] for p in pages]
        self._owned: dict[str, Node] = {report.id: self.report}
        self._shared: dict[str, Node] = {ingestion.id: ingestion}
        self._edges: dict[str, Edge] = {}

    def provenance(self, start: int, end: int, method: str, confidence: float) -> dict[str, Any]:
        """The provenance block for the span ``text[start:end]``."""
        if not 0 <= start < end <= len(self.text):
            raise SchemaError(f"span {start}-{end} lies outside report {self.report.id}")
        block: dict[str, Any] = {
            "report_id": self.report.id, "start": start, "end": end,
            "quote": self.text[start:end], "method": method,
            "confidence": round(float(confidence), 3), "ingestion_id": self.ingestion.id,
        }
        if self._page_starts:
            index = bisect.bisect_right(self._page_starts, start) - 1
            block["page"] = self._page_numbers[max(index, 0)]
        return block

    def claim(self, start: int, end: int, *, method: str, confidence: float,
              **props: Any) -> str:
        """Add a claim (a span of the report) and the report's MAKES edge to it."""
        cid = claim_id(self.report.id, start, end)
        claim_props = self.provenance(start, end, method, confidence)  # a new dict: extended here
        claim_props["text"] = claim_props["quote"]
        claim_props.update(props)
        published = self.report.props.get("published")
        if published:
            claim_props.setdefault("published", published)
        self._owned[cid] = Node("Claim", cid, _without_absent(claim_props))
        self.structural("MAKES", self.report.id, cid)
        return cid

    def node(self, node: Node) -> str:
        """Add a shared node (entity, person, cited stub); the first version seen wins."""
        if node.id not in self._owned and node.id not in self._shared:
            self._shared[node.id] = Node(node.label, node.id, _present(node.props))
        return node.id

    def evidence(self, rel_type: str, source: str, target: str, start: int, end: int, *,
                 method: str, confidence: float, **props: Any) -> str:
        """Add an evidence edge backed by the span ``text[start:end]``."""
        if not SCHEMA.relationship(rel_type).evidence:
            raise SchemaError(f"{rel_type} is not an evidence relationship")
        eid = edge_id(rel_type, source, target, start, end, str(props.get("predicate", "")))
        edge_props = self.provenance(start, end, method, confidence)
        edge_props.update(props)
        self._edges[eid] = Edge(rel_type, source, target, eid, _without_absent(edge_props))
        return eid

    def structural(self, rel_type: str, start_id: str, end_id: str, **props: Any) -> str:
        """Add a non-evidence edge (MAKES, PART_OF) that carries no span."""
        if SCHEMA.relationship(rel_type).evidence:
            raise SchemaError(f"{rel_type} needs evidence; use ReportBuilder.evidence")
        eid = edge_id(rel_type, start_id, end_id)
        if eid not in self._edges:
            self._edges[eid] = Edge(rel_type, start_id, end_id, eid, _without_absent(props))
        return eid

    def build(self) -> GraphBatch:
        """The finished, validated batch."""
        self.report.props["claim_count"] = sum(
            1 for n in self._owned.values() if n.label == "Claim")
        batch = GraphBatch(
            report_id=self.report.id,
            owned=list(self._owned.values()),
            shared=list(self._shared.values()),
            edges=list(self._edges.values()),
        )
        batch.validate()
        return batch


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """Drop absent values: a property is either there with a value or not there at all.

    Neo4j cannot store nulls, so keeping them here would make the two stores differ.
    """
    return {k: v for k, v in props.items() if v is not None}


def _without_absent(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` itself, a dict this builder made, once its absent values are dropped
    (most have none: no copy is made of them)."""
    if None in props.values():
        for key in [k for k, v in props.items() if v is None]:
            del props[key]
    return props
