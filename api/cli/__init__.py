"""The ``conflictkg`` command: one module per group of commands, registered here."""

from __future__ import annotations

import typer

from api.cli import analyse, check, demo, events, export, ingest, query, serve, settings, show, stats, viz  # noqa: F401  (each module registers its commands)
from api.cli.app import app
from graph.errors import ConflictKGError, error_line

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: an error of ours that a command did not report itself
    still ends as one ``error:`` line and its kind's exit code, never a traceback."""
    try:
        app()
    except ConflictKGError as exc:
        typer.echo(error_line(exc), err=True)
        raise SystemExit(exc.exit_code) from None
