"""Export the graph as N-Triples (streamed), Turtle or JSON-LD.

N-Triples is written straight from the store: triples are generated one at a time from
a chunk of nodes and formatted in batches of lines, so memory stays at one chunk of
store records and one batch of lines however big the graph is.
Turtle and JSON-LD group triples by subject, so they are built as one rdflib graph
and serialised by rdflib; JSON-LD carries our context inline, never by reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rdflib import Graph

from graph.exporters.selection import WHOLE_GRAPH, Chunk, Selection, iter_chunks
from graph.rdf.jsonld import local_context
from graph.rdf.mapping import RdfMapping, load_mapping
from graph.rdf.terms import Triple, nt_line, to_rdflib
from graph.rdf.triples import ReportTexts, TripleMaker
from graph.stores.base import GraphStore

RDF_FORMATS = ("ttl", "jsonld", "nt")
NT_BATCH_LINES = 5000


def iter_triples(chunks: Iterable[Chunk], maker: TripleMaker) -> Iterator[Triple]:
    """Every triple of the chunks, one at a time: a chunk's nodes, then its edges."""
    for chunk in chunks:
        maker.start_chunk(chunk.nodes)
        labels = chunk.labels()
        for node in chunk.nodes:
            yield from maker.node(node)
        for edge in chunk.edges:
            yield from maker.edge(edge, labels)


def store_texts(store: GraphStore) -> ReportTexts:
    """Report texts for span context, fetched from the store only when a chunk lacks them."""
    def fetch(ids: Sequence[str]) -> dict[str, str]:
        nodes = store.get_nodes(ids)
        return {k: n.props["text"] for k, n in nodes.items() if isinstance(n.props.get("text"), str)}

    return ReportTexts(fetch)


def ntriples(triples: Iterable[Triple], batch_lines: int = NT_BATCH_LINES) -> Iterator[str]:
    """N-Triples text in pieces of ``batch_lines`` statements, formatted as they come."""
    batch: list[str] = []
    for triple in triples:
        batch.append(nt_line(triple))
        if len(batch) >= batch_lines:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def rdflib_graph(triples: Iterable[Triple], mapping: RdfMapping | None = None) -> Graph:
    """All triples in one rdflib graph, with our prefixes bound for readable output."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph, mapping or load_mapping())
    for triple in triples:
        graph.add(to_rdflib(triple))
    return graph


def bind_prefixes(graph: Graph, mapping: RdfMapping) -> None:
    """Our namespaces, plus one prefix per id prefix (``rep:``, ``clm:``...), on ``graph``."""
    for prefix, iri in mapping.namespaces.items():
        graph.bind(prefix, iri, override=True, replace=True)
    for id_prefix, segment in mapping.segments.items():
        graph.bind(id_prefix, f"{mapping.base}{segment}/", override=True, replace=True)


def serialize(graph: Graph, fmt: str) -> str:
    """Turtle, or JSON-LD compacted with our inline context."""
    if fmt == "ttl":
        return graph.serialize(format="turtle")
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=local_context(), auto_compact=True)
    if fmt == "nt":
        return graph.serialize(format="nt")
    raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")


def rdf_text(store: GraphStore, chunks: Iterable[Chunk], fmt: str) -> Iterator[str]:
    """The chunks in an RDF format, as text pieces to write or stream in order."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    triples = iter_triples(chunks, TripleMaker(load_mapping(), store_texts(store)))
    if fmt == "nt":
        return ntriples(triples)
    return iter([serialize(rdflib_graph(triples), fmt)])


def export_rdf(store: GraphStore, fmt: str, selection: Selection = WHOLE_GRAPH) -> Iterator[str]:
    """The selection in an RDF format; bad formats and unknown ids raise before any output."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    return rdf_text(store, iter_chunks(store, selection), fmt)
