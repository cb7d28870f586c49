"""Report text printed by the query commands cannot drive the terminal.

A report is ingested whose text holds a terminal escape sequence (clear the screen, set
the window title), a bell and a right-to-left override. Every query command that
prints report text (``chain``, ``corroboration``, ``claims``, ``search``) is run for
real, and its output must hold those characters only in escaped form.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import report_id
from graph.stores.embedded import EmbeddedStore
from tests.conftest import ROOT

HOSTILE = ("Al-Shabaab seized a port in Somalia \x1b[2J\x1b]0;owned\x07 last week, officials said. "
           "Al-Shabaab fighters then left the port of Kismayo \u202e for the hills, residents said.\n")
RAW = ("\x1b", "\x07", "\u202e")
ESCAPED = ("\\x1b[2J", "\\x07", "\\u202e")


def conflictkg(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from api.cli import main; sys.argv[0] = 'conflictkg'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "escapes.md").write_text(
        '---\ntitle: "Escapes"\npublisher: Escape Post\npublished: 2025-05-01\n'
        "url: https://example.org/escapes/1\n---\n" + HOSTILE, encoding="utf-8")
    made = conflictkg("ingest", str(folder / "in"), "--store", str(folder / "store"))
    assert made.returncode == 0, made.stderr
    store = EmbeddedStore(folder / "store")
    claims = store.edges([report_id(url="https://example.org/escapes/1")], ["MAKES"], "out")
    first = min(claims, key=lambda e: e.target).target
    store.close()
    return folder / "store", first


@pytest.mark.parametrize("command", [["search", "Somalia"], ["search", "Kismayo"],
                                     ["claims", "--about", "Al-Shabaab"], ["chain", "{claim}"],
                                     ["corroboration", "{claim}"]])
def test_report_text_reaches_the_terminal_escaped(hostile_store: tuple[Path, str],
                                                  command: list[str]) -> None:
    store, claim = hostile_store
    run = conflictkg(*(part.format(claim=claim) for part in command), "--store", str(store))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip()
    for raw in RAW:
        assert raw not in run.stdout and raw not in run.stderr
    shown = [escaped for escaped in ESCAPED if escaped in run.stdout]
    assert shown, run.stdout
