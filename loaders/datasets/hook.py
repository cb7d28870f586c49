"""The dataset loader's place in ``conflictkg ingest``: dataset files named on the
command line go to the dataset loader, everything else to the report pipeline."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from graph.stores.base import GraphStore
from loaders.datasets import is_dataset_file
from loaders.datasets.load import ingest_dataset
from loaders.errors import LoadError

PIPELINE_FROM_BYTES = 4 * 1024 * 1024   # smaller files load faster without a second process

if TYPE_CHECKING:
    from loaders.ingest import IngestOutcome


def split_datasets(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(other paths, dataset files) among the paths named directly."""
    others: list[Path] = []
    datasets: list[Path] = []
    for path in paths:
        (datasets if is_dataset_file(path) else others).append(path)
    return others, datasets


def ingest_datasets(store: GraphStore, paths: Iterable[Path]) -> Iterator[IngestOutcome]:
    """One outcome per file (its events), then one per refused row, naming the row."""
    from loaders.ingest import IngestOutcome

    for path in paths:
        try:
            outcome = ingest_dataset(store, path, workers=_workers(path))
        except LoadError as exc:
            yield IngestOutcome(str(path), error=exc.problem)
            continue
        yield IngestOutcome(str(path), claims=outcome.events, warnings=outcome.warnings)
        for problem in outcome.problems:
            yield IngestOutcome(str(path), error=f"row {problem.number}: {problem.problem}")


def _workers(path: Path) -> int:
    """Two processes (one reads and builds, one writes) for big files on a multi-core machine."""
    big = path.stat().st_size >= PIPELINE_FROM_BYTES
    return 2 if big and (os.cpu_count() or 1) > 1 else 1
