"""The schema is the single declaration; the provenance stamper enforces it."""

from __future__ import annotations

import pytest

from graph.model import Node, claim_id, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.schema import SCHEMA, SchemaError, parse_schema

TEXT = "Al Qaeda is regrouping in Afghanistan. Officials said so."


def builder() -> ReportBuilder:
    report = Node("Report", report_id(text_sha256=sha256_hex(TEXT)),
                  {"text": TEXT, "sha256": sha256_hex(TEXT), "stub": False})
    return ReportBuilder(report, ingestion_node("tests", sha256_hex(TEXT), "t.txt"))


def test_every_evidence_relationship_carries_the_provenance_block() -> None:
    for rel in SCHEMA.relationships.values():
        has_block = set(SCHEMA.provenance) <= set(rel.properties)
        assert has_block == rel.evidence, rel.name
    assert set(SCHEMA.provenance) <= set(SCHEMA.node("Claim").properties)


def test_schema_refuses_unknown_labels_in_relationships() -> None:
    raw = {"provenance": {"properties": {}}, "nodes": {},
           "relationships": {"X": {"from": ["Nope"], "to": ["Nope"]}}}
    with pytest.raises(SchemaError, match="unknown label 'Nope'"):
        parse_schema(raw)


@pytest.mark.parametrize(("props", "message"), [
    ({"resolved": True}, "missing required property 'name'"),
    ({"name": "X", "resolved": "yes"}, "resolved must be bool"),
    ({"name": "X", "resolved": True, "colour": "red"}, "undeclared property 'colour'"),
    ({"name": "X", "resolved": True, "aliases": "Y"}, "list of strings"),
])
def test_node_validation_names_the_problem(props: dict[str, object], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        Node("Organisation", "org:x", dict(props)).validate()


@pytest.mark.parametrize(("props", "message"), [
    ({"stub": 1}, "stub must be bool"),
    ({"stub": False, "claim_count": True}, "claim_count must be int, not bool"),
    ({"stub": False, "claim_count": 2.0}, "claim_count must be int, got float"),
    ({"stub": False, "published": "last week"}, "not an ISO-8601 date"),
    ({"stub": False, "published": 2025}, "published must be datetime"),
    ({"stub": False, "authors": ["A", 3]}, "list of strings"),
    ({"stub": None}, "missing required property 'stub'"),
])
def test_report_validation_checks_every_type(props: dict[str, object], message: str) -> None:
    """Values of their property's plain type pass on a set look-up; everything else takes
    the full check, and a value of the wrong type never passes."""
    with pytest.raises(SchemaError, match=message):
        Node("Report", "rep:x", dict(props)).validate()


def test_fitting_values_pass_and_absent_ones_are_ignored() -> None:
    Node("Report", "rep:x", {"stub": False, "claim_count": 3, "published": "2025-03-01",
                             "authors": ["A"], "title": None}).validate()
    Node("Claim", "clm:x", {**builder().provenance(0, 8, "m", 1), "confidence": 1,
                            "text": "Al Qaeda", "hedged": False, "sourced": False}).validate()


def test_the_builder_drops_absent_values_and_copies_shared_nodes() -> None:
    build = builder()
    cid = build.claim(0, 38, method="sentence", confidence=0.9, hedged=False, sourced=False,
                      date_start=None)
    entity = Node("Organisation", "org:al-qaeda", {"name": "Al Qaeda", "resolved": True,
                                                   "wikidata": None})
    build.node(entity)
    build.evidence("MENTIONS", cid, entity.id, 0, 8, method="gazetteer", confidence=0.95,
                   surface=None)
    batch = build.build()
    claim = next(n for n in batch.owned if n.label == "Claim")
    shared = next(n for n in batch.shared if n.id == entity.id)
    assert "date_start" not in claim.props and "surface" not in batch.edges[-1].props
    assert shared.props == {"name": "Al Qaeda", "resolved": True}
    assert shared.props is not entity.props and "wikidata" in entity.props


def test_claims_and_evidence_edges_quote_their_exact_span() -> None:
    build = builder()
    cid = build.claim(0, 38, method="sentence", confidence=0.9, hedged=False, sourced=False)
    org = build.node(Node("Organisation", entity_id("Organisation", name="Al Qaeda"),
                          {"name": "Al Qaeda", "resolved": True}))
    build.evidence("MENTIONS", cid, org, 0, 8, method="gazetteer", confidence=0.95)
    batch = build.build()
    claim = next(n for n in batch.owned if n.label == "Claim")
    assert claim.id == claim_id(batch.report_id, 0, 38)
    assert claim.props["quote"] == claim.props["text"] == TEXT[0:38]
    mention = next(e for e in batch.edges if e.type == "MENTIONS")
    assert mention.props["quote"] == "Al Qaeda"
    assert mention.props["ingestion_id"] == batch.shared[0].id
    assert {k for k, p in SCHEMA.provenance.items() if p.required} <= set(mention.props)


def test_spans_outside_the_text_are_refused() -> None:
    with pytest.raises(SchemaError, match="outside report"):
        builder().claim(10, len(TEXT) + 5, method="sentence", confidence=1.0,
                        hedged=False, sourced=False)


def test_pages_are_stamped_from_offsets() -> None:
    report = Node("Report", "rep:paged", {"text": TEXT, "sha256": "x", "stub": False})
    build = ReportBuilder(report, ingestion_node("t", "x", "t.pdf"), pages=[(0, 1), (39, 2)])
    assert build.provenance(0, 8, "m", 1.0)["page"] == 1
    assert build.provenance(39, 48, "m", 1.0)["page"] == 2


def test_ids_are_deterministic_and_urls_canonical() -> None:
    assert report_id(url="http://www.Example.org/a/?utm_source=x") == report_id(url="https://example.org/a")
    assert entity_id("Region", iso="AF") == "reg:iso-af"
    assert ingestion_node("l", "h", "a").id == ingestion_node("l", "h", "b").id
