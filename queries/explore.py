"""Exploring: full-text search with evidence, and neighbourhood subgraphs for drawing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.model import Node, Subgraph
from graph.stores.base import GraphStore
from queries.chain import NotFoundError
from queries.claims import ClaimFilter
from queries.evidence import copies_of, evidence_for, load_evidence, report_label, report_summary
from queries.ids import resolve_id
from queries.results import Answer

MAX_LINKS_SHOWN = 50     # links per direction that describe() lists (the total is always given)
DRAW_TYPES = ("MAKES", "MENTIONS", "CITES", "ATTRIBUTED_TO", "REPUBLISHES", "SUBJECT", "OBJECT", "PART_OF")


SEARCH_COUNT_CAP = 500   # search counts its results up to this many (and says when there are more)


def search_page(store: GraphStore, text: str, labels: Sequence[str] | None = None,
                limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of :func:`search` with the total (counted up to ``SEARCH_COUNT_CAP``)."""
    window = min(SEARCH_COUNT_CAP, offset + limit)
    hits = store.search(text, labels, SEARCH_COUNT_CAP + 1)
    page = _search_results(store, hits[offset:window])
    return {"query": text, "total": min(len(hits), SEARCH_COUNT_CAP),
            "total_capped": len(hits) > SEARCH_COUNT_CAP, "limit": limit, "offset": offset, "results": page}


def search(store: GraphStore, text: str, labels: Sequence[str] | None = None,
           limit: int = 50) -> list[dict[str, Any]]:
    """Nodes matching every word; claims come with their evidence, reports without text."""
    return _search_results(store, store.search(text, labels, limit))


def _search_results(store: GraphStore, hits: Sequence[Any]) -> list[dict[str, Any]]:
    evidence = load_evidence(store, [h.node.id for h in hits if h.node.label == "Claim"])
    results = []
    for hit in hits:
        node = hit.node
        if node.label == "Claim":
            body: dict[str, Any] = evidence[node.id].to_dict()
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


@dataclass
class Description(Answer):
    """What a node is, its evidence (a claim) or the report it copies (a report), and its
    first links each way, named, with how many there are in all."""

    id: str
    label: str
    name: str
    properties: dict[str, Any]
    links_out: list[dict[str, Any]]
    links_out_total: int
    links_in: list[dict[str, Any]]
    links_in_total: int
    evidence: dict[str, Any] | None = None
    copy_of: str | None = None


def describe(store: GraphStore, typed_id: str) -> Description:
    """Any node by id, short id or unique prefix: what it is, its evidence when it is a
    claim, and its links in and out (named), so that one command answers "what is this?"."""
    node_id = resolve_id(store, typed_id)
    node = store.get_nodes([node_id])[node_id]
    name, evidence, copy_of = node_name(node), None, None
    if node.label == "Claim":
        evidence = load_evidence(store, [node.id])[node.id].to_dict()
    if node.label == "Report":
        originals = copies_of(store, [node.id])
        copy_of = next((o.id for o in originals.values()), None)
        name = report_label(node, originals.get(node.id))
    links_out, out_total = _named_links(store, node.id, "out")
    links_in, in_total = _named_links(store, node.id, "in")
    return Description(node.id, node.label, name, _without_text(node).props, links_out, out_total,
                       links_in, in_total, evidence, copy_of)


def node_name(node: Node) -> str:
    """What a person calls a node: its name, title, quote or URL, else its id."""
    props = node.props
    return str(props.get("name") or props.get("title") or props.get("quote") or props.get("url") or node.id)


NAME_FIELDS = ("name", "title", "quote", "url", "publisher", "published", "stub")


def _link_name(node: Node) -> str:
    """Reports by publisher, date and title (a copy and its original differ); others by name."""
    return report_label(node) if node.label == "Report" else node_name(node)


def _named_links(store: GraphStore, node_id: str, direction: str) -> tuple[list[dict[str, Any]], int]:
    """The first links one way, each with the id and name of the node at the other end."""
    edges = store.edges([node_id], None, "out" if direction == "out" else "in", fields=())
    shown = edges[:MAX_LINKS_SHOWN]
    ends = [e.target if direction == "out" else e.source for e in shown]
    names = store.get_nodes(sorted(set(ends)), NAME_FIELDS)
    links = [{"type": e.type, "id": end, "label": names[end].label if end in names else None,
              "name": _link_name(names[end]) if end in names else end}
             for e, end in zip(shown, ends, strict=True)]
    return links, len(edges)
