"""Entity resolution: spellings and aliases to one entity; countries, provinces, cities."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import install
from loaders.extract.gazetteer import Gazetteer, choose_in_context, default_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def names(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entry.name) for m in choose_in_context(gaz.find(text))]


@pytest.mark.parametrize(("variants", "canonical"), [
    (["Al Qaeda", "al-Qaida", "al-Qa'ida", "al-Qa’ida", "AL-QAEDA", "AQ"], "Al Qaeda"),
    (["TTP", "Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan", "Pakistani Taliban"],
     "Tehrik-i-Taliban Pakistan"),
    (["ISKP", "ISIS-K", "IS-K", "Islamic State Khorasan Province", "Islamic State – Khorasan Province"],
     "Islamic State Khorasan Province"),
])
def test_spelling_variants_resolve_to_one_entity(gaz: Gazetteer, variants: list[str], canonical: str) -> None:
    ids = set()
    for variant in variants:
        (match,) = gaz.find(f"Reports said {variant} fighters moved.")
        assert match.entry.name == canonical and match.surface == variant
        ids.add(match.entry.id)
    assert len(ids) == 1


def test_acronyms_match_only_in_capitals(gaz: Gazetteer) -> None:
    assert names(gaz, "The aq and ttp of it") == []
    assert names(gaz, "The US and us") == [("US", "United States")]


def test_possessives_and_diacritics(gaz: Gazetteer) -> None:
    assert names(gaz, "Al Qaeda’s leaders met in Nangarhār.") == [
        ("Al Qaeda", "Al Qaeda"), ("Nangarhār", "Nangarhar")]


def test_countries_subdivisions_and_cities_come_from_reference_data(gaz: Gazetteer) -> None:
    found = dict(names(gaz, "Fighting spread from Kharkiv to Sindh and to Moldova."))
    assert found == {"Kharkiv": "Kharkiv", "Sindh": "Sindh", "Moldova": "Moldova"}
    by_name = {m.entry.name: m.entry for m in gaz.find("Kharkiv, Sindh, Moldova")}
    assert by_name["Kharkiv"].level == "city" and by_name["Kharkiv"].geonames
    assert by_name["Sindh"].iso == "PK-SD" and by_name["Moldova"].iso == "MD"


def test_region_hierarchy_runs_province_country_macro_region(gaz: Gazetteer) -> None:
    (kunar,) = gaz.find("Kunar")
    (country,) = gaz.parents_of(kunar.entry)
    assert country.name == "Afghanistan"
    assert [p.name for p in gaz.parents_of(country)] == ["South Asia"]
    (syria,) = gaz.find("Syria")
    assert {p.name for p in gaz.parents_of(syria.entry)} == {"Middle East", "Levant"}


def test_generated_names_inside_longer_names_and_common_words_are_skipped(gaz: Gazetteer) -> None:
    assert names(gaz, "Abraham Lincoln and Victoria Nuland met in Reading.") == []
    assert names(gaz, "Officials in Mosul said") == [("Mosul", "Mosul")]


def test_shared_names_are_settled_by_the_countries_the_text_names(gaz: Gazetteer) -> None:
    lebanon = choose_in_context(gaz.find("Clashes in Tripoli, Lebanon."))
    libya = choose_in_context(gaz.find("Clashes in Tripoli, Libya."))
    assert lebanon[0].entry.country == "LB" and libya[0].entry.country == "LY"


def test_user_gazetteer_is_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("organisations:\n  - {name: Example Brigade of the North, kind: armed-group,"
                     " aliases: [EBN]}\nregions:\n  - {name: Wadi Example, level: province, parent: AF}\n"
                     "ignore: [Mosul]\n", encoding="utf-8")
    monkeypatch.setenv("CONFLICTKG_GAZETTEER", str(extra))
    install(None)   # read the settings again, as a new process would
    mine = default_gazetteer()
    assert names(mine, "EBN fighters entered Wadi Example near Mosul.") == [
        ("EBN", "Example Brigade of the North"), ("Wadi Example", "Wadi Example")]
    (wadi,) = [m.entry for m in mine.find("Wadi Example")]
    assert [p.name for p in mine.parents_of(wadi)] == ["Afghanistan"]
    monkeypatch.delenv("CONFLICTKG_GAZETTEER")
    install(None)   # read the settings again, as a new process would
    assert default_gazetteer() is not mine


def test_small_towns_need_a_locative_word_and_a_country_the_text_names(gaz: Gazetteer) -> None:
    found = names(gaz, "Fighting near Beni spread to Sake in the Democratic Republic of the Congo.")
    assert found == [("Beni", "Beni"), ("Sake", "Sake"),
                     ("Democratic Republic of the Congo", "Democratic Republic of the Congo")]
    assert names(gaz, "Fighting near Beni spread quickly.") == []
    assert [s for s, _ in names(gaz, "Beni and Sake, in the Congo.")] == ["Congo"]


def test_rivers_and_transliterated_provinces(gaz: Gazetteer) -> None:
    found = names(gaz, "Water from the Helmand river reaches Sistan and Baluchestan.")
    assert found == [("Helmand river", "Helmand River"), ("Sistan and Baluchestan", "Sīstān va Balūchestān")]
