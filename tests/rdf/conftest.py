"""Fixtures for the linked-data tests: stores built from the example corpus, the seed
report and a tiny hand-built graph; and no network, so nothing can fetch a context."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.conftest import ROOT
from tests.rdf.common import tiny_batch

EXAMPLES = ROOT / "examples" / "reports"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: contexts and shapes are local."""
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def ingested_store(root: Path, *paths: Path) -> EmbeddedStore:
    """An embedded store holding ``paths`` ingested by the real loaders."""
    store = EmbeddedStore(root)
    summary = ingest_paths(store, list(paths))
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    return store


@pytest.fixture
def example_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """The invented example corpus, ingested."""
    store = ingested_store(tmp_path / "examples", EXAMPLES)
    yield store
    store.close()


@pytest.fixture
def seed_store(tmp_path: Path, seed_report: Path) -> Iterator[EmbeddedStore]:
    """The seed op-ed from ../shared/seeds, ingested (skipped when absent)."""
    store = ingested_store(tmp_path / "seed", seed_report)
    yield store
    store.close()


@pytest.fixture
def tiny_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """One report, one claim, one organisation, one mention, built by hand."""
    store = EmbeddedStore(tmp_path / "tiny")
    store.write_batch(tiny_batch())
    yield store
    store.close()
