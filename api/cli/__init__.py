"""The ``conflictkg`` command: one module per group of commands, registered here."""

from __future__ import annotations

from api.cli import analyse, check, demo, events, export, ingest, query, serve, show, stats, viz  # noqa: F401  (each module registers its commands)
from api.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
