"""Report text cannot drive the terminal, through any command.

A report and an ACLED file are ingested for real (``conflictkg ingest`` in its own
process) whose file name, title, publisher, authors, body, actor and source hold a
terminal escape sequence (clear the screen, set the window title), a bell, an 8-bit CSI
and NEL (C1), DEL, right-to-left override and isolate, and a line separator. Then every
command that prints what a store holds is run, as text and as JSON:

- in text, those characters may appear only escaped (``\\x1b``, ``\\u202e``);
- in JSON, only as ``\\u`` escapes: the output must parse and give back the very text
  that was ingested (escaped, not dropped);
- in the RDF and GraphML exports, only as the format's own escapes, and the export
  must still parse.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import rdflib
from typer.testing import CliRunner

from api.cli import app
from graph.model import report_id
from graph.stores.embedded import EmbeddedStore
from tests.conftest import FIXTURES, ROOT

HOSTILE = "\x1b[2J\x1b]0;owned\x07\x9b31m\x85\x7f\u202e\u2067\u2028"
RAW = ("\x1b", "\x07", "\x9b", "\x85", "\x7f", "\u202e", "\u2067", "\u2028")
SHOWN = ("\\x1b", "\\x9b", "\\u202e")          # how text output writes them
URL = "https://example.org/escapes/1"
ACTOR = "Ras Kamboni \x1b[2J\u202e Brigade"     # an ACLED actor the gazetteer does not know


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar that spells every unprintable character as an escape."""
    def one(c: str) -> str:
        if c.isprintable() and c not in '"\\':
            return c
        return f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"

    return '"' + "".join(one(c) for c in text) + '"'


def hostile_report() -> str:
    return ("---\n"
            f"title: {yaml_quoted('Port ' + HOSTILE + ' seized')}\n"
            f"publisher: {yaml_quoted('Escape ' + HOSTILE + ' Post')}\n"
            f"authors: [{yaml_quoted('A. ' + HOSTILE + 'Writer')}]\n"
            f"published: 2025-05-01\nurl: {URL}\n---\n"
            f"Al-Shabaab seized a port in Somalia {HOSTILE} last week, officials said. "
            "Al-Shabaab fighters then left the port of Kismayo \u202e for the hills, residents said.\n")


def hostile_acled() -> str:
    """One ACLED row (the fixture's header) whose second actor, source and notes are hostile."""
    header = (FIXTURES / "datasets" / "acled_current.csv").read_text("utf-8").splitlines()[0]
    row = ["SOM9001", "2025-04-30", "2025", "1", "Political violence", "Battles", "Armed clash",
           "Al-Shabaab", "", "2", ACTOR, "", "1", "12", "", "706", "Eastern Africa", "Somalia",
           "Lower Juba", "Kismayo", "", "Kismayo", "-0.35", "42.54", "1", f"Escape {HOSTILE} Post",
           "National", f"On 30 April 2025, Al-Shabaab {HOSTILE} clashed with soldiers near Kismayo; "
           "4 killed.", "4", "", "1746000000"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return header + "\n" + out.getvalue()


@dataclass
class Hostile:
    folder: Path
    store: Path
    report: str
    claim: str
    ingest: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "esc\x1b[2J\u202e.md").write_text(hostile_report(), encoding="utf-8")
    (folder / "acled_hostile.csv").write_text(hostile_acled(), encoding="utf-8")
    code = "import sys; from api.cli import main; sys.argv[0] = 'conflictkg'; main()"
    ingest = subprocess.run([sys.executable, "-c", code, "ingest", str(folder / "in"),
                             str(folder / "acled_hostile.csv"), "--store", str(folder / "store")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert ingest.returncode == 0, ingest.stderr
    store = EmbeddedStore(folder / "store")
    rid = report_id(url=URL)
    claims = store.edges([rid], ["MAKES"], "out")
    first = min(claims, key=lambda e: e.target).target
    store.close()
    return Hostile(folder, folder / "store", rid, first, ingest)


def run(hostile: Hostile, *args: str) -> tuple[str, str]:
    """One command, in this process, on the hostile store: (stdout, stderr)."""
    parts = [a.format(report=hostile.report, claim=hostile.claim, folder=hostile.folder) for a in args]
    if parts[0] not in ("extract", "viz", "import"):
        parts += ["--store", str(hostile.store)]
    done = CliRunner().invoke(app, parts, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.stdout, done.stderr


def assert_inert(*outputs: str) -> None:
    for output in outputs:
        for raw in RAW:
            assert raw not in output, f"{raw!r} reached the terminal: {output[:2000]!r}"


def test_ingest_prints_the_file_name_escaped(hostile: Hostile) -> None:
    assert_inert(hostile.ingest.stdout, hostile.ingest.stderr)
    assert "esc\\x1b[2J\\u202e.md: 2 claims" in hostile.ingest.stdout


TEXT_COMMANDS = [
    ["show", "{report}"], ["show", "{claim}"], ["claims", "--about", "Al-Shabaab"],
    ["chain", "{claim}"], ["chain", "{report}"], ["corroboration", "{claim}"],
    ["search", "Somalia"], ["search", "Kamboni"], ["entity", ACTOR], ["show", "org:ras-kamboni-2j-brigade"],
    ["relationships", "Al-Shabaab", "Somalia"], ["events", "list"],
    ["analyse", "network"], ["analyse", "network", "--csv"], ["analyse", "measures"],
    ["analyse", "measures", "--csv"], ["analyse", "communities"], ["analyse", "bridges"],
    ["analyse", "snapshots"], ["analyse", "ego", "Al-Shabaab"],
    ["analyse", "edge", "Al-Shabaab", "Somalia"], ["analyse", "edge", "Al-Shabaab", "Somalia", "--csv"],
    ["analyse", "dependency", "Al-Shabaab"], ["analyse", "dependency", "Al-Shabaab", "--csv"],
    ["extract", "{folder}/in/esc\x1b[2J\u202e.md"],
]


@pytest.mark.parametrize("command", TEXT_COMMANDS, ids=" ".join)
def test_text_output_shows_report_text_escaped(hostile: Hostile, command: list[str]) -> None:
    out, err = run(hostile, *command)
    assert_inert(out, err)
    assert any(shown in out for shown in SHOWN), out


QUIET_COMMANDS = [["stats"], ["check"], ["analyse", "publishers"]]   # they print no report text


@pytest.mark.parametrize("command", QUIET_COMMANDS, ids=" ".join)
def test_other_commands_stay_inert(hostile: Hostile, command: list[str]) -> None:
    assert_inert(*run(hostile, *command))


JSON_COMMANDS = [
    ["show", "{report}"], ["show", "{claim}"], ["claims", "--about", "Al-Shabaab"], ["chain", "{claim}"],
    ["corroboration", "{claim}"], ["search", "Somalia"], ["entity", ACTOR],
    ["relationships", "Al-Shabaab", "Somalia"], ["events", "list"], ["analyse", "network"],
    ["analyse", "edge", "Al-Shabaab", "Somalia"], ["analyse", "dependency", "Al-Shabaab"],
    ["extract", "{folder}/in/esc\x1b[2J\u202e.md"],
]


def strings_in(value: Any) -> str:
    """Every string in a JSON value, joined."""
    if isinstance(value, dict):
        return " ".join(strings_in(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(strings_in(v) for v in value)
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_output_escapes_them_and_keeps_them(hostile: Hostile, command: list[str]) -> None:
    out, err = run(hostile, *command, "--json")
    assert_inert(out, err)
    text = strings_in(json.loads(out))
    assert "\u202e" in text and "\x1b" in text, text[:2000]
    assert "\\u202e" in out and "\\u001b" in out


RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


@pytest.mark.parametrize("fmt", [*RDF_FORMATS, "graphml"])
def test_exports_on_the_terminal_use_their_own_escapes(hostile: Hostile, fmt: str) -> None:
    out, err = run(hostile, "export", "--format", fmt)
    assert_inert(out, err)
    if fmt == "graphml":
        values = " ".join(e.text or "" for e in ET.fromstring(out.encode("utf-8")).iter())
        assert "\u202e" in values and "\x7f" in values
        return
    graph = rdflib.Graph().parse(data=out, format=RDF_FORMATS[fmt])
    literals = " ".join(str(o) for o in graph.objects() if isinstance(o, rdflib.Literal))
    assert all(raw in literals for raw in RAW), "an escape was lost on the way back"
