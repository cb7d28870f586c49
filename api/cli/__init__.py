"""The ``conflictkg`` command: one module per group of commands, registered here.

A call from the shell imports only the module of the command it names (``extract``
loads neither the stores nor the queries, and typer builds two commands, not forty);
``app`` (``from api.cli import app``) is the whole application, every module imported.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from api.cli import app as _app_module  # the submodule, loaded now: the name is rebound below
from graph.errors import ConflictKGError, error_line

if TYPE_CHECKING:
    import typer

    from api.cli.app import app

__all__ = ["app", "main"]

# The module that registers each top-level command or group of commands.
COMMAND_MODULES: dict[str, str] = {
    "analyse": "analyse", "check": "check", "demo": "demo", "events": "events",
    "export": "export", "import": "export", "ingest": "ingest", "extract": "ingest",
    "chain": "query", "corroboration": "query", "claims": "query", "search": "query",
    "serve": "serve", "settings": "settings", "show": "show", "entity": "show", "relationships": "show",
    "stats": "stats", "viz": "viz",
}
# the package's name ``app`` is the whole application (see __getattr__), not the submodule
del globals()["app"]


def every_command() -> typer.Typer:
    """The application with every command module imported (help, unknown commands)."""
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        import_module(f"api.cli.{module}")
    whole: typer.Typer = _app_module.app
    globals()["app"] = whole
    return whole


def commands_for(argv: Sequence[str]) -> typer.Typer:
    """The application with the module of the command ``argv`` names imported, or every
    module when it names none that is known (``--help``, a mistyped command)."""
    module = COMMAND_MODULES.get(argv[0]) if argv else None
    if module is None:
        return every_command()
    import_module(f"api.cli.{module}")
    chosen: typer.Typer = _app_module.app
    return chosen


def __getattr__(name: str) -> Any:
    """``app`` is made whole on first use: importers (tests, the API) get every command."""
    if name == "app":
        return every_command()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: an error of ours that a command did not report itself
    still ends as one ``error:`` line and its kind's exit code, never a traceback."""
    try:
        commands_for(sys.argv[1:])()
    except ConflictKGError as exc:
        import typer

        typer.echo(error_line(exc), err=True)
        raise SystemExit(exc.exit_code) from None
