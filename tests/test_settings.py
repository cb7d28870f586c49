"""One settings object: every variable declared once in graph/settings.py, read once per
process, handed to worker processes, shown by ``conflictkg settings``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from api.extraction_pool import ExtractionPool
from graph.errors import ConfigurationError
from graph.settings import Settings, current, install
from loaders.source import source_from_bytes

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "loaders", "queries", "api")
CLI = "import sys; from api.cli import main; sys.argv[0] = 'conflictkg'; main()"
KUPIANSK = b"Shelling hit Kupiansk and Vovchansk again on Tuesday, local officials reported.\n"


def test_values_are_parsed_by_their_kind_and_empty_means_unset() -> None:
    given = Settings.from_environ({"CONFLICTKG_MAX_FILE_BYTES": "1_000", "CONFLICTKG_NER": "Off",
                                   "CONFLICTKG_CYPHER_TIMEOUT": "2.5", "CONFLICTKG_STORE": "  ",
                                   "CONFLICTKG_READ_KEY_REQUIRED": "yes", "UNRELATED": "x"})
    assert (given.max_file_bytes, given.ner, given.cypher_timeout_s, given.read_key_required) == (
        1000, False, 2.5, True)
    assert given.store is None and given == Settings().but(max_file_bytes=1000, ner=False,
                                                           cypher_timeout_s=2.5, read_key_required=True)


@pytest.mark.parametrize(("variable", "raw", "problem"), [
    ("CONFLICTKG_MAX_FILE_BYTES", "20MB", "CONFLICTKG_MAX_FILE_BYTES must be a whole number, not '20MB'"),
    ("CONFLICTKG_MAX_UPLOAD_BYTES", "-1", "must not be negative"),
    ("CONFLICTKG_NER", "maybe", "CONFLICTKG_NER must be on or off, not 'maybe'"),
    ("CONFLICTKG_MAX_IMPORT_SECONDS", "0", "must be a positive number of seconds"),
])
def test_a_malformed_value_is_one_error_naming_the_variable(variable: str, raw: str, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(problem)):
        Settings.from_environ({variable: raw})


def test_no_module_reads_the_environment_but_the_settings() -> None:
    """A new variable goes into graph/settings.py, where it is declared, parsed and shown."""
    readers = re.compile(r"os\.environ|os\.getenv|getenv\(")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             if path != ROOT / "graph" / "settings.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if readers.search(line)]
    assert found == []


def test_the_installed_settings_are_what_extraction_follows(environment: Callable[..., Settings]) -> None:
    from tests.loaders.conftest import extract_bytes

    def recognised() -> set[str]:
        return {m.surface for claim in extract_bytes("report.md", KUPIANSK).claims
                for m in claim.mentions if m.method == "ner"}

    assert {"Kupiansk", "Vovchansk"} <= recognised()
    install(current().but(ner=False))
    assert recognised() == set()
    environment(CONFLICTKG_NER="on")          # read again from the environment: on
    assert {"Kupiansk", "Vovchansk"} <= recognised()


def test_worker_processes_are_given_the_parents_settings() -> None:
    """The service's extraction workers start by a fork server, which would read the
    environment afresh; they are handed the server's settings instead."""
    install(current().but(ner=False))
    pool = ExtractionPool(workers=1)
    try:
        done = pool.extract(source_from_bytes("report.md", KUPIANSK))
    finally:
        pool.close()
    assert done.extraction is not None and done.extraction.claims
    assert not [m for c in done.extraction.claims for m in c.mentions if m.method == "ner"]


def test_the_command_shows_each_setting_with_secrets_hidden() -> None:
    env = {"PATH": "/usr/bin:/bin", "CONFLICTKG_API_KEY": "a-long-enough-secret-key",
           "CONFLICTKG_MAX_UPLOAD_BYTES": "1234", "CONFLICTKG_NER": "off"}
    shown = subprocess.run([sys.executable, "-c", CLI, "settings", "--json"], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=120, check=True)
    values = json.loads(shown.stdout)
    assert values["CONFLICTKG_API_KEY"] == "(set)" and "a-long-enough" not in shown.stdout
    assert (values["CONFLICTKG_MAX_UPLOAD_BYTES"], values["CONFLICTKG_NER"]) == (1234, False)
    assert set(values) == {variable for variable, *_ in Settings().described()}
    refused = subprocess.run([sys.executable, "-c", CLI, "settings"], cwd=ROOT, timeout=120,
                             env={**env, "CONFLICTKG_MAX_FILE_BYTES": "big"}, capture_output=True, text=True)
    assert refused.returncode == 2
    assert refused.stderr.strip() == "error: CONFLICTKG_MAX_FILE_BYTES must be a whole number, not 'big'"
