"""Holes a journalist found walking real reporting over HTTP: the export takes the names
and short ids every other read takes, and one entity named twice is not a relationship."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.settings import Settings
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.api.conftest import API_KEY, LiveServer
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    store = EmbeddedStore(tmp_path_factory.mktemp("walk") / "store")
    assert not ingest_paths(store, [FIXTURES / "provenance"]).failed
    with LiveServer(store, Settings(api_key=API_KEY)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        yield client
    store.close()


def test_export_takes_entity_names_and_short_claim_and_report_ids(api: httpx.Client) -> None:
    entity = api.get("/entities/Afghanistan").json()["entity"]["id"]
    claim = api.get("/search", params={"q": "Kabul", "label": "Claim"}).json()["results"][0]
    by_id = api.get("/export", params={"format": "nt", "entity": entity})
    by_name = api.get("/export", params={"format": "nt", "entity": "afghanistan"})
    assert by_id.status_code == by_name.status_code == 200 and by_name.text == by_id.text
    for kind, full in (("claim", claim["claim_id"]), ("report", claim["report_id"])):
        whole = api.get("/export", params={"format": "nt", kind: full})
        short = api.get("/export", params={"format": "nt", kind: full[4:12]})
        assert whole.status_code == short.status_code == 200 and short.text == whole.text
    missing = api.get("/export", params={"format": "nt", "entity": "Nobody At All"})
    assert missing.status_code == 404 and "Nobody At All" in missing.json()["detail"]


def test_one_entity_named_twice_is_refused_not_linked_to_itself(api: httpx.Client) -> None:
    entity = api.get("/entities/Afghanistan").json()["entity"]["id"]
    answer = api.get("/relationships", params={"a": "Afghanistan", "b": entity})
    assert answer.status_code == 422 and entity in answer.json()["detail"]
    assert api.get("/relationships", params={"a": "Afghanistan", "b": "Kabul"}).status_code == 200


def test_the_browser_s_icon_request_is_no_error(api: httpx.Client) -> None:
    answer = api.get("/favicon.ico")
    assert answer.status_code == 204 and answer.content == b""
    assert "/favicon.ico" not in api.get("/openapi.json").json()["paths"]
