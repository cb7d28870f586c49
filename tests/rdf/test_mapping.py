"""The mapping: reversible IRIs, one predicate per property, files that agree with each other."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from graph.rdf.mapping import RDF_TYPE, load_mapping
from graph.rdf.terms import XSD_DATE, XSD_DATETIME, datetime_literal
from graph.rdf.validation import load_shapes
from graph.schema import SCHEMA

TRICKY_IDS = [
    "rep:0c249112d01bd860", "org:Q34490", "reg:iso-af", "e:abc123",
    "org:al-qa'ida/cell #2 (50%)", "per:john smith@rep:abc", "org:Ḥamās", "no-prefix-at-all",
    "rep:", ":leading-colon", "unknown:thing", "clm:a:b:c", "org:%41", "id:looks-like-fallback",
]


@pytest.mark.parametrize("node_id", TRICKY_IDS)
def test_every_id_has_one_iri_that_gives_it_back(node_id: str) -> None:
    mapping = load_mapping()
    iri = mapping.node_iri(node_id)
    assert mapping.id_for_iri(iri) == node_id
    assert not set(iri) & set(' <>"{}|\\^`#'), iri
    # rdflib accepts it as an IRI in N-Triples, the strictest syntax we write
    graph = Graph().parse(data=f"<{iri}> <{RDF_TYPE}> <http://schema.org/Thing> .", format="nt")
    assert URIRef(iri) in set(graph.subjects())


def test_readable_iris_for_well_formed_ids() -> None:
    mapping = load_mapping()
    assert mapping.node_iri("rep:0c24") == "https://w3id.org/conflictkg/report/0c24"
    assert mapping.node_iri("org:Q34490") == "https://w3id.org/conflictkg/organisation/Q34490"
    assert mapping.id_for_iri("https://example.org/report/0c24") is None
    assert mapping.id_for_iri(mapping.node_iri("rep:0c24") + "#span") is None


def test_every_schema_property_has_a_predicate_and_labels_have_classes() -> None:
    mapping = load_mapping()
    for label, node_type in SCHEMA.nodes.items():
        label_map = mapping.labels[label]
        assert label_map.classes, label
        handled = set(label_map.properties)
        for part in label_map.extra.values():
            handled |= set(part)
        if label_map.span_link:
            handled |= {"report_id", "start", "end", "quote"}
        assert set(node_type.properties) <= handled, label
    for rel_type, rel in SCHEMA.relationships.items():
        rel_map = mapping.relationships[rel_type]
        span = {"report_id", "start", "end", "quote"} if rel.evidence else set()
        assert set(rel.properties) <= set(rel_map.properties) | span, rel_type


def test_import_can_tell_every_label_and_relationship_apart() -> None:
    mapping = load_mapping()
    labels_found = set(mapping.label_of_class().values())
    assert labels_found == set(SCHEMA.nodes)
    assert set(mapping.rel_of_predicate().values()) == set(SCHEMA.relationships)


def test_context_file_declares_exactly_the_mapping_prefixes() -> None:
    mapping = load_mapping()
    text = resources.files("graph.rdf").joinpath("context.jsonld").read_text(encoding="utf-8")
    context = json.loads(text)["@context"]
    expected = dict(mapping.namespaces)
    expected.update({prefix: f"{mapping.base}{segment}/" for prefix, segment in mapping.segments.items()})
    assert context == expected


def test_shapes_target_every_class_an_export_can_use() -> None:
    mapping = load_mapping()
    shapes = load_shapes()
    targeted = {str(o) for o in shapes.objects(None, SH.targetClass)}
    for label_map in mapping.labels.values():
        used = {label_map.classes[0], *label_map.class_by_kind.values()}
        if label_map.stub_class:
            used.add(label_map.stub_class)
        assert used <= targeted, (label_map.label, used - targeted)


@pytest.mark.parametrize(("value", "datatype"), [
    ("2025-03-07", XSD_DATE),
    ("2025-03-07T10:00:00+00:00", XSD_DATETIME),
    ("2025-03-07T10:00:00", XSD_DATETIME),
    ("2025-03-07T10:00:00.120000-05:00", XSD_DATETIME),
    ("2025-03-07T10:00:00Z", None),           # rdflib would rewrite Z as +00:00
    ("2025-03-07T10:00", None),               # not a valid xsd:dateTime (no seconds)
    ("20250307", None),
    ("2025-02-30", None),
])
def test_dates_are_typed_only_when_rdflib_keeps_them_unchanged(value: str, datatype: str | None) -> None:
    lit = datetime_literal(value)
    assert lit.datatype == datatype
    parsed = Literal(lit.lexical, datatype=URIRef(lit.datatype) if lit.datatype else None)
    assert str(parsed) == value
