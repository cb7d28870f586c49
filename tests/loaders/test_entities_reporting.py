"""Rules of reporting for names: units named after their capital in English, outlets that
start with a country's name, translated acronyms, a country's code before a body's own
name, and factions named after their leaders."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from loaders.extract.gazetteer_data import english_unit_names
from loaders.extraction import Extraction, Mention
from tests.loaders.conftest import extract_bytes

ROOT = Path(__file__).resolve().parents[2]


def extract_text(text: str) -> Extraction:
    return extract_bytes("note.md", text.encode())


def mentions(extraction: Extraction, kind: str) -> dict[str, Mention]:
    return {m.surface: m for c in extraction.claims for m in c.mentions if m.type == kind}


def test_russian_units_go_by_the_english_name_of_their_capital() -> None:
    keys = {("RU", "kursk"): "Kursk", ("RU", "krasnodar"): "Krasnodar",
            ("RU", "leningradskay"): "Leningradskaya"}
    assert english_unit_names("Kurskaya oblast'", "RU", keys)[0] == "Kursk Oblast"
    assert english_unit_names("Krasnodarskiy kray", "RU", keys)[0] == "Krasnodar Krai"
    assert english_unit_names("Leningradskaya oblast'", "RU", keys) == []  # a town named with the adjective
    places = mentions(extract_text("Air defences shot down 46 drones over the Kursk, Belgorod and "
                                   "Bryansk regions and near Sochi in Krasnodar Krai, officials said.\n"),
                      "region")
    assert places["Kursk"].name == "Kursk Oblast" and places["Bryansk"].name == "Bryansk Oblast"
    assert places["Krasnodar Krai"].name == "Krasnodar Krai"


def test_an_outlet_named_with_a_country_is_not_the_country() -> None:
    extraction = extract_text("France 24 said the army had shelled the town of Kidal on Monday.\n")
    assert mentions(extraction, "organisation")["France 24"].name == "France 24"
    assert "France" not in mentions(extraction, "region")


def test_a_translated_acronym_takes_the_whole_long_name() -> None:
    extraction = extract_text("The Security Service of Ukraine (SBU) said it had struck an oil depot, "
                              "and the SBU later published a video.\n")
    organisations = mentions(extraction, "organisation")
    assert organisations["SBU"].name == "Security Service of Ukraine"
    assert "Security Service of Ukraine" in organisations


def test_a_country_code_before_a_body_qualifies_it() -> None:
    organisations = mentions(extract_text("The US Drug Enforcement Administration said fentanyl seizures "
                                          "at the border had fallen sharply this year.\n"), "organisation")
    assert organisations["Drug Enforcement Administration"].name == "Drug Enforcement Administration"
    assert "US" not in mentions(extract_text("The US Drug Enforcement Administration said seizures at "
                                             "the border fell.\n"), "region")


def test_a_faction_of_a_named_organisation_is_named_after_a_person() -> None:
    organisations = mentions(extract_text("Fighting between the Chapitos and the Mayo Zambada faction "
                                          "of the Sinaloa Cartel has killed 1,200 people.\n"), "organisation")
    assert "Mayo Zambada" not in organisations
    assert "Sinaloa Cartel" in organisations
    kept = mentions(extract_text("The Viv Ansanm coalition attacked Mirebalais on Monday, police said.\n"),
                    "organisation")
    assert any(m.name == "Viv Ansanm" for m in kept.values())


def test_the_scorer_compares_names_without_a_leading_article() -> None:
    path = ROOT / "scripts" / "evaluate_extraction.py"
    spec = importlib.util.spec_from_file_location("evaluate_extraction", path)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules["evaluate_extraction"] = script  # its dataclasses look their module up
    spec.loader.exec_module(script)
    assert script.fold("The Resistance Front") == script.fold("Resistance Front")
    assert script.fold("The") == "the"


def test_a_state_body_named_with_of_and_its_country_is_that_state_body() -> None:
    extraction = extract_text("Soldiers of the Armed Forces of the Philippines clashed with fighters of "
                              "the Dawlah Islamiyah group near Marawi.\n")
    body = mentions(extraction, "organisation")["Armed Forces of the Philippines"]
    assert body.method == "state-body" and extraction.entities[body.id].resolved
    assert "Philippines" in mentions(extraction, "region")
    lower = mentions(extract_text("The forces of the Philippines clashed with fighters near Marawi.\n"),
                     "organisation")
    assert not any(m.method == "state-body" for m in lower.values())
