"""The /events route over a live HTTP server: filters, paging, bad parameters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs  # schemathesis's own validator
import pytest

from api.settings import Settings
from loaders.datasets.resolve import Resolver
from loaders.ingest import ingest_paths
from tests.api.conftest import API_KEY, LiveServer, open_store
from tests.conftest import FIXTURES, SHARED

DATA = FIXTURES / "datasets"
UPLOAD_LIMIT = 64 * 1024
KEY = {"X-API-Key": API_KEY}


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


def refused_schema(client: httpx.Client, path: str) -> tuple[Any, Any]:
    """A validator of the 415 the OpenAPI document gives for POST ``path``, and its example."""
    document = client.get("/openapi.json").json()
    answer = document["paths"][path]["post"]["responses"]["415"]["content"]["application/json"]
    schema = {**answer["schema"], "components": document["components"]}
    return jsonschema_rs.Draft202012Validator(schema), answer["example"]


def valid(validator: Any, body: Any) -> bool:
    errors = list(validator.iter_errors(body))
    assert not errors, [str(e) for e in errors]
    return True


DATASET_FILES = [(DATA / "ged_events.csv", "ucdp-ged"), (DATA / "ged_api.json", "ucdp-ged"),
                 (DATA / "acled_current.csv", "acled"), (DATA / "acled_legacy_cp1252.csv", "acled"),
                 (DATA / "gdelt_events.tsv", "gdelt-events"),
                 (SHARED / "data" / "ucdp-aec" / "test.jsonl", "ucdp-aec"),
                 (SHARED / "data" / "gdelt" / "gkg2_2017-07-01_sample.tsv", "gdelt-gkg"),
                 (SHARED / "data" / "gdelt" / "mentions2_sample.tsv", "gdelt-mentions")]


@pytest.mark.parametrize(("path", "fmt"), DATASET_FILES, ids=[p.name for p, _ in DATASET_FILES])
def test_a_dataset_sent_as_a_report_is_a_415_naming_the_events_route(
        events_api: httpx.Client, path: Path, fmt: str) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not present")
    before = events_api.get("/reports", params={"limit": 1}).json()["total"]
    data = path.read_bytes()[:UPLOAD_LIMIT - 1]
    if path.suffix == ".json" or len(data) < path.stat().st_size:      # whole lines only
        data = data if path.suffix == ".json" else data[:data.rfind(b"\n") + 1]
    answers = [events_api.post("/reports", files={"file": (path.name, data)}, headers=KEY),
               events_api.post("/reports/text", json={"text": data.decode("utf-8", "replace")},
                               headers=KEY)]
    validator, example = refused_schema(events_api, "/reports")
    for answer in answers:
        assert answer.status_code == 415, answer.text
        body = answer.json()
        assert valid(validator, body)
        assert body["format"] == fmt and body["route"] == "POST /events"
        assert "POST /events" in body["detail"]
    assert answers[0].json()["detail"].startswith(f"{path.name} is a ")
    assert valid(validator, example) and valid(refused_schema(events_api, "/reports/text")[0], example)
    assert events_api.get("/reports", params={"limit": 1}).json()["total"] == before  # nothing ingested
    few = data if path.suffix == ".json" else b"".join(data.splitlines(keepends=True)[:6])
    assert upload(events_api, path.name, few).status_code == 201           # where it loads


def test_a_report_is_still_a_report(events_api: httpx.Client) -> None:
    answer = events_api.post("/reports/text", headers=KEY, json={
        "text": "id,side_a,side_b\nThe shelling of Idlib killed two, the monitor said on Monday.",
        "title": "Not a dataset: three columns are not GED's four"})
    assert answer.status_code == 201, answer.text
