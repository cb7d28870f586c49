"""Ingest a dataset file: stream rows, build one batch per event, write in groups.

Memory stays flat whatever the file's size: rows are read one at a time and batches
are handed to the store ``CHUNK`` at a time. A bad row gives one problem naming its
line and what is wrong with it, and the rest of the file still loads. With
``workers`` > 1 the rows are read and built in a second process while this one
writes, so reading and writing overlap (the store is then what sets the pace).
"""

from __future__ import annotations

import hashlib
import multiprocessing
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
from loaders.extract.gazetteer import default_gazetteer

LOADER_NAME = "conflictkg.loaders.dataset"
CHUNK = 500
QUEUED_CHUNKS = 4      # chunks built ahead of the writer: bounds the memory a pipeline holds


@dataclass
class DatasetOutcome:
    """What happened to one dataset file: events written, rows refused."""

    source: str
    format: str
    events: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    joined: int = 0


@dataclass
class Message:
    """What the reading process sends the writer: a chunk, or the end, or an error."""

    chunk: list[GraphBatch]
    problems: list[RowProblem]
    warnings: list[str] = field(default_factory=list)
    done: bool = False
    error: str | None = None


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
    dataset.warnings.extend(builder.warnings())


def ingest_dataset(store: GraphStore, path: Path, resolver: Resolver | None = None,
                   version: str | None = None, progress: Callable[[int], None] | None = None,
                   workers: int = 1) -> DatasetOutcome:
    """Ingest every event of a dataset file; raises LoadError only when the file as a
    whole cannot be read (not a dataset, unreadable, a broken JSON document)."""
    dataset = sniff(path)
    if dataset is None:
        raise LoadError(str(path), "not a dataset file this loader reads (UCDP GED, ACLED, GDELT)")
    outcome = DatasetOutcome(str(path), dataset.format.name)
    chunks = _built_elsewhere(dataset, outcome, resolver, version) if workers > 1 and _can_fork() \
        else _chunks(event_batches(dataset, outcome, resolver, version))
    described: set[str] = set()
    try:
        with store.grouped():    # fewer commits; each event still all or nothing
            for chunk in chunks:
                store.write_batches(chunk, validated=True)   # validated when built
                outcome.events += len(chunk)
                described.update(_described_stubs(chunk))
                if progress:
                    progress(outcome.events)
    except OSError as exc:
        raise LoadError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    outcome.joined = join_described_articles(store, sorted(described))
    outcome.warnings.extend(dataset.warnings)
    return outcome


def _chunks(batches: Iterator[GraphBatch]) -> Iterator[list[GraphBatch]]:
    while chunk := list(islice(batches, CHUNK)):
        yield chunk


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _built_elsewhere(dataset: DatasetFile, outcome: DatasetOutcome, resolver: Resolver | None,
                     version: str | None) -> Iterator[list[GraphBatch]]:
    """Chunks built by a forked process (which shares the loaded gazetteer)."""
    default_gazetteer()
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[Message] = context.Queue(QUEUED_CHUNKS)
    worker = context.Process(target=_produce, args=(dataset, resolver, version, queue), daemon=True)
    worker.start()
    try:
        while True:
            message = queue.get()
            outcome.problems.extend(message.problems)
            if message.error is not None:
                raise LoadError(str(dataset.path), message.error)
            if message.done:
                dataset.warnings.extend(message.warnings)
                return
            yield message.chunk
    finally:
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()


def _produce(dataset: DatasetFile, resolver: Resolver | None, version: str | None,
             queue: multiprocessing.Queue[Message]) -> None:
    """The reading side of a pipeline: chunks of batches and the problems met so far."""
    outcome = DatasetOutcome(str(dataset.path), dataset.format.name)
    try:
        for chunk in _chunks(event_batches(dataset, outcome, resolver, version)):
            queue.put(Message(chunk, outcome.problems))
            outcome.problems = []
    except (LoadError, OSError) as exc:
        queue.put(Message([], outcome.problems, error=getattr(exc, "problem", str(exc))))
        return
    queue.put(Message([], outcome.problems, dataset.warnings, done=True))


def _described_stubs(chunk: list[GraphBatch]) -> Iterator[str]:
    """Stubs for articles known only by outlet, headline and date (to join after)."""
    for batch in chunk:
        for node in batch.shared:
            if node.label == "Report" and node.props.get("described") and node.props.get("doc_kind"):
                yield node.id
