"""``conflictkg export`` and ``conflictkg import``: the graph in open formats, and back."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from api.cli.app import JsonOption, StoreOption, app, echo, fail, print_json, store_from

if TYPE_CHECKING:  # the exporters (rdflib) load only when a command needs them
    from graph.exporters.export import Selection

FormatName = Literal["ttl", "jsonld", "nt", "graphml", "csv"]
FormatOption = Annotated[FormatName, typer.Option(
    "--format", "-f", help="ttl, jsonld, nt (RDF), graphml, or csv (nodes.csv + edges.csv).")]
ClaimOption = Annotated[str | None, typer.Option(
    help="Only this claim's source chain (CITES, MAKES, REPUBLISHES; 4 hops).", show_default=False)]
EntityOption = Annotated[str | None, typer.Option(
    help="Only this organisation's, region's or person's neighbourhood (2 hops): id, name or alias.",
    show_default=False)]
ReportOption = Annotated[str | None, typer.Option(
    help="Only this report, its claims and what they point at.", show_default=False)]
OutOption = Annotated[Path | None, typer.Option(
    "--out", "-o", help="File to write (a folder for csv); standard output when left out.")]


def selection_from(claim: str | None, entity: str | None, report: str | None) -> Selection:
    """The one subgraph the options name, or the whole graph when none does."""
    from graph.exporters.selection import choose_selection

    try:
        return choose_selection(claim, entity, report)
    except ValueError:
        raise fail("choose at most one of --claim, --entity and --report") from None


# characters that move a terminal's cursor, run its escape sequences or reorder its line
# (C0 but tab and newline, DEL, C1, bidirectional controls), and how each format writes
# one as an escape its parsers read back as the same character
_INERT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_ESCAPE_FORMS = {"ttl": "\\u{:04X}", "nt": "\\u{:04X}", "jsonld": "\\u{:04x}", "graphml": "&#x{:X};"}


def inert(pieces: Iterable[str], fmt: str) -> Iterator[str]:
    """The export with report text that could drive a terminal written as the format's
    own escapes: the same graph to any parser (these characters occur only inside
    literals and IRIs, where the escapes are allowed), harmless when printed."""
    form = _ESCAPE_FORMS.get(fmt)
    for piece in pieces:
        yield piece if form is None else _INERT.sub(lambda m: form.format(ord(m.group(0))), piece)


def write_pieces(pieces: Iterable[str], out: Path | None) -> None:
    """Stream text pieces to ``out`` (written whole or not at all) or to standard output."""
    if out is None:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            for piece in pieces:
                handle.write(piece)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


@app.command()
def export(fmt: FormatOption = "ttl", claim: ClaimOption = None, entity: EntityOption = None,
           report: ReportOption = None, out: OutOption = None, store: StoreOption = None) -> None:
    """Export the graph, or one claim's source chain, entity's neighbourhood or report."""
    from graph.exporters.export import SelectionError, export_graph, iter_chunks, write_csv_tables

    selection = selection_from(claim, entity, report)
    if fmt == "csv" and out is None:
        raise fail("--format csv writes nodes.csv and edges.csv: give a folder with --out")
    with store_from(store) as graph:
        from queries.entities import resolved_selection

        selection = resolved_selection(graph, selection)
        try:
            if fmt == "csv":
                assert out is not None
                paths = write_csv_tables(iter_chunks(graph, selection), out)
                echo(f"wrote {paths[0]} and {paths[1]}", err=True)
                return
            write_pieces(inert(export_graph(graph, fmt, selection), fmt), out)
        except SelectionError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot write {out}: {exc}") from None


@app.command("import")
def import_command(path: Annotated[Path, typer.Argument(help="An export of ours: .ttl, .nt or .jsonld.")],
                   store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Import an RDF export back into the store, one report at a time; exits 1 on any error."""
    from graph.rdf.importer import RdfImportError, import_file

    if not path.is_file():
        raise fail(f"{path}: no such file")
    with store_from(store, create=True) as graph:
        try:
            summary = import_file(graph, path)
        except RdfImportError as exc:
            raise fail(str(exc)) from None
    for error in summary.errors:
        echo(f"error: {error}", err=True)
    if as_json:
        print_json(summary.__dict__)
    else:
        echo(f"imported {summary.batches} reports ({summary.nodes} nodes, "
                   f"{summary.edges} edges); {len(summary.errors)} problems")
    if summary.errors:
        raise typer.Exit(1)
