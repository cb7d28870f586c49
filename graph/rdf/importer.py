"""Read our own RDF export back into a store, one batch per report.

The importer is the exporter's inverse, driven by the same mapping: nodes are the
resources typed with a label's class, their properties come back from their
predicates, spans from the Web Annotation selectors, and edges from the statement
nodes (or, for edges that carried nothing, from the direct triple and the id that
``edge_id`` derives). Triples we do not know (someone else's vocabulary, the span
context, ``also`` predicates) are ignored, so an export enriched elsewhere still loads.

A file is parsed and turned into batches in a child process with a wall-clock limit:
rdflib's parsers are pure Python over regular expressions, some inputs make them crawl
(a long literal, a deeply nested structure), and a regular expression cannot be
interrupted from inside the process. The child is killed at the limit and nothing is
written; only the finished batches come back to be written.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node as RdfNode

from graph.errors import InputError
from graph.model import Edge, GraphBatch, Node, edge_id
from graph.provenance import sha256_hex
from graph.rdf.jsonld import RemoteContextError, parse_jsonld
from graph.rdf.mapping import RDF_TYPE, SPAN_PROPERTIES, LabelMap, PropertyMap, RdfMapping, load_mapping
from graph.rdf.terms import literal_value
from graph.schema import SchemaError
from graph.settings import current
from graph.stores.base import GraphStore

# rdflib holds a parsed graph in memory at about 40 bytes per byte of Turtle (a 49 MB
# file was reported at 1.97 GB), so the default stops at 64 MB;
# set CONFLICTKG_MAX_IMPORT_BYTES to raise it (graph/settings.py). Parsing a file may take
# at most CONFLICTKG_MAX_IMPORT_SECONDS (default 300; a 49 MB Turtle export parses in about 40 s).
# N-Triples is read with the Turtle parser (N-Triples is a subset of Turtle): rdflib's own
# N-Triples parser takes minutes over one long literal (a 5 MB literal: over 120 s).
PARSER_FORMAT = {"nt": "turtle", "ntriples": "turtle", "nt11": "turtle"}
_XML_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
FORMATS_BY_SUFFIX = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".jsonld": "json-ld",
                     ".json": "json-ld", ".rdf": "xml"}
TYPE = URIRef(RDF_TYPE)
OA_SELECTOR = "http://www.w3.org/ns/oa#hasSelector"


class RdfImportError(InputError, ValueError):
    """The file cannot be read as RDF, or it is not an export of ours."""


@dataclass
class ImportSummary:
    """What an import wrote, and what it had to leave out (with the reason)."""

    batches: int = 0
    nodes: int = 0
    edges: int = 0
    errors: list[str] = field(default_factory=list)


# ------------------------------------------------------------------- reading


def read_graph(path: Path, fmt: str | None = None, max_bytes: int | None = None) -> Graph:
    """Parse an RDF file (Turtle, N-Triples or JSON-LD by suffix), refusing oversized input."""
    max_bytes = current().max_import_bytes if max_bytes is None else max_bytes
    rdf_format = fmt or FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise RdfImportError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .nt or .jsonld)")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise RdfImportError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte import limit "
                                 "(set CONFLICTKG_MAX_IMPORT_BYTES to raise it)")
        data = path.read_bytes()
        if rdf_format == "json-ld":
            return parse_jsonld(data)
        if rdf_format == "xml" and _XML_DECLARATIONS.search(data):
            raise RdfImportError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
                                 "(entity expansion); our exports never have one")
        graph = Graph(bind_namespaces="none")
        graph.parse(data=data, format=PARSER_FORMAT.get(rdf_format, rdf_format))
        return graph
    except RdfImportError:
        raise
    except RemoteContextError as exc:
        raise RdfImportError(f"{path}: {exc}") from exc
    except Exception as exc:  # rdflib's parsers raise many exception types of their own
        raise RdfImportError(f"{path}: not readable as {rdf_format}: {exc}") from exc


class GraphReader:
    """Rebuilds nodes and edges from an rdflib graph using the mapping."""

    def __init__(self, graph: Graph, mapping: RdfMapping | None = None):
        """Read ``graph``; nothing is parsed until :meth:`nodes` / :meth:`edges`."""
        self.graph = graph
        self.m = mapping or load_mapping()

    def _id(self, term: RdfNode | None) -> str | None:
        return self.m.id_for_iri(str(term)) if isinstance(term, URIRef) else None

    def _value(self, subject: RdfNode, predicate: str) -> RdfNode | None:
        return self.graph.value(subject, URIRef(predicate))

    def nodes(self) -> dict[str, Node]:
        """Every resource of ours typed with exactly one label's class."""
        label_of_class = self.m.label_of_class()
        found: dict[str, tuple[URIRef, set[str]]] = {}
        for subject, cls in self.graph.subject_objects(TYPE):
            label = label_of_class.get(str(cls))
            node_id = self._id(subject)
            if label and node_id and isinstance(subject, URIRef):
                found.setdefault(node_id, (subject, set()))[1].add(label)
        nodes: dict[str, Node] = {}
        for node_id, (subject, labels) in sorted(found.items()):
            if len(labels) > 1:
                raise RdfImportError(f"{subject} is typed as more than one kind: {sorted(labels)}")
            label = labels.pop()
            nodes[node_id] = Node(label, node_id, self._node_props(subject, self.m.labels[label]))
        return nodes

    def _node_props(self, subject: URIRef, label_map: LabelMap) -> dict[str, Any]:
        props = self.properties(subject, label_map.properties)
        if label_map.span_link:
            for key, value in self.span(subject, label_map.span_link).items():
                props.setdefault(key, value)
        for spec in label_map.extra.values():
            props.update(self._described(subject, spec))
        return props

    def _described(self, subject: URIRef, spec: Mapping[str, Any]) -> dict[str, str]:
        """Ingestion properties kept on its agent or input resource (see mapping.yaml)."""
        part = self._value(subject, self.m.expand(spec["predicate"]))
        if part is None:
            return {}
        found: dict[str, str] = {}
        for name, predicate in spec.items():
            value = None if name in ("predicate", "classes") else self._value(part, self.m.expand(predicate))
            if value is not None:
                found[name] = str(value)
        return found

    def properties(self, subject: RdfNode, maps: Mapping[str, PropertyMap]) -> dict[str, Any]:
        """Property values from their predicates (lists from their exact form when present)."""
        by_predicate = {pm.predicate: pm for pm in maps.values()}
        ordered = {pm.ordered_predicate: pm for pm in maps.values() if pm.ordered_predicate}
        fallback = next((pm for pm in maps.values() if pm.wikidata), None)
        values: dict[str, list[RdfNode]] = {}
        exact_lists: dict[str, list[str]] = {}
        for predicate, obj in self.graph.predicate_objects(subject):
            key = str(predicate)
            if key in ordered:
                exact_lists[ordered[key].name] = _json_list(subject, obj)
                continue
            pm = by_predicate.get(key) or (fallback if key == self.m.wikidata_fallback else None)
            if pm is not None:
                values.setdefault(pm.name, []).append(obj)
        props: dict[str, Any] = {}
        for name, objs in values.items():
            props[name] = self._convert(subject, maps[name], objs)
        props.update(exact_lists)
        return props

    def _convert(self, subject: RdfNode, pm: PropertyMap, objs: list[RdfNode]) -> Any:
        if pm.type == "str_list":
            return sorted(str(o) for o in objs)
        if len(objs) > 1:
            raise RdfImportError(f"{subject} has {len(objs)} values for {pm.predicate}; one expected")
        obj = objs[0]
        if pm.ref:
            ref = self._id(obj)
            if ref is None:
                raise RdfImportError(f"{subject}: {pm.predicate} points outside this graph: {obj}")
            return ref
        if pm.wikidata and isinstance(obj, URIRef):
            return str(obj).removeprefix(self.m.wikidata_iri)
        if not isinstance(obj, Literal):
            raise RdfImportError(f"{subject}: {pm.predicate} should be a literal, got {obj}")
        return literal_value(obj, pm)

    def span(self, owner: RdfNode, link: str) -> dict[str, Any]:
        """report_id, start, end and quote from an owner's Web Annotation target."""
        target = self._value(owner, link)
        if target is None:
            return {}
        span = self.m.span
        props: dict[str, Any] = {}
        source = self._id(self._value(target, span.source))
        if source is not None:
            props["report_id"] = source
        for selector in self.graph.objects(target, URIRef(OA_SELECTOR)):
            for key, predicate in (("start", span.start), ("end", span.end), ("quote", span.exact)):
                value = self._value(selector, predicate)
                if isinstance(value, Literal):
                    props[key] = int(str(value)) if key != "quote" else str(value)
        return props

    def edges(self, nodes: Mapping[str, Node]) -> dict[str, Edge]:
        """Statement nodes, then direct triples of property-less structural edges."""
        edges = self._statement_edges()
        known = {(e.type, e.source, e.target) for e in edges.values()}
        for rel in self.m.relationships.values():
            if rel.evidence:
                continue
            for subject, obj in self.graph.subject_objects(URIRef(rel.predicate)):
                source, target = self._id(subject), self._id(obj)
                if source in nodes and target in nodes and (rel.type, source, target) not in known:
                    assert source is not None and target is not None
                    eid = edge_id(rel.type, source, target)
                    edges[eid] = Edge(rel.type, source, target, eid, {})
        return dict(sorted(edges.items()))

    def _statement_edges(self) -> dict[str, Edge]:
        keys = self.m.edges
        rel_of = self.m.rel_of_predicate()
        edges: dict[str, Edge] = {}
        for subject in self.graph.subjects(TYPE, URIRef(keys["statement_class"])):
            eid = self._id(subject)
            if eid is None:
                continue
            predicate = str(self._value(subject, keys["predicate"]))
            rel_type = rel_of.get(predicate)
            source = self._id(self._value(subject, keys["subject"]))
            target = self._id(self._value(subject, keys["object"]))
            if rel_type is None or source is None or target is None:
                raise RdfImportError(f"{subject} is not a complete statement of ours ({predicate})")
            rel = self.m.relationships[rel_type]
            props = self.properties(subject, rel.properties)
            if rel.evidence:
                span = self.span(subject, keys["target"])
                props.update({k: v for k, v in span.items() if k in SPAN_PROPERTIES})
            edges[eid] = Edge(rel_type, source, target, eid, props)
        return edges


def _json_list(subject: RdfNode, obj: RdfNode) -> list[str]:
    try:
        values = json.loads(str(obj))
    except ValueError as exc:
        raise RdfImportError(f"{subject}: list value is not JSON: {exc}") from exc
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RdfImportError(f"{subject}: list value is not a JSON list of strings")
    return values


# ------------------------------------------------------------------ batching


@dataclass
class _Draft:
    report: Node
    owned: dict[str, Node] = field(default_factory=dict)
    shared: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)

    def holds(self, node_id: str) -> bool:
        return node_id in self.owned or node_id in self.shared

    def add_edge(self, edge: Edge, nodes: Mapping[str, Node]) -> None:
        self.edges[edge.id] = edge
        for end in (edge.source, edge.target):
            if not self.holds(end) and end in nodes:
                self.shared[end] = nodes[end]

    def batch(self, nodes: Mapping[str, Node]) -> GraphBatch:
        named = {str(n.props["ingestion_id"]) for n in self.owned.values() if n.props.get("ingestion_id")}
        named |= {str(e.props["ingestion_id"]) for e in self.edges.values() if e.props.get("ingestion_id")}
        for ingestion in sorted(named):
            if ingestion in nodes and not self.holds(ingestion):
                self.shared[ingestion] = nodes[ingestion]
        return GraphBatch(self.report.id, owned=list(self.owned.values()),
                          shared=[self.shared[k] for k in sorted(self.shared)],
                          edges=[self.edges[k] for k in sorted(self.edges)])


def group_batches(nodes: Mapping[str, Node], edges: Mapping[str, Edge],
                  errors: list[str]) -> list[GraphBatch]:
    """One batch per (non-stub) report: it, its claims and the edges they own."""
    drafts = {n.id: _Draft(n, {n.id: n}) for n in nodes.values()
              if n.label == "Report" and not n.props.get("stub")}
    owner = _claim_owners(nodes, edges, drafts, errors)
    floating: list[Edge] = []
    for edge in edges.values():
        home = _edge_owner(edge, nodes, owner, drafts)
        if home is None:
            floating.append(edge)
        elif home in drafts:
            drafts[home].add_edge(edge, nodes)
        else:
            errors.append(f"edge {edge.id}: its report {home} is not in the file; left out")
    _attach_floating(floating, list(drafts.values()), nodes)
    _attach_leftovers(nodes, drafts, errors)
    return [drafts[k].batch(nodes) for k in sorted(drafts)]


def _claim_owners(nodes: Mapping[str, Node], edges: Mapping[str, Edge],
                  drafts: dict[str, _Draft], errors: list[str]) -> dict[str, str]:
    made_by = {e.target: e.source for e in edges.values() if e.type == "MAKES"}
    owner: dict[str, str] = {}
    for node in nodes.values():
        if node.label != "Claim":
            continue
        report = str(node.props.get("report_id") or made_by.get(node.id, ""))
        if report in drafts:
            owner[node.id] = report
            drafts[report].owned[node.id] = node
        else:
            errors.append(f"claim {node.id}: its report {report or '?'} is not in the file; left out")
    return owner


def _edge_owner(edge: Edge, nodes: Mapping[str, Node], claim_owner: Mapping[str, str],
                drafts: Mapping[str, _Draft]) -> str | None:
    source = nodes.get(edge.source)
    if source is not None and source.label == "Claim":
        return claim_owner.get(source.id, str(source.props.get("report_id", "")))
    if edge.props.get("report_id"):
        return str(edge.props["report_id"])
    if source is not None and source.id in drafts:
        return source.id
    return None


def _attach_floating(floating: list[Edge], drafts: list[_Draft], nodes: Mapping[str, Node]) -> None:
    """Edges no report owns (a region hierarchy) go to every batch that holds their source."""
    changed = True
    while changed:
        changed = False
        for edge in floating:
            for draft in drafts:
                if draft.holds(edge.source) and edge.id not in draft.edges:
                    draft.add_edge(edge, nodes)
                    changed = True


def _attach_leftovers(nodes: Mapping[str, Node], drafts: Mapping[str, _Draft],
                      errors: list[str]) -> None:
    """Nodes no batch reached (an isolated entity) ride along in the first batch."""
    placed = {nid for d in drafts.values() for nid in (*d.owned, *d.shared)}
    leftovers = [n for n in nodes.values() if n.id not in placed and n.label != "Claim"]
    if not leftovers:
        return
    if not drafts:
        errors.append(f"{len(leftovers)} nodes left out: the file holds no report to write them with")
        return
    first = drafts[min(drafts)]
    for node in leftovers:
        first.shared[node.id] = node


# ------------------------------------------------------------------ checking


def misquotes(batch: GraphBatch) -> str | None:
    """Why a batch's quotes cannot be trusted, or None: the report's text must match its
    sha256, and every span of that report must quote exactly ``text[start:end]``.

    An export is a file anyone can edit; a store that took an edited quote would go on
    citing its report for words the report does not contain.
    """
    report = next((n for n in batch.owned if n.id == batch.report_id), None)
    if report is None:
        return None
    text, sha256 = report.props.get("text"), report.props.get("sha256")
    spans = [p for p in _span_props(batch) if p.get("report_id") == report.id and "quote" in p]
    if not isinstance(text, str):
        return f"{len(spans)} quote(s) but no report text to check them against" if spans else None
    if isinstance(sha256, str) and sha256_hex(text) != sha256:
        return "its text does not match its sha256 (the text was changed)"
    wrong = [p for p in spans if not _quotes(text, p)]
    if wrong:
        first = wrong[0]
        return (f"{len(wrong)} of {len(spans)} quote(s) do not match the report text "
                f"(first at {first.get('start')}-{first.get('end')}: {str(first['quote'])[:60]!r})")
    return None


def _span_props(batch: GraphBatch) -> list[Mapping[str, Any]]:
    return [n.props for n in batch.owned] + [e.props for e in batch.edges]


def _quotes(text: str, props: Mapping[str, Any]) -> bool:
    start, end = props.get("start"), props.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        return False
    return bool(text[start:end] == props["quote"])


# ------------------------------------------------------------------- writing


def prepare_batches(graph: Graph, mapping: RdfMapping | None = None) -> tuple[list[GraphBatch], list[str]]:
    """An export's graph as batches to write, and why the others were left out."""
    reader = GraphReader(graph, mapping)
    nodes = reader.nodes()
    if not nodes:
        raise RdfImportError("it holds no conflictkg nodes (is it an export of ours?)")
    edges = reader.edges(nodes)
    errors: list[str] = []
    batches = []
    for batch in group_batches(nodes, edges, errors):
        problem = misquotes(batch)
        if problem:
            errors.append(f"report {batch.report_id}: {problem}; not imported")
        else:
            batches.append(batch)
    return batches, errors


def import_graph(store: GraphStore, graph: Graph, mapping: RdfMapping | None = None) -> ImportSummary:
    """Write an export's graph into ``store``; a batch that fails is reported, the rest written."""
    return write_prepared(store, *prepare_batches(graph, mapping))


def write_prepared(store: GraphStore, batches: list[GraphBatch], errors: list[str]) -> ImportSummary:
    """Write prepared batches, one at a time (each report is whole or absent)."""
    summary = ImportSummary(errors=list(errors))
    written_nodes: set[str] = set()
    written_edges: set[str] = set()
    for batch in batches:
        try:
            store.write_batch(batch)
        except SchemaError as exc:
            summary.errors.append(f"report {batch.report_id}: {exc}")
            continue
        summary.batches += 1
        written_nodes.update(n.id for n in batch.nodes())
        written_edges.update(e.id for e in batch.edges)
    summary.nodes, summary.edges = len(written_nodes), len(written_edges)
    return summary


def _prepare_file(path: Path, fmt: str | None, max_bytes: int) -> tuple[list[GraphBatch], list[str]]:
    """What the child process does: parse, check and batch one file."""
    return prepare_batches(read_graph(path, fmt, max_bytes))


def _context() -> multiprocessing.context.BaseContext:
    """fork when this process runs one thread (fast: nothing to import again); spawn
    otherwise, since forking a process with other threads can copy a held lock."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def prepare_file_within(path: Path, fmt: str | None = None, seconds: float | None = None,
                        max_bytes: int | None = None) -> tuple[list[GraphBatch], list[str]]:
    """Parse, check and batch ``path`` in a child process, killed after ``seconds``."""
    limit = current().max_import_seconds if seconds is None else seconds
    max_bytes = current().max_import_bytes if max_bytes is None else max_bytes
    with _context().Pool(1) as pool:   # leaving the block terminates the child
        pending = pool.apply_async(_prepare_file, (path, fmt, max_bytes))
        try:
            return pending.get(timeout=limit)
        except multiprocessing.TimeoutError:
            raise RdfImportError(f"{path}: parsing took longer than the {limit:g} s import limit; "
                                 "nothing was imported (set CONFLICTKG_MAX_IMPORT_SECONDS to raise it)"
                                 ) from None


def import_file(store: GraphStore, path: Path, fmt: str | None = None,
                seconds: float | None = None) -> ImportSummary:
    """Read ``path`` and import it; unreadable files, and files that take longer than the
    time limit to parse, raise RdfImportError naming the file."""
    try:
        summary = write_prepared(store, *prepare_file_within(path, fmt, seconds))
    except RdfImportError as exc:
        message = str(exc)
        raise RdfImportError(message if message.startswith(str(path)) else f"{path}: {message}") from exc
    summary.errors = [f"{path}: {error}" for error in summary.errors]
    return summary
