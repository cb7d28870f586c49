"""Exploring: full-text search with evidence, and neighbourhood subgraphs for drawing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.model import Node, Subgraph
from graph.stores.base import GraphStore
from queries.chain import NotFoundError
from queries.claims import ClaimFilter
from queries.evidence import evidence_for, report_summary

DRAW_TYPES = ("MAKES", "MENTIONS", "CITES", "ATTRIBUTED_TO", "REPUBLISHES", "SUBJECT", "OBJECT", "PART_OF")


def search(store: GraphStore, text: str, labels: Sequence[str] | None = None,
           limit: int = 50) -> list[dict[str, Any]]:
    """Nodes matching every word; claims come with their evidence, reports without text."""
    hits = store.search(text, labels, limit)
    reports = store.get_nodes(sorted({h.node.props["report_id"] for h in hits
                                      if h.node.label == "Claim"}))
    results = []
    for hit in hits:
        node = hit.node
        if node.label == "Claim":
            body: dict[str, Any] = evidence_for(node, reports.get(node.props["report_id"])).to_dict()
        elif node.label == "Report":
            body = report_summary(node)
        else:
            body = {k: v for k, v in node.to_dict().items() if k != "text"}
        results.append({"id": node.id, "label": node.label, "field": hit.field, **body})
    return results


def neighbourhood(store: GraphStore, node_id: str, depth: int = 2,
                  types: Sequence[str] | None = None, filters: ClaimFilter | None = None,
                  max_nodes: int = 300) -> Subgraph:
    """The subgraph around a node, claims filtered by date, hedging and sourcing."""
    if not store.get_nodes([node_id]):
        raise NotFoundError(f"no node with id {node_id!r}")
    sub = store.expand([node_id], list(types or DRAW_TYPES), depth=depth, max_nodes=max_nodes)
    if filters and filters != ClaimFilter():
        _drop_filtered_claims(sub, filters, keep=node_id)
    sub.nodes = {nid: _without_text(n) for nid, n in sub.nodes.items()}
    return sub


def _without_text(node: Node) -> Node:
    """Reports are drawn without their full text (it can be megabytes)."""
    if node.label != "Report" or "text" not in node.props:
        return node
    return Node(node.label, node.id, {k: v for k, v in node.props.items() if k != "text"})


def _drop_filtered_claims(sub: Subgraph, filters: ClaimFilter, keep: str) -> None:
    reports = {nid: n for nid, n in sub.nodes.items() if n.label == "Report"}
    drop = {nid for nid, node in sub.nodes.items()
            if node.label == "Claim" and nid != keep
            and not filters.keeps(evidence_for(node, reports.get(node.props["report_id"])))}
    for nid in drop:
        del sub.nodes[nid]
    sub.edges = {eid: e for eid, e in sub.edges.items() if e.source not in drop and e.target not in drop}
