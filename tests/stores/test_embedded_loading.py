"""The ingest's write group into an empty embedded store is a first load: the indexes
only readers use are built at its end, the reads the ingest makes still answer, and a
store that already holds reports keeps its indexes throughout."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import GraphBatch
from graph.stores import embedded
from graph.stores.base import PreparedBatch
from graph.stores.embedded import DATABASE, EmbeddedStore
from graph.stores.sql import DEFERRED_INDEXES
from loaders.ingest import ingest_paths
from tests.builders import report_batch
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "reports"


def indexes(path: Path) -> set[str]:
    with sqlite3.connect(path / DATABASE) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_loading_an_empty_store_builds_the_reader_indexes_at_its_end(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    with store.loading(reports=1, seconds=1000):          # a commit after every report
        store.write_batch(report_batch("https://example.org/a", "Al Qaeda is in Afghanistan. A."))
        store.write_batch(report_batch("https://example.org/b", "Al Qaeda left Afghanistan. B."))
        assert not set(DEFERRED_INDEXES) & indexes(path)  # committed reports, no reader indexes
        assert len(store.search("qaeda", ["Claim"])) == 2   # reads still answer meanwhile
    assert set(DEFERRED_INDEXES) <= indexes(path)
    seen: list[set[str]] = []
    with store.loading(reports=1, seconds=1000):          # not empty: nothing is dropped
        store.write_batch(report_batch("https://example.org/c", "Al Qaeda is in Afghanistan. C."))
        seen.append(indexes(path))
    assert set(DEFERRED_INDEXES) <= seen[0]
    assert store.stats()["Report"] == 3


def test_loading_that_fails_midway_still_builds_the_indexes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    try:
        with store.loading():
            store.write_batch(report_batch("https://example.org/a", "Al Qaeda is in Afghanistan. A."))
            raise RuntimeError("the caller failed")
    except RuntimeError:
        pass
    assert set(DEFERRED_INDEXES) <= indexes(path)
    assert store.stats()["Report"] == 1


def test_a_first_ingest_of_real_reports_links_copies_and_ends_with_every_index(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    summary = ingest_paths(store, [EXAMPLES])
    assert not summary.failed
    assert store.stats()["REPUBLISHES"] >= 1        # a copy found by the duplicate-text check
    assert set(DEFERRED_INDEXES) <= indexes(path)


def _visible_while_loading(path: Path, urls: list[str]) -> tuple[list[int], list[int]]:
    """Reports another connection sees before each batch is handed over, and the page
    cache the writing connection runs with meanwhile."""
    store = EmbeddedStore(path)
    seen: list[int] = []
    cache: list[int] = []

    def batches() -> Iterator[GraphBatch]:
        for url in urls:
            db = sqlite3.connect(path / DATABASE)
            seen.append(int(db.execute("SELECT count(*) FROM nodes WHERE label = 'Report'").fetchone()[0]))
            db.close()
            cache.append(int(store._connection().execute("PRAGMA cache_size").fetchone()[0]))
            yield report_batch(url, f"Al Qaeda is in Afghanistan. {url}.")

    store.write_batches(batches())
    store.close()
    return seen, cache


def test_a_first_load_commits_in_larger_groups_with_a_larger_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = PreparedBatch.of(report_batch("https://example.org/x", "Al Qaeda is in Afghanistan. x.")).size()
    monkeypatch.setattr(embedded, "GROUP_ROWS", rows)               # a commit after every report
    monkeypatch.setattr(embedded, "FIRST_LOAD_ROWS", 3 * rows)      # after every third in a first load
    path = tmp_path / "store"
    first, first_cache = _visible_while_loading(path, [f"https://example.org/{i}" for i in range(7)])
    assert first == [0, 0, 0, 3, 3, 3, 6]
    assert set(first_cache) == {-embedded.FIRST_LOAD_CACHE_KIB}
    later, later_cache = _visible_while_loading(path, [f"https://example.org/{i}" for i in range(7, 10)])
    assert later == [7, 8, 9]                                       # not empty: the usual groups
    assert set(later_cache) == {-embedded.WRITE_CACHE_KIB}
    assert EmbeddedStore(path).stats()["Report"] == 10
