"""GraphML for Gephi, yEd and networkx, built with networkx.

GraphML attributes are scalars, so a list property becomes one string joined with
``"; "``; each property keeps the type the schema declares, so every GraphML key has
one type. ``label`` is the node's display title and ``category`` its label (Report,
Claim...), the names Gephi shows by default. Characters XML 1.0 cannot hold (control
characters in a scraped report) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from graph.exporters.selection import Chunk
from graph.schema import SCHEMA, Property

LIST_SEPARATOR = "; "
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _XML_ILLEGAL.sub("", text)


def scalar(value: Any, prop: Property | None) -> Any:
    """A property value as a GraphML scalar of its declared type (None when absent)."""
    if value is None:
        return None
    kind = prop.type if prop else "str"
    if kind == "str_list" or isinstance(value, list):
        return xml_safe(LIST_SEPARATOR.join(str(v) for v in value))
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return xml_safe(str(value))


def flat_attributes(props: Mapping[str, Any], declared: Mapping[str, Property]) -> dict[str, Any]:
    """Scalar attributes for one node or edge, absent values left out."""
    flat = {name: scalar(value, declared.get(name)) for name, value in sorted(props.items())}
    return {name: value for name, value in flat.items() if value is not None}


def build_graph(chunks: Iterable[Chunk]) -> nx.MultiDiGraph:
    """A networkx multigraph of the chunks, edges keyed by their ids."""
    graph = nx.MultiDiGraph()
    for chunk in chunks:
        for node in chunk.nodes:
            node_type = SCHEMA.node(node.label)
            title = node.props.get(node_type.title_property, node.id)
            graph.add_node(node.id, label=xml_safe(str(title)), category=node.label,
                           **flat_attributes(node.props, node_type.properties))
        for edge in chunk.edges:
            rel = SCHEMA.relationship(edge.type)
            graph.add_edge(edge.source, edge.target, key=edge.id, relationship=edge.type,
                           **flat_attributes(edge.props, rel.properties))
    return graph


def graphml_lines(chunks: Iterable[Chunk]) -> Iterator[str]:
    """GraphML text, line by line (the graph itself is built in memory first)."""
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    for line in nx.generate_graphml(build_graph(chunks), named_key_ids=True):
        yield line + "\n"


def network_lines(graph: nx.Graph) -> Iterator[str]:
    """GraphML of an analysed network (measures as node and edge attributes), XML-safe."""
    for attrs in [*(d for _, d in graph.nodes(data=True)), *(d for _, _, d in graph.edges(data=True))]:
        attrs.update({k: xml_safe(v) for k, v in attrs.items() if isinstance(v, str)})
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    for line in nx.generate_graphml(graph):  # nodes and edges share attribute names: numbered key ids
        yield line + "\n"
