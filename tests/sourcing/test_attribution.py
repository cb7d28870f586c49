"""Attribution in prose: the source's words, kind, stance and channel, on invented text.

Each sentence here was written for these tests in the ways reporting names its sources;
none is taken from a real report.
"""

from __future__ import annotations

import pytest

from tests.sourcing.conftest import claim_with, extract_text

DATED = "---\npublisher: Example Daily\npublished: 2025-03-14\n---\n"


def sources(text: str, words: str) -> list[tuple[str, str, str]]:
    """(source words as written at the evidence span, kind, stance) of one claim."""
    extraction = extract_text(DATED + text)
    claim = claim_with(extraction, words)
    body = extraction.report.text
    return [(body[c.start:c.end], c.source_kind or "", c.stance) for c in claim.citations]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Fighters shelled the market on Tuesday, according to a spokesman for the regional army.",
     ("a spokesman for the regional army", "anonymous")),
    ("The convoy was attacked near the bridge, two security officials told reporters.",
     ("two security officials", "anonymous")),
    ("“We will not withdraw from the border towns,” said army spokesman Kofi Asante.",
     ("army spokesman Kofi Asante", "person")),
    ("Radio Example's correspondent in Lowland reported that 14 people were killed.",
     ("Radio Example's correspondent in Lowland", "")),
    ("A report Wednesday claimed the militia had seized three villages.",
     ("A report", "document")),
    ("Human Rights Watch said the militia executed at least 40 villagers.",
     ("Human Rights Watch", "organisation")),
    ("The death toll was put at 52 by health workers at the district hospital.",
     ("health workers at the district hospital", "anonymous")),
])
def test_the_source_is_the_speakers_words(sentence: str, expected: tuple[str, str]) -> None:
    (found,) = sources(sentence, sentence[:25])
    assert found[0] == expected[0]
    if expected[1]:
        assert found[1] == expected[1]


def test_a_date_or_place_is_never_the_source() -> None:
    (found,) = sources("A report Thursday claimed the rebels had left Lowland.", "A report Thursday")
    assert "Thursday" not in found[0]
    (found,) = sources("Radio Example's correspondent in Lowland reported new clashes on the road.",
                       "correspondent")
    assert found[0] != "Lowland"


def test_a_pronoun_stands_for_the_source_named_before_it() -> None:
    text = ("The camp director, Maria Lopez, said the camp holds 9,000 people. "
            "According to her, food stocks will last two weeks.")
    extraction = extract_text(DATED + text)
    claim = claim_with(extraction, "According to her")
    (citation,) = claim.citations
    body = extraction.report.text
    assert body[citation.start:citation.end] == "Maria Lopez"
    assert citation.method == "coreference" and citation.referring == "her"
    assert citation.target_id == claim_with(extraction, "camp holds").citations[0].target_id


def test_the_report_refers_back_to_the_document_described_before() -> None:
    text = ("A new United Nations report says the militia recruited 300 children last year. "
            "The report also said the group runs four training sites in the hills.")
    extraction = extract_text(DATED + text)
    first = claim_with(extraction, "recruited").citations[0]
    later = claim_with(extraction, "training sites").citations[0]
    assert first.source_kind == "document" and first.target_type == "report"
    assert later.target_id == first.target_id


def test_a_denial_of_a_report_gives_two_stances() -> None:
    found = sources("The interior ministry rejected a UN report that said police killed 30 protesters.",
                    "rejected")
    stances = {kind: stance for _, kind, stance in found}
    assert stances.get("document") == "asserts"
    assert "denies" in {stance for _, _, stance in found}


def test_a_negated_admission_is_a_denial() -> None:
    found = sources("The army has never acknowledged that its drones struck the wedding party.",
                    "never acknowledged")
    assert [stance for _, _, stance in found] == ["denies"]


def test_a_document_seen_by_an_agency_has_the_agency_as_channel() -> None:
    extraction = extract_text(DATED + "The militia holds 3,000 fighters, according to a UN report "
                              "seen on Monday by AFP.")
    (citation,) = extraction.claims[0].citations
    assert citation.source_kind == "document"
    assert citation.via_name == "Agence France-Presse"
    assert [c.agency for c in extraction.credits] == ["Agence France-Presse"]


def test_a_source_quoted_inside_a_report_is_reached_through_it() -> None:
    extraction = extract_text(DATED + "“According to local witnesses, 80 people were killed,” "
                              "according to a report by the UN panel of experts.")
    citations = {c.source_kind: c for c in extraction.claims[0].citations}
    assert citations["anonymous"].via == citations["document"].target_id


def test_sentences_inside_one_quotation_share_its_speaker() -> None:
    text = ("The governor, Amadou Diallo, said: “The road to the north is closed. "
            "Nobody has crossed the river since Sunday.”")
    extraction = extract_text(DATED + text)
    later = claim_with(extraction, "Nobody has crossed")
    assert later.citations and later.citations[0].target == "Amadou Diallo"


def test_a_claim_with_no_cue_is_own_reporting() -> None:
    extraction = extract_text(DATED + "Heavy rain flooded the camps along the river last week.")
    assert extraction.claims[0].sourcing == "own-reporting"
    assert not extraction.claims[0].sourced


def test_attributions_are_shown_in_the_json() -> None:
    extraction = extract_text(DATED + "Fighting resumed near the dam, the regional governor said.")
    (claim,) = extraction.to_json()["claims"]
    (view,) = claim["attributions"]
    assert view["kind"] == "person" and view["stance"] == "asserts"   # a titled individual
    body = extraction.report.text
    assert body[view["span"][0]:view["span"][1]] == "the regional governor"
    assert body[view["cue_span"][0]:view["cue_span"][1]] == "said"
    assert extraction.to_json()["version"] >= 3


@pytest.mark.parametrize("dateline", ["LOWTOWN, Examplestan (AP) — ", "LOWTOWN (Reuters) - "])
def test_a_dateline_credits_the_agency(dateline: str) -> None:
    extraction = extract_text("---\npublisher: Example Daily\n---\n" + dateline +
                              "Gunmen attacked a police post overnight, officials said.")
    assert [c.basis for c in extraction.credits] == ["dateline"]


def test_a_photo_credit_is_not_a_story_credit() -> None:
    extraction = extract_text("---\npublisher: Example Daily\n---\nA man walks past the ruins. (AFP)\n\n"
                              "Gunmen attacked a police post overnight, officials said.")
    assert extraction.credits == []
