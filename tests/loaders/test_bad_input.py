"""Bad input: each bad file gives a clear error or warning naming it; the batch goes on."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from graph.settings import current
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import IngestSummary, ingest_paths
from tests.loaders.conftest import LOADER_FIXTURES
from tests.loaders.pdfwriter import build_pdf

GOOD = ["field-brief.txt", "idlib-article.html", "red-sea-report.pdf", "sahel-note.md"]
ARTICLE = (LOADER_FIXTURES / "idlib-article.html").read_bytes()
REPORT = (LOADER_FIXTURES / "red-sea-report.pdf").read_bytes()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(REPORT)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bad_files(folder: Path) -> dict[str, str]:
    """Write the bad inputs; map each file name to the problem its error must name."""
    folder.mkdir()
    (folder / "login-wall.html").write_bytes(
        b"<html><head><title>Sign in</title></head><body><h1>Log in to continue reading</h1>"
        b"<form><input type='email'><input type='password'></form></body></html>")
    (folder / "corrupt.pdf").write_bytes(REPORT[:800])
    (folder / "encrypted.pdf").write_bytes(encrypted_pdf())
    (folder / "scanned.pdf").write_bytes(build_pdf(None, text_layer=False))
    (folder / "latin1.txt").write_bytes("Attaque à Kaboul, été 2024, selon des témoins.".encode("latin-1"))
    (folder / "empty.md").write_bytes(b"")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 16)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return {"login-wall.html": "login or subscription wall", "corrupt.pdf": "not a readable PDF",
            "encrypted.pdf": "encrypted and needs a password", "scanned.pdf": "no text layer",
            "latin1.txt": "not valid UTF-8", "empty.md": "empty", "junk.html": "binary",
            "huge.txt": "larger than"}


def doubtful_files(folder: Path) -> dict[str, str]:
    """Files that are read, with a warning naming what was doubtful."""
    folder.mkdir()
    (folder / "truncated.html").write_bytes(ARTICLE[: ARTICLE.index(b"Analysts at the")])
    mixed = ("The Taliban said fighters left Nangarhār for Kunar on Monday, officials said. "
             "A café owner in Kabul ").encode() + b"confirmed it.\n"
    (folder / "mixed-encoding.txt").write_bytes(mixed.replace("café".encode(), "caf\xe9".encode("latin-1")))
    return {"truncated.html": "truncated", "mixed-encoding.txt": "not valid utf-8"}


def ingest(store_dir: Path, *folders: Path) -> tuple[IngestSummary, EmbeddedStore]:
    store = EmbeddedStore(store_dir)
    return ingest_paths(store, list(folders)), store


@pytest.fixture
def good(tmp_path: Path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(LOADER_FIXTURES / name, folder / name)
    return folder


def test_bad_files_are_named_and_skipped_and_change_nothing(tmp_path: Path, good: Path) -> None:
    expected = bad_files(tmp_path / "bad")
    clean, clean_store = ingest(tmp_path / "clean", good)
    mixed, mixed_store = ingest(tmp_path / "mixed", good, tmp_path / "bad")
    assert not clean.failed and len(mixed.succeeded) == len(GOOD)
    errors = {Path(o.source).name: o.error or "" for o in mixed.failed}
    assert set(errors) == set(expected)
    for name, problem in expected.items():
        assert problem in errors[name], (name, errors[name])
    assert mixed_store.stats() == clean_store.stats()
    reports = mixed_store.find_nodes("Report", {"stub": False})
    assert sorted(Path(r.props["source_name"]).name for r in reports) == sorted(GOOD)


def test_doubtful_files_are_read_with_warnings_naming_the_problem(tmp_path: Path) -> None:
    expected = doubtful_files(tmp_path / "doubtful")
    summary, store = ingest(tmp_path / "store", tmp_path / "doubtful")
    assert not summary.failed
    warnings = {Path(o.source).name: " ".join(o.warnings).lower() for o in summary.outcomes}
    for name, problem in expected.items():
        assert problem in warnings[name], (name, warnings[name])
    (mixed,) = store.find_nodes("Report", {"source_name": "mixed-encoding.txt"})  # the bare name only
    assert "A café owner" in mixed.props["text"] and "Nangarhār" in mixed.props["text"]


def test_a_fifty_megabyte_file_is_refused_by_its_size_at_once(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert huge.stat().st_size > current().max_file_bytes
    began = time.perf_counter()
    (outcome,) = ingest_paths(EmbeddedStore(tmp_path / "store"), [huge]).outcomes
    assert time.perf_counter() - began < 0.5
    limit = f"larger than the {current().max_file_bytes / (1024 * 1024):g} MB limit (50.0 MB)"
    assert outcome.source == str(huge) and limit in (outcome.error or "")


def test_worker_processes_ingest_the_same_graph(tmp_path: Path, good: Path) -> None:
    bad_files(tmp_path / "bad")
    one, one_store = ingest(tmp_path / "one", good, tmp_path / "bad")
    store = EmbeddedStore(tmp_path / "two")
    two = ingest_paths(store, [good, tmp_path / "bad"], workers=2)
    assert [(o.source, o.report_id, o.error) for o in two.outcomes] == [
        (o.source, o.report_id, o.error) for o in one.outcomes]
    assert store.stats() == one_store.stats()
