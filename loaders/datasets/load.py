"""Ingest a dataset file: stream rows, build one batch per event, write in groups.

Memory stays flat whatever the file's size: rows are read one at a time and batches
are handed to the store ``CHUNK`` at a time. A bad row gives one problem naming its
line and what is wrong with it, and the rest of the file still loads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from graph.model import GraphBatch
from graph.provenance import ingestion_node
from graph.schema import SchemaError
from graph.stores.base import GraphStore
from loaders.datasets.batch import EventBatchBuilder
from loaders.datasets.joins import join_described_articles
from loaders.datasets.mapping import record_from_row
from loaders.datasets.reader import DatasetFile, RowProblem, iter_rows, sniff
from loaders.datasets.records import RowError
from loaders.datasets.resolve import Resolver
from loaders.errors import LoadError

LOADER_NAME = "conflictkg.loaders.dataset"
CHUNK = 500


@dataclass
class DatasetOutcome:
    """What happened to one dataset file: events written, rows refused."""

    source: str
    format: str
    events: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    joined: int = 0


def file_sha256(path: Path) -> str:
    """The hash of the file's bytes, read in blocks (the ingestion's identity)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def event_batches(dataset: DatasetFile, outcome: DatasetOutcome, resolver: Resolver | None = None,
                  version: str | None = None) -> Iterator[GraphBatch]:
    """The batches of every good row, in file order; bad rows land in ``outcome``."""
    ingestion = ingestion_node(LOADER_NAME, file_sha256(dataset.path), dataset.path.name)
    builder = EventBatchBuilder(dataset.format, ingestion, dataset.path.name, resolver or Resolver())
    for item in iter_rows(dataset):
        if isinstance(item, RowProblem):
            outcome.problems.append(item)
            continue
        try:
            yield builder.build(record_from_row(dataset.format, item, version))
        except (RowError, SchemaError) as exc:
            outcome.problems.append(RowProblem(item.number, str(exc)))


def ingest_dataset(store: GraphStore, path: Path, resolver: Resolver | None = None,
                   version: str | None = None,
                   progress: Callable[[int], None] | None = None) -> DatasetOutcome:
    """Ingest every event of a dataset file; raises LoadError only when the file as a
    whole cannot be read (not a dataset, unreadable, a broken JSON document)."""
    dataset = sniff(path)
    if dataset is None:
        raise LoadError(str(path), "not a dataset file this loader reads (UCDP GED, ACLED, GDELT)")
    outcome = DatasetOutcome(str(path), dataset.format.name)
    batches = event_batches(dataset, outcome, resolver, version)
    described: set[str] = set()
    try:
        while chunk := list(islice(batches, CHUNK)):
            store.write_batches(chunk)
            outcome.events += len(chunk)
            described.update(_described_stubs(chunk))
            if progress:
                progress(outcome.events)
    except OSError as exc:
        raise LoadError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    outcome.joined = join_described_articles(store, sorted(described))
    outcome.warnings.extend(dataset.warnings)
    return outcome


def _described_stubs(chunk: list[GraphBatch]) -> Iterator[str]:
    """Stubs for articles known only by outlet, headline and date (to join after)."""
    for batch in chunk:
        for node in batch.shared:
            if node.label == "Report" and node.props.get("described") and node.props.get("doc_kind"):
                yield node.id
