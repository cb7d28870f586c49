"""``conflictkg ingest`` and ``conflictkg extract``: files in, claims out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.app import JsonOption, StoreOption, app, echo, fail, print_json, store_from
from loaders.errors import LoadError
from loaders.source import printable, read_source

if TYPE_CHECKING:   # the ingest machinery (readers, extraction, datasets) loads only when a command uses it
    from loaders.ingest import IngestOutcome, IngestSummary

PathsArgument = Annotated[list[Path], typer.Argument(help="Report files or folders of them.")]


def print_outcome(outcome: IngestOutcome) -> None:
    """One line per file: the error on stderr, warnings after it (names and messages
    printable, so that a newline in a file name cannot forge a line)."""
    name = printable(outcome.source)
    if outcome.error:
        echo(f"error: {name}: {printable(outcome.error)}", err=True)
    for warning in outcome.warnings:
        echo(f"warning: {name}: {printable(warning)}", err=True)


WorkersOption = Annotated[int, typer.Option(min=1, max=64,
                                             help="Processes that read and extract files in parallel.")]


def run_ingest(store: str | None, paths: list[Path], quiet: bool = False,
               workers: int = 1) -> IngestSummary:
    """Ingest with a progress bar; shared by ``ingest`` and ``demo``."""
    from rich.progress import Progress  # only a command that shows progress pays for it

    from loaders.ingest import ingest_paths, iter_input_files
    total = sum(1 for _ in iter_input_files(paths))
    with store_from(store, create=True) as graph, Progress(transient=True, disable=quiet) as progress:
        task = progress.add_task("ingesting", total=total)

        def advance(outcome: IngestOutcome) -> None:
            progress.advance(task)
            print_outcome(outcome)

        return ingest_paths(graph, paths, advance, workers=workers)


def run_check(paths: list[Path], quiet: bool = False, workers: int = 1) -> IngestSummary:
    """Read and extract everything with a progress bar; no store is opened."""
    from rich.progress import Progress

    from loaders.ingest import check_paths, iter_input_files
    total = sum(1 for _ in iter_input_files(paths))
    with Progress(transient=True, disable=quiet) as progress:
        task = progress.add_task("checking", total=total)

        def advance(outcome: IngestOutcome) -> None:
            progress.advance(task)
            print_outcome(outcome)

        return check_paths(paths, advance, workers=workers)


DryRunOption = Annotated[bool, typer.Option(
    "--dry-run", help="Read and extract everything and report errors, but write nothing.")]


@app.command()
def ingest(paths: PathsArgument, store: StoreOption = None, as_json: JsonOption = False,
           workers: WorkersOption = 1, dry_run: DryRunOption = False) -> None:
    """Ingest report files and folders; exits 1 if any file failed (the rest still load)."""
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        echo(f"error: {printable(str(path))}: no such file or folder", err=True)
    present = [p for p in paths if p.exists()]
    summary = (run_check(present, quiet=as_json, workers=workers) if dry_run
               else run_ingest(store, present, quiet=as_json, workers=workers))
    if as_json:
        print_json([o.__dict__ for o in summary.outcomes])
    else:
        for outcome in summary.succeeded:   # the id to pass to show, chain or export --report
            echo(f"{outcome.report_id or '-'}  {printable(outcome.source)}: {outcome.claims} claims")
        claims = sum(o.claims for o in summary.succeeded)
        verb = "checked" if dry_run else "ingested"
        echo(f"{verb} {len(summary.succeeded)} reports ({claims} claims); "
                   f"{len(summary.failed) + len(missing)} failed" + ("; nothing written" if dry_run else ""))
    if summary.failed or missing:
        raise typer.Exit(1)


@app.command()
def extract(path: Path, as_json: JsonOption = False,
            text: Annotated[bool, typer.Option(help="Include the report text.")] = False) -> None:
    """Print what a report says (claims, entities, citations) without touching a store."""
    from loaders.ingest import extract_source
    try:
        extraction = extract_source(read_source(path))
    except LoadError as exc:
        raise fail(printable(str(exc))) from None
    if as_json:
        print_json(extraction.to_json(include_text=text))
        return
    info = extraction.report
    echo(printable(f"{info.title or info.source_name} [{info.id}]"))
    for key, value in extraction.summary().items():
        echo(f"  {key}: {value}")
    if extraction.cites_no_source():
        echo("  the report cites no source for any of its claims")
    for warning in extraction.warnings:
        echo(f"warning: {info.source_name}: {printable(warning)}", err=True)
    for claim in extraction.claims:
        flags = ("H" if claim.hedged else "-") + ("S" if claim.sourced else "-")
        names = ", ".join(m.name for m in claim.mentions)
        echo(printable(f"  [{flags}] {claim.start}-{claim.end} {claim.text[:100]}"
                             + (f"  ({names})" if names else "")))
