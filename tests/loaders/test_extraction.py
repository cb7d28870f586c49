"""One pipeline for every format: hedges, attributions, citations, relations, entities."""

from __future__ import annotations

import pytest

from graph.model import report_id
from graph.provenance import ingestion_node
from loaders.build import build_batch
from loaders.extract.cues import find_attributions, find_hedges
from loaders.extraction import Extraction
from tests.loaders.conftest import EXAMPLES, extract_bytes, extract_file


def one_claim(text: str) -> Extraction:
    return extract_bytes("claim.txt", text.encode())


@pytest.mark.parametrize(("sentence", "cues"), [
    ("The group may have moved its camps.", ["may"]),
    ("The camps appear to be active, and officials reportedly fear attacks.", ["appear", "reportedly"]),
    ("About 300 fighters are likely to cross if the roads reopen.", ["about", "likely", "if"]),
    ("In some cases, commanders were allegedly paid in cash.", ["in some cases", "allegedly"]),
    ("The army could not reach the village in May 2024.", []),
    ("The convoy arrived in May last year and stayed about a week.", []),
    ("Fighters can move freely and must report to the council.", []),
])
def test_hedge_cues(sentence: str, cues: list[str]) -> None:
    assert [c.text for c in find_hedges(sentence)] == cues


@pytest.mark.parametrize(("sentence", "who", "anonymous"), [
    ("Hezbollah moved rockets south overnight, officials said.", "officials", True),
    ("Two senior Afghan officials told reporters that the camp had closed.", "Two senior Afghan officials",
     True),
    ("According to Member State information, the group has 400 fighters.", "Member State information",
     True),
    ("The attack killed 12 people, said Amina Yusuf, a local councillor.", "Amina Yusuf", False),
    ("The Interim Afghan Government denied that foreign fighters were present.",
     "The Interim Afghan Government", False),
    ("The camp was rebuilt, as The Khorasan Times reported in May.", "The Khorasan Times", False),
])
def test_attributions(sentence: str, who: str, anonymous: bool) -> None:
    (found,) = find_attributions(sentence)
    assert (found.who, found.anonymous) == (who, anonymous)
    assert sentence[found.start:found.end] == who


def test_attribution_and_link_to_the_same_report_are_joined() -> None:
    extraction = extract_file(EXAMPLES / "03-wire-story.md")
    linked = "https://example.org/institute/return-of-the-camps"
    (said,) = [c for c in extraction.claims if "according to a report" in c.text]
    (citation,) = said.citations
    assert (citation.kind, citation.target_url) == ("attribution", linked)
    assert citation.publisher == "Example Institute for Security Studies"
    assert extraction.report.text[citation.start:citation.end].startswith("a report by the Example")
    (next_claim,) = [c for c in extraction.claims if c.text.startswith("The report says")]
    assert [c.target_id for c in next_claim.citations] == [citation.target_id] == [report_id(url=linked)]
    batch = build_batch(extraction, ingestion_node("t", "0" * 64, "x"))
    stubs = [n for n in batch.shared if n.label == "Report"]
    assert [s.props.get("url") for s in stubs] == [linked]


def test_as_reported_with_a_link_cites_the_link_only() -> None:
    extraction = extract_file(EXAMPLES / "05-op-ed.md")
    (claim,) = [c for c in extraction.claims if "Example Daily" in c.text]
    assert [(c.kind, c.target_url, c.attribution) for c in claim.citations] == [
        ("hyperlink", "https://example.com/daily/2025/03/08/al-qaeda-camps", "Example Daily")]


def test_anonymous_and_organisational_attributions_name_their_targets() -> None:
    extraction = extract_file(EXAMPLES / "03-wire-story.md")
    (claim,) = [c for c in extraction.claims if "spokesman" in c.text]
    (citation,) = claim.citations
    assert (citation.target_type, citation.target, citation.anonymous) == (
        "organisation", "Interim Afghan Government", False)
    field = extract_file(EXAMPLES / "06-ngo-field-report.md")
    people = [c for claim in field.claims for c in claim.citations]
    assert {c.target for c in people} == {"Villagers", "Residents", "local elders"}
    assert all(c.target_type == "person" and c.anonymous for c in people)
    assert all(c.target_id and c.target_id.endswith(field.report.id.split(":")[1]) for c in people)


def test_relations_carry_predicate_direction_and_trigger_span() -> None:
    extraction = one_claim("Analysts said the Taliban shelter Al Qaeda leaders in Kabul. "
                           "Al Qaeda is funded by the Haqqani Network, officials said. "
                           "The TTP does not support ISKP in Kunar, a diplomat said.\n")
    found = {(r.subject_id.split(":")[1], r.predicate, r.object_id.split(":")[1], r.trigger)
             for r in extraction.relations}
    assert ("Q42418", "shelters", "Q34490", "shelter") in found
    assert ("Q34490", "operates_in", "geonames-1138958", "in") in found
    assert ("haqqani-network", "funds", "Q34490", "funded") in found
    assert not any(p == "supports" for _, p, _, _ in found)


def test_unknown_organisation_is_kept_unresolved() -> None:
    extraction = one_claim("The Khorasan Research Institute counted 40 attacks in Kunar last year.\n")
    (entity,) = [e for e in extraction.entities.values() if e.type == "organisation"]
    assert (entity.name, entity.resolved) == ("Khorasan Research Institute", False)


def test_batch_has_hierarchy_and_report_level_citations(fixture_extractions: dict[str, Extraction]) -> None:
    extraction = fixture_extractions["field-brief.txt"]
    batch = build_batch(extraction, ingestion_node("t", "0" * 64, "x"))
    part_of = {(e.source, e.target) for e in batch.edges if e.type == "PART_OF"}
    assert ("reg:iso-af-knr", "reg:iso-af") in part_of and ("reg:iso-af", "reg:Q771405") in part_of
    report_cites = [e for e in batch.edges if e.type == "CITES" and e.source == extraction.report.id]
    assert {e.props["target_url"] for e in report_cites} == {
        "https://example.org/nangarhar/statement-2025-04-03", "https://example.org/un/monitoring-35"}
    assert all(e.props["kind"] == "bibliography" for e in report_cites)


def test_state_bodies_and_bodies_that_speak_are_organisations() -> None:
    extraction = one_claim("Congolese army units clashed with M23 near Goma, the UN mission said, "
                           "while the Rwandan government denied any role.\n")
    (claim,) = extraction.claims
    assert [m.name for m in claim.mentions] == ["Armed Forces of the Democratic Republic of the Congo", "M23",
                                                "Goma", "United Nations", "Government of Rwanda"]
    army = claim.mentions[0]
    assert (army.surface, army.method) == ("Congolese army", "state-body+context")  # Goma: DR Congo
    assert "Congolese army" in extraction.entities[army.id].aliases
    speakers = {(c.target, c.target_type) for c in claim.citations}
    assert speakers == {("UN mission", "organisation"), ("Rwandan government", "organisation")}
