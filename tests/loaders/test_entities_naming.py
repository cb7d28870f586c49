"""Rules of how reporting names organisations and places, each with a counterpart that
must stay as it was: lower-case administrative units, towns after bearings and in lists,
numbered units, a name after an organisation noun, Arabic articles, names that end in a
capitalised word, UCDP's slash names, and one-word groups out of their country."""

from __future__ import annotations

import pytest

from loaders.extraction import Extraction, Mention
from tests.loaders.conftest import extract_bytes


def extract_text(text: str) -> Extraction:
    return extract_bytes("note.md", text.encode())


def named(extraction: Extraction, kind: str) -> dict[str, Mention]:
    return {m.surface: m for c in extraction.claims for m in c.mentions if m.type == kind}


def test_a_name_before_a_lower_case_unit_is_the_province_of_that_name() -> None:
    extraction = extract_text("Clinics in Hajjah province in Yemen were hit, and militants attacked "
                              "a base in Hiran region of Somalia.\n")
    regions = named(extraction, "region")
    hajjah = regions["Hajjah"]
    assert hajjah.name.endswith("ajjah") and extraction.entities[hajjah.id].level == "province"
    assert "Hajjah province" not in regions
    hiran = regions["Hiran"]  # not listed under that spelling: kept, unresolved
    assert hiran.method == "place-noun" and not extraction.entities[hiran.id].resolved


def test_towns_after_a_bearing_or_in_a_list_after_a_locative() -> None:
    regions = named(extract_text("Fighters were killed south of Manbij in Syria, and families fled to "
                                 "Cucuta and Ocaña in Colombia.\n"), "region")
    assert {"Manbij", "Ocaña"} <= set(regions)
    assert regions["Ocaña"].method == "gazetteer+context"  # a town: only in a country the report names
    # a list that no locative opens names no town ("Cucuta and Ocaña officials met")
    assert "Ocaña" not in named(extract_text("Officials of Cucuta and Ocaña met in Colombia.\n"), "region")


def test_ukrainian_cities_in_the_national_romanisation() -> None:
    regions = named(extract_text("A missile struck Kryvyi Rih in Ukraine.\n"), "region")
    assert regions["Kryvyi Rih"].name == "Kryvyy Rih"


def test_numbered_units_and_names_after_an_organisation_noun() -> None:
    extraction = extract_text("The 33rd Front fought the ELN in Colombia. The British maritime security "
                              "firm Exampleton Risk said a ship was hit, and the UN mission MINUSCA said "
                              "so too. "
                              "The group said on Monday it would respond.\n")
    organisations = named(extraction, "organisation")
    assert {"33rd Front", "Exampleton Risk", "MINUSCA"} <= set(organisations)
    assert organisations["Exampleton Risk"].method == "organisation-noun"
    assert "Monday" not in organisations and "British" not in organisations


def test_arabic_articles_open_names_before_a_noun() -> None:
    organisations = named(extract_text("JNIM claimed the attack through its az-Zallaqa media outlet.\n"),
                          "organisation")
    assert "az-Zallaqa" in organisations


def test_recognised_names_end_in_a_capitalised_word() -> None:
    regions = named(extract_text("Turkish drones struck the Tishreen Dam east of Aleppo in Syria.\n"),
                    "region")
    assert all(not surface.split()[-1].islower() for surface in regions)


def test_ucdp_slash_names_are_found_by_either_half() -> None:
    extraction = extract_text("Minni Minawi, leader of the Sudan Liberation Movement, spoke in Sudan. "
                              "The SLA said it held El Fasher.\n")
    organisations = named(extraction, "organisation")
    assert organisations["Sudan Liberation Movement"].id == organisations["SLA"].id
    assert extraction.entities[organisations["SLA"].id].resolved


def test_a_one_word_group_of_one_country_needs_that_country() -> None:
    elsewhere = named(extract_text("Resistance groups loyal to the National Unity Government said air "
                                   "strikes in Myanmar killed 17.\n"), "organisation")
    assert set(elsewhere) == {"National Unity Government"}


def test_un_is_united_nations_in_long_names() -> None:
    extraction = extract_text("The UN Integrated Office in Haiti counted 1,086 people killed.\n")
    office = named(extraction, "organisation")["UN Integrated Office in Haiti"]
    assert office.name == "United Nations Integrated Office in Haiti"
    assert "UN Integrated Office in Haiti" in extraction.entities[office.id].aliases


def test_the_rebels_are_the_group_named_as_rebels_before_others() -> None:
    extraction = extract_text("M23 rebels took Minova after Congolese troops and Wazalendo fighters "
                              "withdrew. Human Rights Watch accused the army and the rebels of abuses.\n")
    back = [m for c in extraction.claims for m in c.mentions if m.method == "back-reference"]
    assert [(m.surface, m.name) for m in back] == [("the rebels", "M23")]
    plain = extract_text("Wazalendo fighters clashed with M23 in Congo. The rebels said they won.\n")
    assert [m.name for c in plain.claims for m in c.mentions if m.method == "back-reference"] == ["M23"]


def test_a_provinces_forces_are_one_entity_per_province_and_body() -> None:
    extraction = extract_text("Puntland's security forces cleared caves in Somalia, and Amhara regional "
                              "forces clashed with Fano in Ethiopia. Fighting in Hajjah province forced "
                              "families to flee in Yemen.\n")
    organisations = named(extraction, "organisation")
    assert organisations["Puntland's security forces"].name == "Security forces (Puntland)"
    assert organisations["Amhara regional forces"].name.startswith("Forces (Amhara")
    assert not any("Hajjah" in surface for surface in organisations)
    assert "Puntland" in named(extraction, "region")


def test_national_red_crescent_societies_are_organisations() -> None:
    organisations = named(extract_text("The Kurdish Red Crescent said it had evacuated wounded civilians "
                                       "to hospitals in Kobani in Syria.\n"), "organisation")
    assert "Kurdish Red Crescent" in organisations


def test_features_named_with_of_are_one_place() -> None:
    regions = named(extract_text("Tankers avoided the Gulf of Sirte off Libya and rounded the Cape of "
                                 "Good Hope.\n"), "region")
    assert {"Gulf of Sirte", "Cape of Good Hope", "Libya"} <= set(regions)
    assert "Gulf" not in regions and "Cape" not in regions


def test_a_national_society_is_not_the_international_body() -> None:
    organisations = named(extract_text("The Lebanese Red Cross recovered 14 bodies in Lebanon, and the "
                                       "Red Cross said more were missing.\n"), "organisation")
    assert organisations["Lebanese Red Cross"].name == "Lebanese Red Cross"
    assert organisations["Red Cross"].name == "International Committee of the Red Cross"


def test_long_names_run_over_and_the_only_after_an_of_tail() -> None:
    organisations = named(extract_text(
        "The Ministry for the Propagation of Virtue and the Prevention of Vice issued rules in Afghanistan. "
        "The Stabilisation Support Apparatus and the Radaa Special Deterrence Force clashed in Libya. "
        "Writing for Carnegie Middle East Center, an analyst disagreed.\n"), "organisation")
    assert "Ministry for the Propagation of Virtue and the Prevention of Vice" in organisations
    assert {"Stabilisation Support Apparatus", "Radaa Special Deterrence Force",
            "Carnegie Middle East Center"} <= set(organisations)


def test_an_arabic_article_joined_to_a_capital_ends_no_name() -> None:
    regions = named(extract_text("An ambulance was struck near Deir al-Balah in Gaza.\n"), "region")
    assert "Deir al-Balah" in regions and "Deir" not in regions


FLOORS = {  # (organisations P, R), (regions P, R): a little under the figures of this session
    "held-out-theatres": ((0.95, 0.9), (0.9, 0.85)),
    "held-out-fresh": ((0.9, 0.9), (0.9, 0.9)),
    "held-out-final": ((0.85, 0.8), (0.9, 0.8)),
}


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_the_held_out_names_fixtures_do_not_slip(folder: str) -> None:
    """The held-out sets of tests/fixtures/loaders (each annotated before its first run):
    a rule that costs more than it finds fails here."""
    from tests.loaders.conftest import LOADER_FIXTURES
    from tests.loaders.test_entities_state_bodies import load_script

    script = load_script("evaluate_extraction")
    totals = script.totals(script.evaluate(LOADER_FIXTURES / folder))
    for aspect, (precision, recall) in zip(("organisations", "regions"), FLOORS[folder], strict=True):
        score = totals[aspect]
        assert score.precision >= precision and score.recall >= recall, (aspect, score)
