"""RDF import has a wall-clock limit: a file that parses too slowly is stopped, named,
and leaves the store as it was; the parsing process does not outlive the import."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.errors import ConfigurationError
from graph.rdf.importer import RdfImportError, import_file
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.rdf.common import exported_text, tiny_batch

LIMIT_S = 1.0


def slow_turtle(path: Path, triples: int = 400_000) -> Path:
    """Valid Turtle that takes rdflib far longer than LIMIT_S to parse (about 20 MB)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("@prefix ex: <http://example.org/slow/> .\n")
        for index in range(triples):
            out.write(f'ex:s{index} ex:p{index % 97} "a literal to make the file longer, {index}" .\n')
    return path


def test_a_file_slower_than_the_limit_is_stopped_and_named(tmp_path: Path) -> None:
    path = slow_turtle(tmp_path / "slow.ttl")
    store = EmbeddedStore(tmp_path / "store")
    started = time.perf_counter()
    with pytest.raises(RdfImportError) as refused:
        import_file(store, path, seconds=LIMIT_S)
    elapsed = time.perf_counter() - started
    assert str(refused.value).startswith(f"{path}: parsing took longer than the 1 s import limit")
    assert "CONFLICTKG_MAX_IMPORT_SECONDS" in str(refused.value)
    assert elapsed < LIMIT_S + 10          # stopped at the limit, not when parsing would end
    assert multiprocessing.active_children() == []
    assert sum(store.stats().values()) == 0
    store.close()


def test_the_limit_is_read_from_the_environment(tmp_path: Path,
                                                environment: Callable[..., Settings]) -> None:
    path = slow_turtle(tmp_path / "slow.ttl")
    environment(CONFLICTKG_MAX_IMPORT_SECONDS="0.5")
    with pytest.raises(RdfImportError, match=r"0\.5 s import limit"):
        import_file(EmbeddedStore(tmp_path / "store"), path)
    with pytest.raises(ConfigurationError, match="CONFLICTKG_MAX_IMPORT_SECONDS is not a number of seconds"):
        environment(CONFLICTKG_MAX_IMPORT_SECONDS="soon")


def test_an_export_within_the_limit_imports(tmp_path: Path) -> None:
    source = EmbeddedStore(tmp_path / "source")
    source.write_batch(tiny_batch())
    path = tmp_path / "tiny.nt"
    path.write_text(exported_text(source, "nt"), encoding="utf-8")
    copy = EmbeddedStore(tmp_path / "copy")
    summary = import_file(copy, path, seconds=60)
    assert summary.errors == [] and summary.batches == 1
    assert copy.stats() == source.stats()
