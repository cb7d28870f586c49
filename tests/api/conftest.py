"""A real HTTP server (uvicorn on a free loopback port) over each store."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.conftest import FIXTURES, make_neo4j_store

API_KEY = "test-key-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """uvicorn in a thread; stopped by setting should_exit."""

    def __init__(self, store: GraphStore, settings: Settings):
        self.port = free_port()
        config = uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.time() + 15
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("API server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def open_store(kind: str, tmp: Path, request: pytest.FixtureRequest) -> GraphStore:
    if kind == "embedded":
        return EmbeddedStore(tmp / "store")
    return make_neo4j_store(request.getfixturevalue("neo4j_settings"))


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A client for a live server whose store holds the provenance fixtures."""
    store = open_store(request.param, tmp_path_factory.mktemp("api"), request)
    assert not ingest_paths(store, [FIXTURES / "provenance"]).failed
    with LiveServer(store, Settings(api_key=API_KEY)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        yield client
    store.close()
