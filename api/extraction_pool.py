"""Uploads are extracted in a worker process, not in the server's process.

A worker thread is not enough: extraction spends long stretches inside C code (regular
expressions over a whole multi-megabyte text) that holds the interpreter lock, and the
event loop waits for it (measured: /health took 3.2 s to answer during a 3 MB upload
extracted in a thread). In a process of its own, extraction cannot hold up any other
request; the server's thread only writes the finished batch.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from graph.settings import current, install
from loaders.errors import LoadError
from loaders.ingest import extract_source
from loaders.parallel import UNFORESEEN, Extracted
from loaders.source import RawSource


def extract_raw(source: RawSource) -> Extracted:
    """Read and extract one upload (in the worker); bad input becomes the error it names."""
    try:
        extraction = extract_source(source)
    except LoadError as exc:
        return Extracted(source.name, error=exc.problem)
    except UNFORESEEN as exc:
        return Extracted(source.name, error=f"unexpected error while reading "
                                            f"({exc.__class__.__name__}: {exc})")
    return Extracted(source.name, source.sha256, extraction)


class ExtractionPool:
    """A small pool of extraction processes, started on first use (forkserver: the
    server's threads are never forked), each given the server's settings."""

    def __init__(self, workers: int = 1):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def extract(self, source: RawSource) -> Extracted:
        """Extract in a worker process and wait for it (call from a worker thread); a worker
        that dies (out of memory, killed) fails this upload only."""
        try:
            return self._started().submit(extract_raw, source).result()
        except BrokenProcessPool:
            self.close()
            return Extracted(source.name, error="extraction stopped: its worker process died")

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=multiprocessing.get_context("forkserver"),
                                                 initializer=install, initargs=(current(),))
            return self._pool

    def close(self) -> None:
        """Stop the worker processes."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(cancel_futures=True)
