"""The store commands end to end: ingest --dry-run writes nothing, check finds damage,
and grouped ingest writes see each other (a copy of a text ingested in the same run)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded import DATABASE, EmbeddedStore
from tests.conftest import FIXTURES

REPORTS = FIXTURES / "reports"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_reads_everything_names_bad_files_and_writes_nothing(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(REPORTS, inputs)
    (inputs / "empty.txt").write_bytes(b"")
    store = tmp_path / "db"
    code, out, err = run("ingest", str(inputs), "--dry-run", "--store", str(store))
    assert code == 1
    assert "checked 3 reports" in out and "nothing written" in out
    assert any(line.startswith("error:") and "empty.txt" in line for line in err.splitlines())
    assert not store.exists()
    code, out, _ = run("ingest", str(REPORTS), "--dry-run", "--json", "--workers", "2")
    assert code == 0 and len(json.loads(out)) == 3


def test_check_passes_a_sound_store_and_lists_a_changed_quote(tmp_path: Path) -> None:
    store = tmp_path / "db"
    assert run("ingest", str(REPORTS), "--store", str(store))[0] == 0
    code, out, _ = run("check", "--store", str(store))
    assert code == 0 and "no problems" in out and "checked 3 reports" in out
    database = store / DATABASE
    data = database.read_bytes()
    marker = b"Kunar province, local officials"
    assert marker in data
    database.write_bytes(data.replace(marker, b"Kunar province, local official$"))
    code, out, _ = run("check", "--store", str(store), "--json")
    assert code == 1
    found = json.loads(out)
    assert not found["ok"] and any("checksum" in p for p in found["problems"])


def test_a_copy_ingested_in_the_same_run_is_linked_to_its_original(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    original = (REPORTS / "alpha.md").read_text(encoding="utf-8")
    (inputs / "a.md").write_text(original, encoding="utf-8")
    copy = original.replace("https://example.org/fixtures/alpha", "https://example.net/mirror/alpha")
    copy = copy.replace("published: 2025-01-10", "published: 2025-01-12")
    (inputs / "b.md").write_text(copy, encoding="utf-8")
    assert run("ingest", str(inputs), "--store", str(tmp_path / "db"))[0] == 0
    store = EmbeddedStore(tmp_path / "db")
    assert store.stats()["REPUBLISHES"] == 1
