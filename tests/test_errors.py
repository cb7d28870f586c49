"""One exception root: every error we raise on purpose is a ConflictKGError of one kind,
is still what callers caught before, and shows as one line or one body.

The command line is run for real (``python -m`` on the console entry point) with
inputs that raise each kind, and must print exactly one ``error:`` line, no traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api.guard import BodyTooLargeError
from api.settings import SettingsError
from graph.errors import (
    ConfigurationError,
    ConflictKGError,
    InputError,
    NotFound,
    Refused,
    ServiceError,
    error_body,
    error_line,
)
from graph.exporters.selection import SelectionError
from graph.rdf.importer import RdfImportError
from graph.rdf.jsonld import RemoteContextError
from graph.rdf.mapping import MappingError
from graph.schema import SchemaError
from graph.stores.base import StoreError
from graph.stores.read_query import QueryInvalid, QueryRefused, QueryStopped
from loaders.datasets.records import RowError
from loaders.errors import LoadError
from loaders.extract.nlp import ModelMissingError
from queries.chain import NotFoundError
from tests.conftest import ROOT

KINDS = [
    (SchemaError, InputError, ValueError), (RowError, InputError, ValueError),
    (RdfImportError, InputError, ValueError), (RemoteContextError, InputError, ValueError),
    (QueryInvalid, InputError, Exception), (BodyTooLargeError, InputError, Exception),
    (NotFoundError, NotFound, LookupError), (SelectionError, NotFound, LookupError),
    (QueryRefused, Refused, Exception), (StoreError, ServiceError, RuntimeError),
    (QueryStopped, ServiceError, Exception), (MappingError, ConfigurationError, ValueError),
    (ModelMissingError, ConfigurationError, RuntimeError), (SettingsError, ConfigurationError, ValueError),
]


@pytest.mark.parametrize(("cls", "kind", "older"), KINDS, ids=[k[0].__name__ for k in KINDS])
def test_each_error_has_one_kind_and_keeps_its_older_base(cls: type[Exception], kind: type[ConflictKGError],
                                                         older: type[Exception]) -> None:
    assert issubclass(cls, kind) and issubclass(cls, ConflictKGError) and issubclass(cls, older)


def test_load_error_is_an_input_error_naming_its_file() -> None:
    error = LoadError("reports/a.md", "front matter is not YAML")
    assert isinstance(error, InputError)
    assert error_line(error) == "error: reports/a.md: front matter is not YAML"
    assert error_body(error) == (422, {"detail": "reports/a.md: front matter is not YAML"})


def test_an_error_line_is_one_line_whatever_the_message_holds() -> None:
    error = LoadError("evil\nerror: forged line\x1b[31m.md", "bad")
    line = error_line(error)
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("error: evil\\nerror: forged line\\x1b[31m.md")
    assert len(error_line(InputError("x" * 100_000))) < 2100


@pytest.mark.parametrize(("error", "status"), [
    (NotFoundError("no claim with id 'x'"), 404), (QueryRefused("LoadCSV is not allowed"), 403),
    (StoreError("Neo4j is unreachable"), 503), (BodyTooLargeError("over 1 MB"), 413),
    (SettingsError("CONFLICTKG_API_KEY is a placeholder"), 500),
])
def test_each_kind_has_its_status(error: ConflictKGError, status: int) -> None:
    assert error_body(error) == (status, {"detail": str(error)})


def conflictkg(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from api.cli import main; sys.argv[0] = 'conflictkg'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_cli_prints_one_error_line_for_an_unknown_id(tmp_path: Path) -> None:
    store = tmp_path / "store"
    made = conflictkg("ingest", str(ROOT / "tests" / "fixtures" / "provenance" / "dangling.md"),
                      "--store", str(store))
    assert made.returncode == 0, made.stderr
    run = conflictkg("chain", "clm:0000000000000000", "--store", str(store))
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in run.stderr


def test_an_error_no_command_caught_still_ends_as_one_line(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A command that lets an error of ours escape (the entry point is the last net)."""
    from api.cli import app, main

    @app.command("regression-raise", hidden=True)
    def regression_raise() -> None:
        raise StoreError("the store went away\nerror: forged")

    monkeypatch.setattr(sys, "argv", ["conflictkg", "regression-raise"])
    try:
        with pytest.raises(SystemExit) as exited:
            main()
    finally:
        app.registered_commands[:] = [c for c in app.registered_commands if c.name != "regression-raise"]
    assert exited.value.code == 2
    assert capsys.readouterr().err == "error: the store went away\\nerror: forged\n"


@pytest.mark.parametrize(("error", "status"), [
    (RowError("events.csv: row 7: no date"), 422), (NotFoundError("no claim with id 'x'"), 404),
    (StoreError("Neo4j is unreachable"), 503), (QueryRefused("LoadCSV is not allowed"), 403),
])
def test_the_api_answers_each_kind_with_its_status_and_one_body(tmp_path: Path, error: ConflictKGError,
                                                               status: int) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from graph.stores.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    app = create_app(Settings(api_key="regression-key-0123456789"), store)

    def fails() -> None:
        raise error

    app.add_api_route("/regression-raise", fails)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/regression-raise")
    store.close()
    assert answer.status_code == status
    assert answer.json() == {"detail": str(error)}
