"""A state's bodies named by a demonym or the country ("the Malian army", "Sudan's
military") resolve to the country's state forces or government through data: the
demonym table derived from open data and the gazetteer's state actors."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from loaders.extract.gazetteer import Gazetteer, default_gazetteer
from loaders.extract.organisations import state_body_words
from loaders.extraction import Extraction, Mention
from tests.conftest import ROOT
from tests.loaders.conftest import extract_bytes


def extract_text(text: str) -> Extraction:
    return extract_bytes("note.md", text.encode())


def organisations(extraction: Extraction) -> dict[str, Mention]:
    return {m.surface: m for c in extraction.claims for m in c.mentions if m.type == "organisation"}


def load_script(name: str) -> ModuleType:
    """One of the project's scripts (scripts/NAME.py), imported as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_demonym_table_names_countries_and_keeps_shared_demonyms_whole() -> None:
    table = state_body_words().demonyms
    assert len(table) > 200 and all(codes and all(len(c) == 2 for c in codes) for codes in table.values())
    assert table["Malian"] == ("ML",) and table["South Sudanese"] == ("SS",)
    assert set(table["Congolese"]) == {"CD", "CG"}


def test_a_demonym_and_a_body_phrase_resolve_to_the_country_s_forces() -> None:
    extraction = extract_text("In Mali, the Malian army and Wagner fighters entered Moura.\n")
    army = organisations(extraction)["Malian army"]
    assert (army.name, army.method) == ("Malian Armed Forces", "state-body")
    entity = extraction.entities[army.id]
    assert entity.resolved and entity.kind == "state-forces" and "Malian army" in entity.aliases


def test_a_country_s_possessive_or_name_before_the_body_counts_too() -> None:
    extraction = extract_text("Burkina Faso’s army killed civilians, and Sudan's military denied it. "
                              "About 3,000 Rwanda government forces are deployed.\n")
    found = organisations(extraction)
    assert found["Burkina Faso’s army"].name == "Burkina Faso Armed Forces"
    assert found["Sudan's military"].name == "Sudanese Armed Forces"
    assert found["Rwanda government forces"].name == "Rwanda Defence Force"
    regions = [m.name for c in extraction.claims for m in c.mentions if m.type == "region"]
    assert regions.count("Sudan") == 1  # the possessive is not named twice


def test_a_government_resolves_to_the_state_actor_and_forces_fall_back_to_it() -> None:
    found = organisations(extract_text("The Ethiopian government and French troops met in Addis Ababa.\n"))
    government = found["Ethiopian government"]
    assert government.name == "Government of Ethiopia" and government.id.startswith("org:ucdp")
    assert found["French troops"].name == "Government of France"  # no curated forces: UCDP's state actor


def test_a_shared_demonym_is_read_as_the_country_the_report_names() -> None:
    near_kinshasa = organisations(extract_text("The Congolese government in Kinshasa protested.\n"))
    settled = near_kinshasa["Congolese government"]
    assert settled.method == "state-body+context" and "Democratic Republic of the Congo" in settled.name
    alone = organisations(extract_text("The Congolese government protested against the sanctions on "
                                       "Monday.\n"))["Congolese government"]
    assert alone.method == "state-body-shared" and alone.confidence < settled.confidence


def test_a_branch_of_the_state_is_one_entity_per_country_and_branch() -> None:
    extraction = extract_text("The Nigerian police arrested two men, and the Chadian army deployed. "
                              "Nigeria's national police said so, and Russia's Ministry of Defence and the "
                              "Russian defence ministry said nothing; the Nigerian navy and Sudan's "
                              "customs service were not involved.\n")
    found = organisations(extraction)
    police = found["Nigerian police"]
    assert police.name == "National Police (Nigeria)" and extraction.entities[police.id].resolved
    assert found["Nigeria's national police"].id == police.id
    assert found["Russia's Ministry of Defence"].id == found["Russian defence ministry"].id
    assert found["Nigerian navy"].name == "Navy (Nigeria)"
    assert found["Chadian army"].name == "Chadian National Army"
    assert "Sudan's customs service" not in found or not extraction.entities[
        found["Sudan's customs service"].id].resolved


def test_a_branch_whose_demonym_is_shared_stays_as_written_unless_the_report_settles_it() -> None:
    alone = organisations(extract_text("The Congolese police dispersed the crowd on Monday.\n"))
    assert alone["Congolese police"].method == "pattern"
    settled = organisations(extract_text("In Kinshasa, the Congolese police dispersed the crowd.\n"))
    assert settled["Congolese police"].name == "National Police (Democratic Republic of the Congo)"


def test_known_names_and_plain_adjectives_are_left_alone() -> None:
    found = organisations(extract_text("Sudanese Armed Forces shelled the market as Malian officials "
                                       "and Sudanese refugees watched.\n"))
    assert set(found) == {"Sudanese Armed Forces"}
    assert found["Sudanese Armed Forces"].method == "gazetteer"


def test_state_actors_survive_the_gazetteer_cache() -> None:
    gaz = default_gazetteer()
    again = Gazetteer.from_tables(gaz.tables())
    for country, body in (("ML", "forces"), ("ML", "government"), ("FR", "forces"), ("SD", "forces")):
        expected, cached = gaz.state_actor(country, body), again.state_actor(country, body)
        assert expected is not None and cached is not None and expected.id == cached.id
    assert gaz.state_actor("ML", "government").name == "Government of Mali"  # type: ignore[union-attr]
    assert gaz.state_actor("XX", "forces") is None


def test_the_build_script_derives_demonyms_with_the_populous_country_first(tmp_path: Path) -> None:
    for name, code, population, demonym in (("dominica", "DM", 70_000, "Dominican"),
                                            ("dominican_republic", "DO", 10_000_000, "Dominican"),
                                            ("bosnia", "BA", 3_000_000, "Bosnian, Herzegovinian"),
                                            ("nowhere", "", 5, "Nowherian")):
        country = {"ISO": {"alpha2": code} if code else {}, "population": population, "demonym": demonym}
        (tmp_path / f"{name}.json").write_text(json.dumps(country), encoding="utf-8")
    table = load_script("build_gazetteer").demonyms(tmp_path)
    assert table == {"Bosnian": ["BA"], "Dominican": ["DO", "DM"], "Herzegovinian": ["BA"]}


def test_qualifying_words_may_stand_between_the_country_and_its_body() -> None:
    extraction = extract_text("Yemen's internationally recognised government condemned the "
                              "attack, and the Saudi government said nothing on Sunday.\n")
    found = organisations(extraction)
    yemen = found["Yemen's internationally recognised government"]
    # the country's curated government entry (before UCDP's "Government of Yemen")
    assert yemen.method == "state-body" and yemen.name == "Presidential Leadership Council"
    assert found["Saudi government"].name == "Government of Saudi Arabia"  # a curated demonym variant
