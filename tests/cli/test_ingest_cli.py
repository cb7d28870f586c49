"""The CLI end to end: ingest, stats, extract, demo; bad files named and skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.settings import current
from tests.conftest import FIXTURES

REPORTS = FIXTURES / "reports"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def stats(store: Path) -> dict[str, int]:
    code, out, _ = run("stats", "--json", "--store", str(store))
    assert code == 0
    counts: dict[str, int] = json.loads(out)
    return counts


def bad_inputs(folder: Path) -> dict[str, str]:
    """Broken files next to good ones; maps file name to the problem we expect named."""
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Rapport sur la sécurité à Kaboul, été 2024.".encode("latin-1"))
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(current().max_file_bytes + 10)
        handle.seek(0)
        handle.write(b"Al Qaeda " * 10)
    return {"empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "not valid UTF-8",
            "huge.txt": "larger than"}


def test_ingest_reports_every_bad_file_and_keeps_the_good_ones(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    expected = bad_inputs(inputs)
    for report in REPORTS.iterdir():
        shutil.copy(report, inputs / report.name)
    code, out, err = run("ingest", str(inputs), "--store", str(tmp_path / "db"))
    assert code == 1
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error_lines) == len(expected)
    for name, problem in expected.items():
        assert any(name in line and problem in line for line in error_lines), (name, err)
    assert "ingested 3 reports" in out
    assert stats(tmp_path / "db")["Report"] >= 3


def test_reingesting_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert run("ingest", str(REPORTS), "--store", str(db))[0] == 0
    first = stats(db)
    ids_first = sorted(json.loads(run("ingest", str(REPORTS), "--store", str(db), "--json")[1]),
                       key=lambda o: o["source"])
    assert stats(db) == first
    ids_again = sorted(json.loads(run("ingest", str(REPORTS), "--store", str(db), "--json")[1]),
                       key=lambda o: o["source"])
    assert [o["report_id"] for o in ids_again] == [o["report_id"] for o in ids_first]
    assert first["Report"] == 3 and first["CITES"] >= 1 and first["Ingestion"] == 3


def test_missing_path_is_an_error_but_the_rest_loads(tmp_path: Path) -> None:
    code, _, err = run("ingest", str(REPORTS / "alpha.md"), str(tmp_path / "nope.md"),
                       "--store", str(tmp_path / "db"))
    assert code == 1 and "nope.md: no such file" in err
    assert stats(tmp_path / "db")["Report"] == 1


def test_extract_json_touches_no_store(tmp_path: Path, monkeypatch: object) -> None:
    code, out, _ = run("extract", str(REPORTS / "beta.md"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["report"]["url"] == "https://example.org/fixtures/beta"
    first = data["claims"][0]
    assert first["citations"][0]["target_url"] == "https://example.org/fixtures/alpha"
    assert {m["name"] for m in first["mentions"]} >= {"Al Qaeda", "Kunar"}
    assert not (tmp_path / "conflictkg-data").exists()


def test_demo_prints_summary_and_writes_offline_html(tmp_path: Path) -> None:
    out_file = tmp_path / "demo.html"
    code, out, err = run("demo", "--store", str(tmp_path / "demo"), "--out", str(out_file))
    assert code == 0, err
    assert "Ingested 6 example reports" in out
    assert "Invented example" in out
    page = out_file.read_text(encoding="utf-8")
    assert "new vis.Network" in page
    assert "https://cdn" not in page and "<script src=" not in page
