"""The RDF mapping: ``schema.yaml``'s ``rdf:`` blocks plus ``mapping.yaml``, resolved once.

The exporter and the importer both read these objects, so a predicate is named in
one place and the importer is, by construction, the inverse of the exporter. Every
schema property gets a predicate (a declared one, else ``ckg:<camelCaseName>``), so a
new property in the schema is exported and imported without touching this code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, unquote

import yaml

from graph.errors import ConfigurationError
from graph.schema import SCHEMA, ElementType, Schema

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDF_JSON = RDF + "JSON"
SPAN_PROPERTIES = ("report_id", "start", "end", "quote")
IRI_SAFE = "-._~"


class MappingError(ConfigurationError, ValueError):
    """The mapping files contradict themselves or the schema."""


@dataclass(frozen=True)
class PropertyMap:
    """How one property becomes triples: predicate, datatype and the kind of object."""

    name: str
    type: str
    predicate: str
    datatype: str | None = None
    ref: bool = False          # the value is a node id, written as that node's IRI
    wikidata: bool = False     # the value is a Wikidata id, written as its entity IRI
    also: tuple[str, ...] = ()
    ordered_predicate: str = ""  # lists: where the exact order is kept when needed


@dataclass(frozen=True)
class Derivation:
    """A PROV-O derivation: the binary predicate and its qualified form."""

    predicate: str
    qualified: str
    cls: str


@dataclass(frozen=True)
class SpanMap:
    """The Web Annotation predicates of a span and how much context to cut around it."""

    source: str
    start: str
    end: str
    exact: str
    prefix: str
    suffix: str
    context_chars: int


@dataclass(frozen=True)
class LabelMap:
    """A node label's classes and property predicates."""

    label: str
    classes: tuple[str, ...]
    properties: Mapping[str, PropertyMap]
    class_by_kind: Mapping[str, str] = field(default_factory=dict)
    stub_class: str | None = None
    span_link: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # Ingestion's agent and input

    def classes_for(self, props: Mapping[str, Any]) -> tuple[str, ...]:
        """The rdf:types of a node: the kind's (or stub's) class replaces the first one."""
        if self.stub_class and props.get("stub"):
            return (self.stub_class, *self.classes[1:])
        kind_class = self.class_by_kind.get(str(props.get("kind")))
        if kind_class:
            return (kind_class, *self.classes[1:])
        return self.classes


@dataclass(frozen=True)
class RelMap:
    """A relationship type's predicates, annotation motivation and property predicates."""

    type: str
    predicate: str
    evidence: bool
    properties: Mapping[str, PropertyMap]
    also: tuple[str, ...] = ()
    also_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    by_kind: Mapping[str, Derivation] = field(default_factory=dict)
    derivation: Derivation | None = None
    motivation: str | None = None

    def derivation_for(self, props: Mapping[str, Any]) -> Derivation | None:
        """The PROV-O derivation this edge states, if its type or citation kind says so."""
        return self.by_kind.get(str(props.get("kind"))) or self.derivation


@dataclass(frozen=True)
class RdfMapping:
    """Everything the exporter and importer need to know about IRIs and predicates."""

    base: str
    context_iri: str
    namespaces: Mapping[str, str]
    segments: Mapping[str, str]      # id prefix -> path segment
    prefixes: Mapping[str, str]      # path segment -> id prefix
    fallback_segment: str
    agent_segment: str
    fragments: Mapping[str, str]
    span: SpanMap
    labels: Mapping[str, LabelMap]
    relationships: Mapping[str, RelMap]
    edges: Mapping[str, str]
    wikidata_iri: str
    wikidata_pattern: re.Pattern[str]
    wikidata_fallback: str

    # ------------------------------------------------------------------ IRIs

    def node_iri(self, node_id: str) -> str:
        """The IRI of a node or edge id; :meth:`id_for_iri` gives the id back."""
        prefix, sep, local = node_id.partition(":")
        segment = self.segments.get(prefix) if sep else None
        if segment is None or not local:
            return f"{self.base}{self.fallback_segment}/{quote(node_id, safe=IRI_SAFE)}"
        return f"{self.base}{segment}/{quote(local, safe=IRI_SAFE)}"

    def id_for_iri(self, iri: str) -> str | None:
        """The id an IRI of ours names, or None for an IRI that is not one of ours."""
        if not iri.startswith(self.base) or "#" in iri:
            return None
        segment, sep, local = iri[len(self.base):].partition("/")
        if not sep or not local or "/" in local:
            return None
        if segment == self.fallback_segment:
            return unquote(local)
        prefix = self.prefixes.get(segment)
        return f"{prefix}:{unquote(local)}" if prefix else None

    def fragment(self, owner_iri: str, part: str) -> str:
        """A derived resource named after its owner (a span, a selector, an input file)."""
        return f"{owner_iri}#{self.fragments[part]}"

    def agent_iri(self, loader: str, version: str) -> str:
        """The prov:SoftwareAgent IRI of one loader at one version."""
        return (f"{self.base}{self.agent_segment}/{quote(loader, safe=IRI_SAFE)}/"
                f"{quote(version, safe=IRI_SAFE)}")

    def expand(self, curie: str) -> str:
        """Full IRI of a ``prefix:local`` name from ``namespaces``."""
        return expand_curie(curie, self.namespaces)

    # ---------------------------------------------------------------- reverse

    def label_of_class(self) -> dict[str, str]:
        """Class IRI -> label, for classes that name exactly one label (import uses it)."""
        owners: dict[str, set[str]] = {}
        for label_map in self.labels.values():
            classes = {*label_map.classes, *label_map.class_by_kind.values()}
            if label_map.stub_class:
                classes.add(label_map.stub_class)
            for cls in classes:
                owners.setdefault(cls, set()).add(label_map.label)
        return {cls: next(iter(labels)) for cls, labels in owners.items() if len(labels) == 1}

    def rel_of_predicate(self) -> dict[str, str]:
        """Direct predicate IRI -> relationship type (unique by construction)."""
        return {rel.predicate: rel.type for rel in self.relationships.values()}


def expand_curie(curie: str, namespaces: Mapping[str, str]) -> str:
    """``schema:name`` -> ``http://schema.org/name``; full IRIs pass through."""
    prefix, sep, local = curie.partition(":")
    if sep and prefix in namespaces:
        return namespaces[prefix] + local
    if curie.startswith(("http://", "https://")):
        return curie
    raise MappingError(f"unknown prefix in {curie!r}")


def camel(name: str) -> str:
    """``source_name`` -> ``sourceName`` (for ckg: predicates of unlisted properties)."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


# ------------------------------------------------------------------- building


def _property_map(name: str, prop_type: str, spec: Mapping[str, Any] | None,
                  ns: Mapping[str, str]) -> PropertyMap:
    ckg = ns["ckg"]
    spec = spec or {"predicate": f"ckg:{camel(name)}"}
    datatype = spec.get("datatype")
    return PropertyMap(
        name=name, type=prop_type, predicate=expand_curie(spec["predicate"], ns),
        datatype=expand_curie(datatype, ns) if datatype else None,
        ref=bool(spec.get("ref")), wikidata=bool(spec.get("wikidata")),
        also=tuple(expand_curie(p, ns) for p in spec.get("also", ())),
        ordered_predicate=f"{ckg}{camel(name)}List" if prop_type == "str_list" else "",
    )


def _property_maps(element: ElementType, declared: Mapping[str, Any],
                   provenance: Mapping[str, Any], skip: set[str],
                   ns: Mapping[str, str]) -> dict[str, PropertyMap]:
    maps: dict[str, PropertyMap] = {}
    for name, prop in element.properties.items():
        if name in skip:
            continue
        spec = declared.get(name) or provenance.get(name)
        maps[name] = _property_map(name, prop.type, spec, ns)
    _check_unique(element.name, maps.values())
    return maps


def _check_unique(owner: str, maps: Any) -> None:
    seen: dict[str, str] = {}
    for pm in maps:
        for predicate in (pm.predicate, pm.ordered_predicate):
            if predicate and predicate in seen:
                raise MappingError(f"{owner}: {pm.name} and {seen[predicate]} share {predicate}")
            if predicate:
                seen[predicate] = pm.name


def _span_skip(element: ElementType, schema: Schema) -> set[str]:
    """Provenance span properties are written by the span, not as plain properties."""
    if all(name in element.properties for name in schema.provenance):
        return set(SPAN_PROPERTIES)
    return set()


def _label_map(label: str, raw: Mapping[str, Any], provenance: Mapping[str, Any],
               schema: Schema, ns: Mapping[str, str]) -> LabelMap:
    node_type = schema.node(label)
    skip = _span_skip(node_type, schema) - set(raw.get("properties", {}))
    extra = {key: raw[key] for key in ("agent", "input") if key in raw}
    for part in extra.values():
        skip |= {k for k in part if k not in ("predicate", "classes")}
    classes = tuple(expand_curie(c, ns) for c in _as_list(node_type.rdf.get("class")))
    if not classes:
        raise MappingError(f"schema.yaml gives {label} no rdf class")
    return LabelMap(
        label=label, classes=classes,
        properties=_property_maps(node_type, raw.get("properties", {}), provenance, skip, ns),
        class_by_kind={k: expand_curie(v, ns) for k, v in raw.get("class_by_kind", {}).items()},
        stub_class=expand_curie(raw["stub_class"], ns) if raw.get("stub_class") else None,
        span_link=expand_curie(raw["span_link"], ns) if raw.get("span_link") else None,
        extra=extra,
    )


def _derivation(raw: Mapping[str, Any], ns: Mapping[str, str],
                default_predicate: str) -> Derivation:
    return Derivation(predicate=expand_curie(raw.get("predicate", default_predicate), ns),
                      qualified=expand_curie(raw["qualified"], ns), cls=expand_curie(raw["class"], ns))


def _rel_map(rel_type: str, raw: Mapping[str, Any], provenance: Mapping[str, Any],
             schema: Schema, ns: Mapping[str, str]) -> RelMap:
    rel = schema.relationship(rel_type)
    predicate = rel.rdf.get("predicate")
    if not predicate:
        raise MappingError(f"schema.yaml gives {rel_type} no rdf predicate")
    skip = _span_skip(rel, schema)
    return RelMap(
        type=rel_type, predicate=expand_curie(predicate, ns), evidence=rel.evidence,
        properties=_property_maps(rel, raw.get("properties", {}), provenance, skip, ns),
        also=tuple(expand_curie(p, ns) for p in raw.get("also", ())),
        also_from={label: tuple(expand_curie(p, ns) for p in preds)
                   for label, preds in raw.get("also_from", {}).items()},
        by_kind={kind: _derivation(spec, ns, predicate)
                 for kind, spec in raw.get("by_kind", {}).items()},
        derivation=_derivation(raw["derivation"], ns, predicate) if raw.get("derivation") else None,
        motivation=expand_curie(raw["motivation"], ns) if raw.get("motivation") else None,
    )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def parse_mapping(raw: Mapping[str, Any], schema: Schema = SCHEMA) -> RdfMapping:
    """Resolve ``mapping.yaml`` against the schema; raise MappingError on contradictions."""
    ns = dict(raw["namespaces"])
    prov_raw = raw["provenance"]
    span_raw = prov_raw["span"]
    provenance = prov_raw.get("properties", {})
    labels = {label: _label_map(label, raw["nodes"].get(label, {}), provenance, schema, ns)
              for label in schema.nodes}
    rels = {rel: _rel_map(rel, raw["relationships"].get(rel, {}), provenance, schema, ns)
            for rel in schema.relationships}
    predicates = [r.predicate for r in rels.values()]
    if len(set(predicates)) != len(predicates):
        raise MappingError("two relationship types share a predicate; import could not tell them apart")
    return RdfMapping(
        base=raw["base"], context_iri=raw["context_iri"], namespaces=ns,
        segments=dict(raw["resources"]),
        prefixes={segment: prefix for prefix, segment in raw["resources"].items()},
        fallback_segment=raw["fallback_segment"],
        agent_segment=raw["agent_segment"], fragments=dict(raw["fragments"]),
        span=SpanMap(**{key: expand_curie(span_raw[src], ns) for key, src in (
            ("source", "report_id"), ("start", "start"), ("end", "end"), ("exact", "quote"),
            ("prefix", "prefix"), ("suffix", "suffix"))},
            context_chars=int(span_raw["context_chars"])),
        labels=labels, relationships=rels,
        edges={key: expand_curie(value, ns) for key, value in raw["edges"].items()},
        wikidata_iri=raw["wikidata"]["iri"],
        wikidata_pattern=re.compile(raw["wikidata"]["pattern"]),
        wikidata_fallback=expand_curie(raw["wikidata"]["fallback"], ns),
    )


@lru_cache(maxsize=1)
def load_mapping() -> RdfMapping:
    """The project's mapping, read once from the packaged ``mapping.yaml``."""
    text = resources.files("graph.rdf").joinpath("mapping.yaml").read_text(encoding="utf-8")
    return parse_mapping(yaml.safe_load(text))
