"""Ingest files into a store: one report per file, one atomic batch per report.

A bad file is reported with its name and problem and skipped; every good file in
the same run is still ingested, and nothing of a failed file reaches the store
(its batch is built completely before the store sees any of it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import GraphBatch
from graph.provenance import ingestion_node
from graph.schema import SchemaError
from graph.stores.base import GraphStore
from loaders.build import build_batch
from loaders.errors import LoadError
from loaders.extract.pipeline import extract
from loaders.extraction import Extraction
from loaders.readers import read_document
from loaders.source import RawSource, read_source

LOADER_NAME = "conflictkg.loaders.report"
SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class IngestOutcome:
    """What happened to one file."""

    source: str
    report_id: str | None = None
    claims: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestSummary:
    """What happened to a whole run."""

    outcomes: list[IngestOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[IngestOutcome]:
        """Outcomes with an error."""
        return [o for o in self.outcomes if o.error]

    @property
    def succeeded(self) -> list[IngestOutcome]:
        """Outcomes without an error."""
        return [o for o in self.outcomes if not o.error]


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and files inside named folders (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in SKIPPED_NAMES:
                        yield Path(root) / name
        else:
            yield path


def extract_source(source: RawSource) -> Extraction:
    """Read and extract one source; raises LoadError for bad input."""
    document = read_document(source)
    if not document.text.strip():
        raise LoadError(source.name, "no text found in file")
    return extract(document)


def batch_for(source: RawSource) -> tuple[Extraction, GraphBatch]:
    """Extraction and complete, validated batch for one source."""
    extraction = extract_source(source)
    ingestion = ingestion_node(LOADER_NAME, source.sha256, Path(source.name).name)
    try:
        batch = build_batch(extraction, ingestion)
    except SchemaError as exc:
        raise LoadError(source.name, f"extraction does not fit the schema: {exc}") from exc
    return extraction, batch


def ingest_source(store: GraphStore, source: RawSource) -> IngestOutcome:
    """Ingest one source; errors are returned in the outcome, not raised."""
    try:
        extraction, batch = batch_for(source)
        store.write_batch(batch)
    except LoadError as exc:
        return IngestOutcome(source.name, error=exc.problem)
    return IngestOutcome(source.name, extraction.report.id, len(extraction.claims),
                         warnings=extraction.warnings)


def ingest_paths(store: GraphStore, paths: Iterable[Path],
                 progress: Callable[[IngestOutcome], None] | None = None) -> IngestSummary:
    """Ingest every file under ``paths``; a failure never stops the batch."""
    summary = IngestSummary()
    for path in iter_input_files(paths):
        try:
            outcome = ingest_source(store, read_source(path))
        except LoadError as exc:
            outcome = IngestOutcome(str(path), error=exc.problem)
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return summary
