"""Attribution in prose, the harder patterns of news text, on invented sentences.

Each test states a rule of reporting and a sentence written for it; where the rule could
be mistaken for a broader one, a counterpart sentence shows what must not change.
"""

from __future__ import annotations

from tests.sourcing.conftest import claim_with, extract_text

DATED = "---\npublisher: Example Daily\npublished: 2025-03-14\n---\n"


def cited(text: str, words: str) -> list[tuple[str, str | None]]:
    """(source as resolved, kind) for each citation of the claim holding ``words``."""
    claim = claim_with(extract_text(DATED + text), words)
    return [(c.target or "", c.source_kind) for c in claim.citations]


def test_a_name_set_off_after_a_description_is_the_source() -> None:
    found = cited("A London-based news agency, Wire Example, claimed that the militia seized "
                  "the dam.", "seized the dam")
    assert [name for name, _ in found] == ["Wire Example"]


def test_a_speaker_after_the_last_comma_with_a_long_title() -> None:
    found = cited("Floods displaced about 2,500 people in the valley in the first three months, "
                  "UN Special Representative of the Secretary-General for Lowland Maria Ostrova "
                  "said on Monday.", "Floods displaced")
    assert len(found) == 1 and found[0][1] == "person" and found[0][0].endswith("Maria Ostrova")


def test_a_subject_after_the_last_comma_stays_the_subject() -> None:
    found = cited("In Lowvale, officials from the Kessel province said the road was closed.",
                  "road was closed")
    assert [kind for _, kind in found] == ["anonymous"]


def test_referring_to_a_group_by_a_name_is_no_citation() -> None:
    found = cited("“Killing 30 villagers shows their aim,” the governor added, referring to "
                  "the Kessel Front as “bandits”, a term officials use.", "Killing 30 villagers")
    assert all("Kessel" not in name for name, _ in found)


def test_referring_to_a_statement_cites_its_author() -> None:
    found = cited("Analysts, referring to the statement by spokesman Ivo Marek, said that the "
                  "attacks decreased.", "attacks decreased")
    assert any(name.endswith("Ivo Marek") for name, _ in found)


def test_experts_never_stand_for_one_person() -> None:
    text = ("Ivo Marek, spokesman for the Northern Group, reported that attacks fell. "
            "Experts suggested that the rebels might pause before resuming the offensive.")
    found = cited(text, "might pause")
    assert all("Marek" not in name for name, _ in found)


def test_seeing_is_not_saying() -> None:
    found = cited("The patrol observed a group of people near the river and fired.", "fired")
    assert found == []
    found = cited("The monitor observed that the patrol fired on the group.", "fired on the group")
    assert [name for name, _ in found] == ["The monitor"] or found[0][1] in ("anonymous", "person")


def test_two_prose_sources_in_one_claim_stay_two() -> None:
    found = cited("According to the statement, Ivo Marek pointed out that the patrol misread "
                  "the crowd.", "misread the crowd")
    kinds = sorted(kind or "" for _, kind in found)
    assert kinds == ["document", "person"]


def test_a_quotation_speaker_is_the_one_outside_it() -> None:
    text = ("“About 2,500 people were hurt in the first quarter. It is the worst quarter since "
            "the mission's Rights Section started recording figures,” Maria Ostrova told the council.")
    found = cited(text, "About 2,500 people")
    assert [name for name, _ in found] == ["Maria Ostrova"]


def test_a_line_handing_the_story_to_an_agency_credits_it() -> None:
    extraction = extract_text(DATED + "The hospital was hit by a missile on Monday.\n\n"
                              "Reuters writes about it.\n")
    assert [c.basis for c in extraction.credits] == ["writes-about-it"]
    extraction = extract_text(DATED + "Reuters writes about the war in its evening bulletin.\n")
    assert extraction.credits == []


def test_a_name_and_a_cue_that_close_the_sentence_speak() -> None:
    """ "..., the U.N. estimates.": the parser reads "U.N. estimates" as one noun phrase."""
    found = cited("Hundreds of thousands have been displaced by the gangs, the U.N. estimates.",
                  "displaced by the gangs")
    assert len(found) == 1 and "United Nations" in found[0][0] + " ".join(n for n, _ in found)


def test_estimates_as_a_noun_mid_sentence_are_no_speaker() -> None:
    found = cited("The U.N. estimates were revised after the floods in the valley.", "were revised")
    assert found == []


def test_mentioning_is_a_cue_and_services_are_a_body() -> None:
    assert [k for _, k in cited("A police officer mentioned that civilians were shot at random.",
                                "shot at random")] == ["anonymous"]
    assert [k for _, k in cited("Emergency services said dozens of people were injured.",
                                "dozens of people")] == ["organisation"]
