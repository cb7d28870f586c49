"""Render a subgraph as a self-contained HTML page with pyvis and vis-network.

pyvis builds the network (nodes, edges, options); the page template is ours so that
it inlines vis-network from the pyvis package instead of linking a CDN, and so that
all report text is JSON-encoded with ``<``, ``>`` and ``&`` escaped: a report
containing ``<script>`` shows as text and runs nothing.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

from graph.model import Edge, Node, Subgraph
from graph.schema import SCHEMA

LABEL_CHARS = 48
_ENV = Environment(loader=PackageLoader("api.viz", "templates"),
                   autoescape=select_autoescape(["html"]))


def safe_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def node_caption(node: Node) -> str:
    """A short label for drawing: the node's title property, cut to fit."""
    field = SCHEMA.node(node.label).title_property
    value = str(node.props.get(field) or node.id)
    return value if len(value) <= LABEL_CHARS else value[:LABEL_CHARS - 1] + "…"


def node_tooltip(node: Node) -> str:
    """Plain-text tooltip (vis-network shows string titles as text, not HTML)."""
    lines = [f"{node.label}: {node_caption(node)}"]
    for key in ("publisher", "published", "url", "quote", "report_id"):
        if node.props.get(key):
            lines.append(f"{key}: {node.props[key]}")
    return "\n".join(lines)


def edge_tooltip(edge: Edge) -> str:
    """Plain-text tooltip with the supporting quote when the edge carries evidence."""
    lines = [edge.type]
    for key in ("quote", "method", "report_id", "predicate", "kind", "target_url"):
        if edge.props.get(key) is not None:
            lines.append(f"{key}: {edge.props[key]}")
    return "\n".join(lines)


def build_network(sub: Subgraph) -> Network:
    """A pyvis network with schema styles for every node and edge."""
    net = Network(directed=True, cdn_resources="in_line")
    for node in sub.nodes.values():
        style = SCHEMA.node(node.label).style
        net.add_node(node.id, label=node_caption(node), title=node_tooltip(node),
                     color=style.get("color"), shape=style.get("shape", "dot"),
                     group=node.label)
    for edge in sub.edges.values():
        style = dict(SCHEMA.relationship(edge.type).style)
        net.add_edge(edge.source, edge.target, title=edge_tooltip(edge), label=edge.type,
                     id=edge.id, color=style.get("color"), dashes=bool(style.get("dashes")),
                     width=style.get("width", 1))
    return net


def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, read from the installed pyvis package."""
    lib = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    return (lib.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
            lib.joinpath("vis-network.css").read_text(encoding="utf-8"))


def render_page(sub: Subgraph, title: str, note: str = "") -> str:
    """The whole HTML page for a subgraph."""
    net = build_network(sub)
    script, css = vis_assets()
    legend = [{"label": name, "color": t.style.get("color", "#999")}
              for name, t in SCHEMA.nodes.items()]
    return _ENV.get_template("graph.html").render(
        title=title, note=note, vis_js=script, vis_css=css,
        nodes_json=safe_json(net.nodes), edges_json=safe_json(net.edges),
        legend=legend, truncated=sub.truncated, escape=html.escape,
    )
