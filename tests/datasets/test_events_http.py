"""The /events route over a live HTTP server: filters, paging, bad parameters."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.settings import Settings
from loaders.datasets.resolve import Resolver
from loaders.ingest import ingest_paths
from tests.api.conftest import API_KEY, LiveServer, open_store
from tests.conftest import FIXTURES

DATA = FIXTURES / "datasets"
UPLOAD_LIMIT = 64 * 1024


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def events_api(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A live server over a store holding the GED, UCDP API and ACLED fixtures."""
    store = open_store(request.param, tmp_path_factory.mktemp("events"), request)
    outcome = ingest_paths(store, [DATA / "ged_events.csv", DATA / "ged_api.json",
                                   DATA / "acled_current.csv", DATA / "source_report.md"])
    assert sum(o.claims for o in outcome.outcomes) > 5     # the fixtures hold bad rows on purpose
    with LiveServer(store, Settings(api_key=API_KEY, max_upload_bytes=UPLOAD_LIMIT)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        yield client
    store.close()


def test_events_by_region_actor_dates_and_dataset(events_api: httpx.Client) -> None:
    somalia = events_api.get("/events", params={"region": "reg:iso-so"}).json()
    assert {e["record_id"] for e in somalia["events"]} == {"900002", "900003"}
    shabaab = Resolver().organisation("Al-Shabaab")
    assert shabaab is not None
    later = events_api.get("/events", params={"actor": shabaab.id, "since": "2024-04-15"}).json()
    assert [e["record_id"] for e in later["events"]] == ["900003"]
    acled = events_api.get("/events", params={"dataset": "ACLED"}).json()
    assert acled["total"] == 2
    assert all(e["redistribution"].startswith("restricted") for e in acled["events"])


def test_events_are_paged_newest_first(events_api: httpx.Client) -> None:
    everything = events_api.get("/events", params={"limit": 500}).json()
    starts = [e["date_start"] for e in everything["events"]]
    assert starts == sorted(starts, reverse=True) and everything["total"] == len(starts) > 2
    second = events_api.get("/events", params={"limit": 1, "offset": 1}).json()
    assert [e["claim_id"] for e in second["events"]] == [everything["events"][1]["claim_id"]]
    assert second["total"] == everything["total"]


def test_an_event_has_its_sources_and_corroboration(events_api: httpx.Client) -> None:
    ged = [e for e in events_api.get("/events", params={"dataset": "UCDP GED", "limit": 500}).json()["events"]
           if e["record_id"] == "900001"]
    assert ged and any(s["row"] and s["field"] for s in ged[0]["sources"])
    result = events_api.get(f"/events/{ged[0]['claim_id']}/corroboration").json()
    assert result["dataset_source_count"] == 2
    assert [m["published"] for m in result["claims"]] == ["2024-03-03"] and result["corroborating"] == 1


@pytest.mark.parametrize(("params", "code"), [
    ({"since": "2024-13-45x"}, 422), ({"since": "0"}, 422), ({"limit": 501}, 422),
    ({"offset": -1}, 422), ({"actor": "x" * 301}, 422), ({"actor": ""}, 422),
    ({"actor": "' OR 1=1 RETURN n //"}, 404), ({"region": "reg:nowhere"}, 404)])
def test_bad_parameters_are_refused_clearly(events_api: httpx.Client, params: dict[str, str | int],
                                            code: int) -> None:
    answer = events_api.get("/events", params=params)
    assert answer.status_code == code and answer.json()["detail"]


def test_unknown_event_is_not_found(events_api: httpx.Client) -> None:
    answer = events_api.get("/events/clm:nothing/corroboration")
    assert answer.status_code == 404 and "clm:nothing" in answer.json()["detail"]


def upload(client: httpx.Client, name: str, data: bytes, key: str | None = API_KEY) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    return client.post("/events", files={"file": (name, data)}, headers=headers)


def test_an_uploaded_dataset_goes_through_the_dataset_loader(events_api: httpx.Client) -> None:
    before = events_api.get("/events", params={"limit": 500}).json()["total"]
    answer = upload(events_api, "../../ged_events.csv", (DATA / "ged_events.csv").read_bytes())
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["format"] == "ucdp-ged" and body["events"] == 3
    assert body["problems"] == [{"row": 5, "problem": "date_start: not a date: '21/04/2024x'"}]
    after = events_api.get("/events", params={"limit": 500}).json()
    assert after["total"] == before        # the same records: replaced, not added
    assert any(e["record_id"] == "900001" for e in after["events"])


def test_uploads_that_are_no_dataset_too_big_or_unkeyed_are_refused(events_api: httpx.Client) -> None:
    report = upload(events_api, "source_report.md", (DATA / "source_report.md").read_bytes())
    assert report.status_code == 422
    assert report.json()["detail"].startswith("source_report.md: not a dataset file")
    big = upload(events_api, "big.csv", b"id,side_a,side_b,date_start\n" + b"1,a,b,2024-01-01\n" * 5000)
    assert big.status_code == 413
    ged = (DATA / "ged_events.csv").read_bytes()
    assert upload(events_api, "ged.csv", ged, key=None).status_code in (401, 403)
    assert upload(events_api, "ged.csv", ged, key="wrong").status_code == 401
