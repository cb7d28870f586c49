"""What a view draws: nodes and edges with their roles and evidence, turned into page data.

Views (chain, neighbourhood, citation network) fill a :class:`View`; :func:`view_data`
turns it into the JSON the page reads. pyvis builds the vis-network node and edge
records with the schema's styles; details (fields, evidence) travel beside them so
that vis-network only ever sees drawing options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyvis.network import Network

from api.viz.evidence import tooltip
from api.viz.styles import edge_style, legend, node_style
from graph.schema import SCHEMA

CAPTION_CHARS = 48
NODE_CAP = 300
MORE = "more"


def caption(text: Any, limit: int = CAPTION_CHARS) -> str:
    """A short one-line label for drawing."""
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[:limit - 1] + "…"


@dataclass
class DrawNode:
    """A node as drawn: its schema label, caption, role, level and evidence."""

    id: str
    label: str
    caption: str
    role: str | None = None
    level: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    hidden: list[dict[str, Any]] = field(default_factory=list)
    style: dict[str, Any] = field(default_factory=dict)  # vis options over the schema's style
    show_caption: bool = True

    def set_role(self, role: str, *, over: tuple[str, ...] = ()) -> None:
        """Give the node a role unless it already has one not listed in ``over``."""
        if self.role is None or self.role in over:
            self.role = role


@dataclass
class DrawEdge:
    """An edge as drawn: type, ends, caption, role and evidence."""

    id: str
    type: str
    source: str
    target: str
    caption: str = ""
    role: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    style: dict[str, Any] = field(default_factory=dict)  # vis options over the schema's style


@dataclass
class View:
    """One picture: what it shows, around what, and what it had to leave out."""

    kind: str
    title: str
    focus: str | None = None
    nodes: dict[str, DrawNode] = field(default_factory=dict)
    edges: dict[str, DrawEdge] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    hierarchical: bool = False
    total_nodes: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    legend: list[dict[str, str]] = field(default_factory=list)  # entries beyond the schema's
    citation: str | None = None     # the chain as a note to paste into an article or a file
    permalink: str | None = None    # the served page's own address (ids in full)

    def add_node(self, node: DrawNode) -> DrawNode:
        """Add a node once; the first level given (the nearest to the start) wins."""
        existing = self.nodes.get(node.id)
        if existing is None:
            self.nodes[node.id] = node
            return node
        if node.level is not None and (existing.level is None or node.level < existing.level):
            existing.level = node.level
        return existing

    def add_edge(self, edge: DrawEdge) -> DrawEdge:
        """Add an edge once (by id); both ends must already be drawn."""
        if edge.source not in self.nodes or edge.target not in self.nodes:
            raise ValueError(f"edge {edge.id} joins a node that is not drawn")
        return self.edges.setdefault(edge.id, edge)


def _heading(node: DrawNode) -> str:
    kind = "Hidden nodes" if node.label == MORE else node.label
    return f"{kind}: {node.caption}"


def _node_options(node: DrawNode) -> dict[str, Any]:
    label = node.label if node.label != MORE else "Claim"
    options = node_style(label, node.role)
    if node.label == MORE:
        options["shape"] = "box"
        options["font"] = {"color": "#333333"}
    if node.level is not None:
        options["level"] = node.level
    options.update(node.style)
    return options


def build_network(view: View) -> Network:
    """A pyvis network with every node and edge of the view, styled from the schema."""
    net = Network(directed=True, cdn_resources="remote")
    for node in view.nodes.values():
        net.add_node(node.id, label=(node.caption or node.id) if node.show_caption else " ",
                     title=tooltip(_heading(node), node.evidence, node.fields),
                     **_node_options(node))
    for edge in view.edges.values():
        net.add_edge(edge.source, edge.target, id=edge.id, label=edge.caption,
                     title=tooltip(edge.type, edge.evidence, edge.fields),
                     **{**edge_style(edge.type, edge.role), **edge.style})
    return net


def _details(view: View) -> dict[str, Any]:
    return {
        "nodes": {n.id: {"label": n.label, "caption": n.caption, "role": n.role,
                         "fields": n.fields, "evidence": n.evidence, "hidden": n.hidden}
                  for n in view.nodes.values()},
        "edges": {e.id: {"type": e.type, "source": e.source, "target": e.target,
                         "role": e.role, "fields": e.fields, "evidence": e.evidence}
                  for e in view.edges.values()},
    }


def view_data(view: View) -> dict[str, Any]:
    """The JSON a page (or the explorer) draws: vis records, details, legend, notes."""
    net = build_network(view)
    labels = {n.label for n in view.nodes.values() if n.label in SCHEMA.nodes}
    types = {e.type for e in view.edges.values() if e.type in SCHEMA.relationships}
    roles = {n.role for n in view.nodes.values() if n.role} | {e.role for e in view.edges.values() if e.role}
    return {
        "kind": view.kind, "title": view.title, "focus": view.focus,
        "hierarchical": view.hierarchical, "notes": view.notes, "links": view.links,
        "citation": view.citation, "permalink": view.permalink,
        "counts": {"drawn": len(view.nodes), "total": view.total_nodes or len(view.nodes),
                   "edges": len(view.edges), "cap": NODE_CAP},
        "legend": legend(labels, types, roles) + view.legend,
        "nodes": net.nodes, "edges": net.edges, "details": _details(view),
    }
