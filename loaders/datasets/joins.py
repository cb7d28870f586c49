"""Where dataset records meet the text reports: a source article becomes the report.

A source known by its URL meets the ingested article by construction (both ids come
from the canonical URL). A source known only by outlet, headline and date (UCDP GED's
``source_office``, ``source_headline``, ``source_date``) is a stub whose id is made of
those three; when a report with the same publisher, title and date is in the store,
each event that cites the stub is rewritten to cite the report, and the stub goes.
This runs both ways: after a dataset is ingested (for reports already there) and after
a report is ingested (for stubs already there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph.model import Edge, GraphBatch, Node, edge_id, slug
from graph.stores.base import GraphStore
from loaders.datasets.batch import described_article_id

STUB_FIELDS = ("title", "publisher", "published", "stub", "described")


def join_described_articles(store: GraphStore, stub_ids: Sequence[str]) -> int:
    """Point events at ingested reports matching their described stubs; how many did."""
    joined = 0
    for stub in store.get_nodes(list(stub_ids), STUB_FIELDS).values():
        if not stub.props.get("stub") or not stub.props.get("title"):
            continue
        report = _matching_report(store, stub.props)
        if report is not None and retarget(store, stub.id, report.id):
            joined += 1
    return joined


def join_report(store: GraphStore, report: Mapping[str, Any], new_id: str) -> int:
    """After a report is ingested: the events citing a stub it matches now cite it."""
    title, publisher = report.get("title"), report.get("publisher")
    if not isinstance(title, str) or not isinstance(publisher, str) or report.get("kind") == "dataset":
        return 0
    key = described_article_id(publisher, title, str(report.get("published") or ""))
    found = store.get_nodes([key], STUB_FIELDS).get(key)
    if found is None or not found.props.get("stub") or key == new_id:
        return 0
    return 1 if retarget(store, key, new_id) else 0


def _matching_report(store: GraphStore, stub: Mapping[str, Any]) -> Node | None:
    """A stored, non-stub report with the stub's title, publisher and date."""
    for node in store.find_nodes("Report", {"title": stub["title"]}, limit=50):
        props = node.props
        if props.get("stub") or props.get("kind") == "dataset":
            continue
        if slug(str(props.get("publisher") or "")) == slug(str(stub.get("publisher") or "")) and \
                str(props.get("published") or "")[:10] == str(stub.get("published") or "")[:10]:
            return node
    return None


def retarget(store: GraphStore, stub_id: str, report_id: str) -> bool:
    """Rewrite every record citing ``stub_id`` to cite ``report_id``; drop the stub."""
    citing = {e.props.get("report_id") for e in store.edges([stub_id], ["CITES"], "in")}
    records = sorted(str(r) for r in citing if r)
    for record in records:
        batch = _stored_batch(store, record)
        if batch is None:
            continue
        batch.edges = [_moved(edge, stub_id, report_id) for edge in batch.edges]
        store.write_batch(batch)
    if records:
        store.delete_report(stub_id)
    return bool(records)


def _stored_batch(store: GraphStore, record_id: str) -> GraphBatch | None:
    """A record's batch as the store holds it: the report, its claims, their edges."""
    report = store.get_nodes([record_id]).get(record_id)
    if report is None or report.props.get("stub"):
        return None
    claim_ids = [e.target for e in store.edges([record_id], ["MAKES"], "out")]
    claims = list(store.get_nodes(claim_ids).values())
    edges = store.edges([record_id, *claim_ids], None, "out")
    return GraphBatch(report_id=record_id, owned=[report, *claims], edges=edges)


def _moved(edge: Edge, old: str, new: str) -> Edge:
    if edge.target != old:
        return edge
    props = edge.props
    eid = edge_id(edge.type, edge.source, new, props.get("start"), props.get("end"),
                  str(props.get("predicate", "")))
    return Edge(edge.type, edge.source, new, eid, dict(props))
