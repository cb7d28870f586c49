"""A live API server over an embedded store, for the hostile-request tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, LiveServer

UPLOAD_LIMIT = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with a 2 MB upload limit over an empty embedded store."""
    store = EmbeddedStore(Path(tmp_path_factory.mktemp("hostile")) / "store")
    with LiveServer(store, Settings(api_key=API_KEY, max_upload_bytes=UPLOAD_LIMIT)) as live:
        yield live
    store.close()


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http
