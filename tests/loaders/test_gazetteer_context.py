"""Names that stand for an entity only in reports about some countries (actors.yaml's
``aliases_in_context``): "the de facto authorities" are the Taliban's government in a
report about Afghanistan, the Houthis in one about Yemen, and no one elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import LoadError
from loaders.extract.gazetteer import Gazetteer, choose_in_context
from loaders.extract.gazetteer_data import load_entries
from loaders.extraction import Extraction
from tests.loaders.conftest import extract_bytes


def organisations(text: str) -> dict[str, tuple[str, str]]:
    extraction: Extraction = extract_bytes("note.md", text.encode())
    return {m.surface: (m.name, m.method) for c in extraction.claims for m in c.mentions
            if m.type == "organisation"}


def test_the_alias_follows_the_reports_country() -> None:
    afghan = organisations("In Kabul, the de facto authorities said schools would stay closed in "
                           "Afghanistan.\n")
    assert afghan["de facto authorities"] == ("Interim Afghan Government", "gazetteer+context")
    yemeni = organisations("In Sanaa, the de facto authorities detained 23 UN staff members in Yemen.\n")
    assert yemeni["de facto authorities"] == ("Houthis", "gazetteer+context")
    assert "de facto authorities" not in organisations(
        "In Niamey, the de facto authorities expelled the French ambassador from Niger.\n")


def test_a_context_alias_never_resolves_alone(tmp_path: Path) -> None:
    entries, links = load_entries([], 0)
    gaz = Gazetteer(entries, links)
    assert gaz.resolve("de facto authorities") is None
    assert gaz.resolve("Islamic Emirate of Afghanistan") is not None
    found = choose_in_context(gaz.find("the de facto authorities met in Afghanistan"))
    assert [m.entry.name for m in found] == ["Interim Afghan Government", "Afghanistan"]


def test_users_declare_context_aliases_and_a_bad_rule_names_the_file(tmp_path: Path) -> None:
    good = tmp_path / "mine.yaml"
    good.write_text("organisations:\n  - name: Example Council\n    aliases_in_context:\n"
                    "      - {names: [the council], countries: [ML]}\n", encoding="utf-8")
    entries, links = load_entries([str(good)], 0)
    gaz = Gazetteer(entries, links)
    in_mali = choose_in_context(gaz.find("The council met in Mali"))
    assert [m.entry.name for m in in_mali] == ["Example Council", "Mali"]
    assert [m.entry.name for m in choose_in_context(gaz.find("The council met in Chad"))] == ["Chad"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisations:\n  - name: Example Council\n    aliases_in_context: [{names: [x]}]\n",
                   encoding="utf-8")
    with pytest.raises(LoadError, match=r"bad\.yaml"):
        load_entries([str(bad)], 0)
