"""One entry point for every export format, for the CLI and the HTTP API.

:func:`export_graph` is what the CLI and an HTTP route call: it yields the export as
text pieces in order, so a caller can stream it to a file or a response without
holding it whole (N-Triples and CSV stream from the store; Turtle, JSON-LD and
GraphML are assembled in memory first). Bad formats and unknown ids raise before
the first piece, so a route can still answer with an error status.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.exporters.graphml import graphml_lines
from graph.exporters.selection import WHOLE_GRAPH, Selection, SelectionError, iter_chunks
from graph.exporters.tables import iter_csv, write_csv_tables
from graph.rdf.export import RDF_FORMATS, rdf_text
from graph.stores.base import GraphStore

FORMATS = (*RDF_FORMATS, "graphml", "csv-nodes", "csv-edges")
MEDIA_TYPES = {
    "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml", "csv-nodes": "text/csv", "csv-edges": "text/csv",
}
FILE_SUFFIXES = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml",
                 "csv-nodes": ".nodes.csv", "csv-edges": ".edges.csv"}


def export_graph(store: GraphStore, fmt: str, selection: Selection = WHOLE_GRAPH) -> Iterator[str]:
    """The selection in ``fmt`` (one of FORMATS) as text pieces to write in order."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    chunks = iter_chunks(store, selection)
    if fmt in RDF_FORMATS:
        return rdf_text(store, chunks, fmt)
    if fmt == "graphml":
        return graphml_lines(chunks)
    return iter_csv(chunks, "nodes" if fmt == "csv-nodes" else "edges")


__all__ = ["FILE_SUFFIXES", "FORMATS", "MEDIA_TYPES", "Selection", "SelectionError",
           "export_graph", "iter_chunks", "write_csv_tables"]
