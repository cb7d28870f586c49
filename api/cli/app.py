"""The Typer application and the options every command shares."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graph.errors import printable

if TYPE_CHECKING:   # the stores load in the commands that open one: `extract` never does
    from graph.stores import GraphStore

app = typer.Typer(
    name="conflictkg",
    help="A provenance-aware knowledge graph of public conflict reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def commands() -> None:
    # A callback keeps the application a group of commands when a call has imported the
    # module of one command alone (``settings``): typer makes a lone command the whole
    # program otherwise. Its help is the application's, given above.
    pass


StoreOption = Annotated[str | None, typer.Option(
    "--store", "-s", envvar="CONFLICTKG_STORE",
    help="Store URL: a directory for the embedded store, or bolt://host:port for Neo4j.")]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


# what JSON leaves raw (it escapes only C0): DEL, C1 (CSI is 0x9b) and the bidirectional
# controls, which move a terminal's cursor or reorder its line just as well
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def echo(line: str, err: bool = False) -> None:
    """Print one line of output. Titles, names, quotes and file names are text anyone can
    write: control characters (C0, C1), escape sequences and bidirectional overrides are
    shown escaped, never sent to the terminal, so a report can neither forge a line nor
    move the cursor nor reorder what a line shows."""
    typer.echo(printable(line), err=err)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear (escaped) error line to stderr and return the exit to raise."""
    echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def store_from(url: str | None, create: bool = False) -> Iterator[GraphStore]:
    """Open the store; connection problems become one error line and exit 2, an unknown
    id (a query's NotFoundError) one error line and exit 1.

    Only commands that write (``create``) may make a new embedded store: a mistyped
    ``--store`` given to a read is an error, not a new empty store that answers nothing.
    """
    from graph.stores import StoreError, open_store, store_url

    if not create:
        _require_existing(store_url(url))
    try:
        store = open_store(url)
    except StoreError as exc:
        raise fail(str(exc), 2) from None
    for notice in getattr(store, "notices", ()):   # e.g. a store migrated from an old format
        typer.echo(f"note: {notice}", err=True)
    try:
        yield store
    except StoreError as exc:
        raise fail(str(exc), 2) from None
    except Exception as exc:
        if _is_not_found(exc):
            raise fail(str(exc)) from None
        raise
    finally:
        store.close()


def _require_existing(target: str) -> None:
    """Fail (exit 2) when an embedded store's directory is not there."""
    from graph.stores import NEO4J_SCHEMES

    if target.startswith(NEO4J_SCHEMES) or ("://" in target and not target.startswith("file://")):
        return
    if not Path(target.removeprefix("file://")).is_dir():
        raise fail(f"no store at {target}: `conflictkg ingest` creates one; check --store "
                   "or CONFLICTKG_STORE", 2)


def resolved(graph: GraphStore, typed: str, labels: Sequence[str] | None = None, what: str = "node") -> str:
    """The full id that a typed id, short id or unique prefix names (the error line and
    exit 1 otherwise, through ``store_from``)."""
    from queries.ids import resolve_id

    return resolve_id(graph, typed, labels, what)


def _is_not_found(exc: Exception) -> bool:
    """A query's NotFoundError, checked without importing the queries (and their word
    lists) into commands that never run one, such as ``ingest``."""
    chain = sys.modules.get("queries.chain")
    return chain is not None and isinstance(exc, chain.NotFoundError)


def parse_date(value: str | None, option: str) -> str | None:
    """A YYYY-MM-DD date from an option, or one clear error line naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise fail(f"{option}: not a date (YYYY-MM-DD): {value!r}", 2) from None


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, with every character that could drive a terminal written as
    a \\u escape: the same JSON to a parser, inert on a screen."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")
