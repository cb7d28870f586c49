"""Reading, extraction and building in worker processes, with results in input order.

Extraction is pure CPU work on one file at a time, so a batch spreads over the
machine's cores: each worker reads and extracts whole files and builds (and so
validates) each report's batch, and the caller (which alone writes to the store) gets
the results back in the order it gave the paths, with nothing left to do but link
them to what is stored and write them. On Linux the workers are forked after the
gazetteers are built, so they share them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from graph.model import GraphBatch
from loaders.errors import LoadError
from loaders.extract.gazetteer import default_gazetteer
from loaders.extraction import Extraction
from loaders.manifest import manifest_entry
from loaders.source import read_source

CHUNK = 8
# Exceptions a reader may raise on input it did not foresee; reported against the file.
UNFORESEEN = (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError,
              UnicodeError, OverflowError)


@dataclass(frozen=True)
class Extracted:
    """One file's outcome: its extraction, the hash of its bytes and the report's
    validated batch (as built before any link to the store), or what went wrong."""

    path: str
    sha256: str | None = None
    extraction: Extraction | None = None
    error: str | None = None
    batch: GraphBatch | None = None


def read_and_extract(path: Path) -> Extracted:
    """Read, extract and build one file; bad input becomes an error naming the problem."""
    from loaders.ingest import build, extract_source

    try:
        source = read_source(path)
        extraction = extract_source(source, manifest_entry(path))
        batch = build(str(path), source.sha256, extraction)
    except LoadError as exc:
        return Extracted(str(path), error=exc.problem)
    except UNFORESEEN as exc:
        return Extracted(str(path), error=f"unexpected error while reading "
                                          f"({exc.__class__.__name__}: {exc})")
    return Extracted(str(path), source.sha256, extraction, batch=batch)


def extract_paths(paths: Iterable[Path], workers: int = 1) -> Iterator[Extracted]:
    """Extract every path, in ``workers`` processes (1: in this process), in order."""
    if workers <= 1:
        yield from map(read_and_extract, paths)
        return
    default_gazetteer()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(read_and_extract, paths, chunksize=CHUNK)
