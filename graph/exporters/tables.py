"""Two CSV tables, nodes and edges, for spreadsheets and Gephi's spreadsheet import.

Columns: Gephi's own (``Id``, ``Label``; ``Source``, ``Target``, ``Type``), our label
or relationship type, one column per schema property (lists joined with ``"; "``), and
``properties_json`` with the exact properties for programs. Report text is untrusted:
a readable cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``)
is prefixed with ``'``; the JSON column keeps the value unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from graph.exporters.graphml import LIST_SEPARATOR
from graph.exporters.selection import Chunk
from graph.model import Edge, Node
from graph.schema import SCHEMA

Table = Literal["nodes", "edges"]
NODE_FIXED = ("Id", "Label", "category")
EDGE_FIXED = ("Id", "Source", "Target", "Type", "Label")
JSON_COLUMN = "properties_json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def node_columns() -> list[str]:
    """Header of nodes.csv: fixed columns, every node property in the schema, the JSON column."""
    props = sorted({name for t in SCHEMA.nodes.values() for name in t.properties})
    return [*NODE_FIXED, *props, JSON_COLUMN]


def edge_columns() -> list[str]:
    """Header of edges.csv: fixed columns, every relationship property, the JSON column."""
    props = sorted({name for t in SCHEMA.relationships.values() for name in t.properties})
    return [*EDGE_FIXED, *props, JSON_COLUMN]


def cell(value: Any) -> str:
    """A readable cell: lists joined, booleans as true/false, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _props_cells(props: Mapping[str, Any], columns: Sequence[str], fixed: int) -> list[str]:
    named = [cell(props.get(name)) for name in columns[fixed:-1]]
    return [*named, json.dumps(props, ensure_ascii=False, sort_keys=True)]


def node_row(node: Node, columns: Sequence[str]) -> list[str]:
    """One row of nodes.csv."""
    title = node.props.get(SCHEMA.node(node.label).title_property, node.id)
    return [node.id, cell(title), node.label, *_props_cells(node.props, columns, len(NODE_FIXED))]


def edge_row(edge: Edge, columns: Sequence[str]) -> list[str]:
    """One row of edges.csv (Gephi reads ``Type`` as directedness)."""
    return [edge.id, edge.source, edge.target, "Directed", edge.type,
            *_props_cells(edge.props, columns, len(EDGE_FIXED))]


def iter_csv(chunks: Iterable[Chunk], table: Table) -> Iterator[str]:
    """One table as CSV text, chunk by chunk (header first)."""
    columns = node_columns() if table == "nodes" else edge_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for chunk in chunks:
        if table == "nodes":
            writer.writerows(node_row(n, columns) for n in chunk.nodes)
        else:
            writer.writerows(edge_row(e, columns) for e in chunk.edges)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def write_csv_tables(chunks: Iterable[Chunk], directory: Path) -> tuple[Path, Path]:
    """Write nodes.csv and edges.csv into ``directory`` in one pass over the chunks."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = directory / "nodes.csv", directory / "edges.csv"
    node_cols, edge_cols = node_columns(), edge_columns()
    with nodes_path.open("w", encoding="utf-8", newline="") as nodes_file, \
            edges_path.open("w", encoding="utf-8", newline="") as edges_file:
        nodes_writer, edges_writer = csv.writer(nodes_file), csv.writer(edges_file)
        nodes_writer.writerow(node_cols)
        edges_writer.writerow(edge_cols)
        for chunk in chunks:
            nodes_writer.writerows(node_row(n, node_cols) for n in chunk.nodes)
            edges_writer.writerows(edge_row(e, edge_cols) for e in chunk.edges)
    return nodes_path, edges_path
