"""The built gazetteer is cached on disk and read back with the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import install
from loaders.extract import gazetteer as gazetteer_module
from loaders.extract.gazetteer import Gazetteer, default_gazetteer
from loaders.extract.gazetteer_cache import cached_path, read_cache

TEXT = ("The Taliban and ISKP clashed in Kunar, Afghanistan; fighting near Beni spread to Sake "
        "in the Democratic Republic of the Congo, and Tripoli, Lebanon was calm.")


def answers(gaz: Gazetteer) -> list[tuple[str, str, str, list[str]]]:
    return [(m.surface, m.entry.id, m.entry.name, [p.id for p in gaz.parents_of(m.entry)])
            for m in gaz.find(TEXT)]


def test_a_cached_gazetteer_answers_as_the_built_one(gazetteer_cache_dir: Path) -> None:
    built = default_gazetteer()
    assert len(list(gazetteer_cache_dir.glob("gazetteer-*.marshal"))) == 1
    gazetteer_module._load.cache_clear()
    loaded = default_gazetteer()
    assert loaded is not built and len(loaded) == len(built)
    assert answers(loaded) == answers(built)
    assert ("Kunar", "reg:iso-af-knr", "Kunar", ["reg:iso-af"]) in answers(loaded)


def test_a_changed_user_file_gets_its_own_cache(gazetteer_cache_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("organisations:\n  - {name: Example Brigade of the North}\n", encoding="utf-8")
    first = cached_path([str(mine)], 200_000)
    mine.write_text("organisations:\n  - {name: Example Brigade of the South}\n", encoding="utf-8")
    assert first != cached_path([str(mine)], 200_000)
    assert cached_path([], 200_000) != cached_path([], 100_000)


def test_a_broken_cache_file_is_rebuilt(gazetteer_cache_dir: Path) -> None:
    default_gazetteer()
    (written,) = gazetteer_cache_dir.glob("gazetteer-*.marshal")
    written.write_bytes(b"not a cache")
    assert read_cache(written) is None
    gazetteer_module._load.cache_clear()
    assert answers(default_gazetteer())[0][2] == "Taliban"


def test_caching_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTKG_CACHE_DIR", "off")
    install(None)   # read the settings again, as a new process would
    assert cached_path([], 200_000) is None


@pytest.mark.parametrize(("content", "problem"), [
    ("organisations: [{kind: armed-group}]\n", "organisations entry 1 has no name"),
    ("organisations: [unclosed\n", "not a usable gazetteer file"),
    (None, "cannot read the gazetteer file"),
])
def test_a_bad_user_gazetteer_is_one_clear_error_naming_the_file(
        gazetteer_cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None,
        problem: str) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    mine = tmp_path / "mine.yaml"
    if content is not None:
        mine.write_text(content, encoding="utf-8")
    report = tmp_path / "report.md"
    report.write_text("Fighters of the Taliban entered Kabul on Monday night.\n", encoding="utf-8")
    monkeypatch.setenv("CONFLICTKG_GAZETTEER", str(mine))
    install(None)   # read the settings again, as a new process would
    result = CliRunner().invoke(app, ["extract", str(report), "--json"])
    assert result.exit_code == 1
    assert f"error: {mine}: " in result.output and problem in result.output
