"""Nodes and edges to triples, following the mapping; the one place the RDF shape is decided.

A node becomes its typed resource with one triple per property. A claim (and every
evidence edge) also gets its span as a W3C Web Annotation target: an
``oa:SpecificResource`` on the report with an ``oa:TextPositionSelector`` (start, end)
and an ``oa:TextQuoteSelector`` (exact, prefix, suffix). An edge is one direct triple;
when it carries properties it is also a node of its own (``rdf:Statement``, plus
``oa:Annotation`` for evidence and the PROV-O qualified derivation where one applies),
which is what lets the importer rebuild the store exactly.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from graph.model import Edge, Node, edge_id
from graph.rdf.mapping import RDF_TYPE, LabelMap, PropertyMap, RdfMapping, RelMap
from graph.rdf.terms import (
    IRI,
    XSD_NON_NEGATIVE,
    Lit,
    Triple,
    json_list_literal,
    scalar_literal,
)
from graph.schema import SCHEMA

TextLookup = Callable[[Sequence[str]], Mapping[str, str]]
PROV_ENTITY = "http://www.w3.org/ns/prov#entity"


class ReportTexts:
    """Report texts by id, for cutting a span's prefix and suffix; a small LRU over the store.

    Exports feed it the reports they are writing anyway, so the store is asked only for
    a report that is not part of the export (a span in a subgraph whose report is not).
    """

    def __init__(self, fetch: TextLookup | None = None, capacity: int = 256):
        """``fetch`` loads missing texts (e.g. from ``store.get_nodes``); None means none."""
        self._fetch = fetch
        self._capacity = capacity
        self._texts: OrderedDict[str, str | None] = OrderedDict()

    def remember(self, nodes: Sequence[Node]) -> None:
        """Keep the texts of the reports among ``nodes``."""
        for node in nodes:
            text = node.props.get("text")
            if node.label == "Report" and isinstance(text, str):
                self._store(node.id, text)

    def get(self, report_id: str) -> str | None:
        """The report's text, or None when it is unknown."""
        if report_id in self._texts:
            self._texts.move_to_end(report_id)
            return self._texts[report_id]
        text = self._fetch([report_id]).get(report_id) if self._fetch else None
        self._store(report_id, text)
        return text

    def _store(self, report_id: str, text: str | None) -> None:
        self._texts[report_id] = text
        self._texts.move_to_end(report_id)
        while len(self._texts) > self._capacity:
            self._texts.popitem(last=False)


class TripleMaker:
    """Turns nodes and edges into triples; remembers which shared agents it already wrote."""

    def __init__(self, mapping: RdfMapping, texts: ReportTexts | None = None):
        """``texts`` supplies report texts for span context; without it spans carry no context."""
        self.mapping = mapping
        self.texts = texts or ReportTexts()
        self._agents_written: set[str] = set()
        self._direct_written: set[Triple] = set()
        self._oa = {name: IRI(mapping.expand(f"oa:{name}")) for name in (
            "SpecificResource", "hasSelector", "TextPositionSelector", "TextQuoteSelector")}

    def start_chunk(self, nodes: Sequence[Node]) -> None:
        """Begin a chunk: keep its report texts, forget the previous chunk's direct triples.

        Two edges with the same type and ends (two spans citing one report) share one
        direct triple; it is written once. A node's out-edges all come in its chunk,
        so remembering one chunk's direct triples is enough.
        """
        self.texts.remember(nodes)
        self._direct_written.clear()

    # ------------------------------------------------------------------ nodes

    def node(self, node: Node) -> Iterator[Triple]:
        """All triples of one node."""
        label_map = self.mapping.labels[node.label]
        iri = self.mapping.node_iri(node.id)
        for cls in label_map.classes_for(node.props):
            yield iri, RDF_TYPE, IRI(cls)
        for name in sorted(node.props):
            prop = label_map.properties.get(name)
            if prop is not None and node.props[name] is not None:
                yield from self.property(iri, prop, node.props[name])
        if label_map.span_link:
            yield from self.span(iri, label_map.span_link, node.props)
        if label_map.extra:
            yield from self._ingestion_parts(iri, label_map, node.props)

    def property(self, subject: str, prop: PropertyMap, value: Any) -> Iterator[Triple]:
        """The triples of one property value (lists give one triple per distinct value)."""
        if prop.type == "str_list":
            yield from self._list(subject, prop, list(value))
            return
        obj = self._object(prop, value)
        predicate = prop.predicate
        if prop.wikidata and isinstance(obj, Lit):
            predicate = self.mapping.wikidata_fallback
        yield subject, predicate, obj
        for also in prop.also:
            yield subject, also, obj

    def _object(self, prop: PropertyMap, value: Any) -> IRI | Lit:
        if prop.ref:
            return IRI(self.mapping.node_iri(str(value)))
        if prop.wikidata and self.mapping.wikidata_pattern.match(str(value)):
            return IRI(self.mapping.wikidata_iri + str(value))
        return scalar_literal(value, prop)

    def _list(self, subject: str, prop: PropertyMap, values: list[Any]) -> Iterator[Triple]:
        """One triple per distinct value; the exact list too unless sorted values rebuild it
        (an empty list, an unsorted one or one with repeats needs it)."""
        for value in dict.fromkeys(values):
            obj = scalar_literal(value, prop)
            yield subject, prop.predicate, obj
            for also in prop.also:
                yield subject, also, obj
        if not values or values != sorted(set(values)):
            yield subject, prop.ordered_predicate, json_list_literal([str(v) for v in values])

    def span(self, owner: str, link: str, props: Mapping[str, Any]) -> Iterator[Triple]:
        """The owner's span in its report as a Web Annotation SpecificResource with selectors."""
        if not any(props.get(k) is not None for k in ("report_id", "start", "end", "quote")):
            return
        m, span = self.mapping, self.mapping.span
        target = m.fragment(owner, "span")
        yield owner, link, IRI(target)
        yield target, RDF_TYPE, self._oa["SpecificResource"]
        if props.get("report_id") is not None:
            yield target, span.source, IRI(m.node_iri(str(props["report_id"])))
        start, end = props.get("start"), props.get("end")
        if start is not None and end is not None:
            position = m.fragment(owner, "position")
            yield target, self._oa["hasSelector"], IRI(position)
            yield position, RDF_TYPE, self._oa["TextPositionSelector"]
            yield position, span.start, Lit(str(int(start)), XSD_NON_NEGATIVE)
            yield position, span.end, Lit(str(int(end)), XSD_NON_NEGATIVE)
        if props.get("quote") is not None:
            yield from self._quote_selector(owner, target, props)

    def _quote_selector(self, owner: str, target: str, props: Mapping[str, Any]) -> Iterator[Triple]:
        m, span = self.mapping, self.mapping.span
        selector = m.fragment(owner, "quote")
        quote = str(props["quote"])
        yield target, self._oa["hasSelector"], IRI(selector)
        yield selector, RDF_TYPE, self._oa["TextQuoteSelector"]
        yield selector, span.exact, Lit(quote)
        prefix, suffix = self._context(props, quote)
        if prefix:
            yield selector, span.prefix, Lit(prefix)
        if suffix:
            yield selector, span.suffix, Lit(suffix)

    def _context(self, props: Mapping[str, Any], quote: str) -> tuple[str, str]:
        """Up to ``context_chars`` characters either side, when the report text confirms the span."""
        report, start, end = props.get("report_id"), props.get("start"), props.get("end")
        if report is None or start is None or end is None:
            return "", ""
        text = self.texts.get(str(report))
        if text is None or text[start:end] != quote:
            return "", ""
        width = self.mapping.span.context_chars
        return text[max(0, start - width):start], text[end:end + width]

    def _ingestion_parts(self, iri: str, label_map: LabelMap,
                         props: Mapping[str, Any]) -> Iterator[Triple]:
        """The loader as a prov:SoftwareAgent and the input file as a used prov:Entity."""
        m = self.mapping
        agent_spec, input_spec = label_map.extra.get("agent"), label_map.extra.get("input")
        if agent_spec and props.get("loader") is not None:
            agent = m.agent_iri(str(props["loader"]), str(props.get("version", "")))
            yield iri, m.expand(agent_spec["predicate"]), IRI(agent)
            if agent not in self._agents_written:
                self._agents_written.add(agent)
                yield from self._described(agent, agent_spec, props)
        if input_spec:
            used = m.fragment(iri, "input")
            yield iri, m.expand(input_spec["predicate"]), IRI(used)
            yield from self._described(used, input_spec, props)

    def _described(self, subject: str, spec: Mapping[str, Any],
                   props: Mapping[str, Any]) -> Iterator[Triple]:
        for cls in spec["classes"]:
            yield subject, RDF_TYPE, IRI(self.mapping.expand(cls))
        for name, predicate in spec.items():
            if name not in ("predicate", "classes") and props.get(name) is not None:
                yield subject, self.mapping.expand(predicate), Lit(str(props[name]))

    # ------------------------------------------------------------------ edges

    def edge(self, edge: Edge, labels: Mapping[str, str] | None = None) -> Iterator[Triple]:
        """An edge's direct triple(s) and, when it has any properties, its statement node."""
        rel = self.mapping.relationships[edge.type]
        source, target = self.mapping.node_iri(edge.source), self.mapping.node_iri(edge.target)
        derivation = rel.derivation_for(edge.props)
        for predicate in self._direct_predicates(rel, edge, labels or {}):
            direct = (source, predicate, IRI(target))
            if direct not in self._direct_written:
                self._direct_written.add(direct)
                yield direct
        if not self.needs_statement(edge):
            return
        yield from self._statement(edge, rel, source, target)
        if derivation is not None:
            node = self.mapping.node_iri(edge.id)
            yield node, RDF_TYPE, IRI(derivation.cls)
            yield node, PROV_ENTITY, IRI(target)
            yield source, derivation.qualified, IRI(node)

    def _direct_predicates(self, rel: RelMap, edge: Edge, labels: Mapping[str, str]) -> list[str]:
        source_label = labels.get(edge.source) or SCHEMA.label_for_prefix(edge.source) or ""
        derivation = rel.derivation_for(edge.props)
        predicates = [rel.predicate, *rel.also, *rel.also_from.get(source_label, ())]
        if derivation is not None:
            predicates.append(derivation.predicate)
        return list(dict.fromkeys(predicates))

    def needs_statement(self, edge: Edge) -> bool:
        """Whether a direct triple alone would lose something (properties or a non-derived id)."""
        rel = self.mapping.relationships[edge.type]
        return (rel.evidence or any(v is not None for v in edge.props.values())
                or edge.id != edge_id(edge.type, edge.source, edge.target))

    def _statement(self, edge: Edge, rel: RelMap, source: str, target: str) -> Iterator[Triple]:
        m, keys = self.mapping, self.mapping.edges
        node = m.node_iri(edge.id)
        yield node, RDF_TYPE, IRI(keys["statement_class"])
        yield node, keys["subject"], IRI(source)
        yield node, keys["predicate"], IRI(rel.predicate)
        yield node, keys["object"], IRI(target)
        for name in sorted(edge.props):
            prop = rel.properties.get(name)
            if prop is not None and edge.props[name] is not None:
                yield from self.property(node, prop, edge.props[name])
        if rel.evidence:
            yield node, RDF_TYPE, IRI(keys["annotation_class"])
            if rel.motivation:
                yield node, keys["motivation"], IRI(rel.motivation)
            yield node, keys["body"], IRI(target)
            yield from self.span(node, keys["target"], edge.props)
