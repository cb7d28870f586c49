"""The read routes over a live server: typed answers that match their OpenAPI schema,
the same keys on every object, totals and paging, short ids, copies marked, and no path
of this machine in any answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs  # schemathesis's own validator (pinned through it in pyproject)
import pytest

from api.settings import Settings
from graph.model import report_id
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.api.conftest import API_KEY, LiveServer
from tests.conftest import FIXTURES

REPRINT = report_id(url="https://example.org/prov/wire-2")
ORIGINAL = report_id(url="https://example.org/prov/wire-1")
# Reads whose answer is a plain mapping, not a record: store counts by label and type,
# and the health check's status.
UNTYPED_READS = {"/graph/stats", "/health"}


def conforms(api: httpx.Client, template: str, path: str, **params: Any) -> dict[str, Any]:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    document = api.get("/openapi.json").json()
    schema = document["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert "$ref" in schema or schema.get("type") == "object", f"{template} has no typed answer"
    full = {**schema, "components": document["components"]}
    errors = list(jsonschema_rs.Draft202012Validator(full).iter_errors(body))
    assert not errors, [str(e) for e in errors[:3]]
    return body


def test_paged_answers_have_totals_and_follow_offset(api: httpx.Client) -> None:
    first = conforms(api, "/reports", "/reports", limit=5)
    assert first["total"] >= 16 and len(first["reports"]) == 5
    second = conforms(api, "/reports", "/reports", limit=5, offset=5)
    assert {r["id"] for r in first["reports"]}.isdisjoint(r["id"] for r in second["reports"])
    stubs = conforms(api, "/reports", "/reports", stub="true", limit=500)
    assert stubs["total"] == len(stubs["reports"]) and all(r["stub"] for r in stubs["reports"])
    found = conforms(api, "/search", "/search", q="Kabul", limit=2)
    assert found["total"] > 2 and len(found["results"]) == 2 and found["total_capped"] is False
    rest = conforms(api, "/search", "/search", q="Kabul", limit=200, offset=2)
    assert len(rest["results"]) == found["total"] - 2
    assert not {r["id"] for r in found["results"]} & {r["id"] for r in rest["results"]}


def test_every_object_of_a_kind_has_the_same_keys(api: httpx.Client) -> None:
    reports = api.get("/reports", params={"limit": 500}).json()["reports"]
    assert len({tuple(sorted(r)) for r in reports}) == 1
    claims = api.get("/claims", params={"about": "Afghanistan", "limit": 500}).json()["claims"]
    assert claims and len({tuple(sorted(c)) for c in claims}) == 1
    profile = api.get("/entities/Afghanistan").json()
    assert isinstance(profile["claim_count"], int) and "claims" not in profile


def test_routes_take_short_ids_and_nodes_describe_any_id(api: httpx.Client) -> None:
    claim = api.get(f"/reports/{REPRINT}").json()["claims"][0]["claim_id"]
    short = claim.removeprefix("clm:")[:8]
    assert api.get(f"/claims/{short}").json()["claim_id"] == claim
    assert api.get(f"/claims/{short}/chain").json()["start"] == claim
    assert api.get(f"/reports/{REPRINT[4:12]}").json()["id"] == REPRINT
    node = conforms(api, "/nodes/{node_id}", f"/nodes/{short}")
    assert node["id"] == claim and node["evidence"]["claim_id"] == claim
    ambiguous = api.get("/nodes/clm:")
    assert ambiguous.status_code == 404 and "more than one id" in ambiguous.json()["detail"]
    assert api.delete(f"/reports/{REPRINT[4:12]}").status_code in (401, 403)   # deletes need the full id


def test_a_copy_says_whose_copy_it_is(api: httpx.Client) -> None:
    reprint = conforms(api, "/nodes/{node_id}", f"/nodes/{REPRINT}")
    assert reprint["copy_of"] == ORIGINAL and "copy of" in reprint["name"]
    claims = api.get(f"/reports/{REPRINT}").json()["claims"]
    assert claims and all(c["copy_of"] == ORIGINAL and c["copy_of_name"] for c in claims)
    original = api.get(f"/nodes/{ORIGINAL}").json()
    assert original["copy_of"] is None
    assert {"type": "REPUBLISHES", "id": REPRINT} in [{k: link[k] for k in ("type", "id")}
                                                     for link in original["links_in"]]


@pytest.mark.parametrize("path", ["/reports?limit=500", "/search?q=Kabul&limit=200",
                                  "/claims?about=Afghanistan&limit=500"])
def test_no_answer_names_a_path_of_this_machine(api: httpx.Client, path: str) -> None:
    text = api.get(path).text
    for report in api.get("/reports", params={"limit": 500}).json()["reports"][:20]:
        text += api.get(f"/nodes/{report['id']}").text + api.get(f"/reports/{report['id']}").text
    assert str(FIXTURES) not in text and str(Path.home()) + "/" not in text and "/tmp/" not in text


def test_no_drawing_analysis_or_corroboration_names_a_path_of_this_machine(api: httpx.Client) -> None:
    paths = ["/network/publishers", "/network/snapshots?regions=true", "/network/dependency/Afghanistan",
             "/view/entity/Afghanistan/data", f"/view/report/{REPRINT}/data", f"/reports/{REPRINT}/chain",
             f"/view/node/{REPRINT}/data?depth=2", "/view/entity/Afghanistan", f"/view/report/{REPRINT}"]
    for claim in api.get(f"/reports/{REPRINT}").json()["claims"]:
        paths += [f"/claims/{claim['claim_id']}/{route}" for route in ("corroboration", "chain")]
        paths += [f"/view/chain/{claim['claim_id']}/data", f"/view/chain/{claim['claim_id']}"]
    for path in paths:
        response = api.get(path)
        assert response.status_code == 200, path
        assert str(FIXTURES) not in response.text and "/tmp/" not in response.text, path
        assert str(Path.home()) + "/" not in response.text, path


def test_every_read_route_answers_its_typed_model(api: httpx.Client) -> None:
    claim = api.get(f"/reports/{REPRINT}").json()["claims"][0]["claim_id"]
    detail = conforms(api, "/claims/{claim_id}", f"/claims/{claim}")
    assert detail["claim_id"] == claim and detail["links"]
    assert all("target_name" in link for link in detail["links"])
    assert conforms(api, "/claims/{claim_id}/chain", f"/claims/{claim}/chain")["start"] == claim
    report = conforms(api, "/reports/{report_id}", f"/reports/{REPRINT}")
    assert report["text"] is None and report["claims"]
    assert conforms(api, "/reports/{report_id}", f"/reports/{REPRINT}", include_text="true")["text"]
    assert conforms(api, "/reports/{report_id}/chain", f"/reports/{REPRINT}/chain")["start"] == REPRINT
    profile = conforms(api, "/entities/{key}", "/entities/Afghanistan")
    about = conforms(api, "/entities/{key}/claims", "/entities/Afghanistan/claims", limit=3)
    assert about["total"] == profile["claim_count"] and len(about["claims"]) == min(3, about["total"])
    stats = conforms(api, "/graph/stats", "/graph/stats")
    around = conforms(api, "/graph/neighbourhood/{node_id}", f"/graph/neighbourhood/{claim}", depth=1)
    assert claim in {n["id"] for n in around["nodes"]} and stats["Claim"] >= 1
    network = conforms(api, "/network", "/network", regions="true")
    edge = max(network["edges"], key=lambda e: e["claims"])
    pair = {"a": edge["source"], "b": edge["target"]}
    linked = conforms(api, "/relationships", "/relationships", **pair)
    named = {c["claim_id"] for link in linked["relations"] for c in link["claims"]}
    assert named | {c["claim_id"] for c in linked["co_mentions"]["claims"]}
    expanded = conforms(api, "/network/edge", "/network/edge", limit=2, **pair)
    assert expanded["total"]["claims"] >= edge["claims"]
    assert len(expanded["claims"]) == min(2, expanded["total"]["claims"])
    measured = conforms(api, "/network/measures", "/network/measures", regions="true")
    assert len(measured["nodes"]) == network["totals"]["nodes"]
    ego = conforms(api, "/network/ego/{key}", f"/network/ego/{edge['source']}", regions="true")
    assert edge["target"] in {n["id"] for n in ego["nodes"]}


def same_keys(records: list[dict[str, Any]]) -> bool:
    """Every record has the same keys (a missing value is null, never a missing key)."""
    return len({tuple(sorted(r)) for r in records}) <= 1


def test_snapshots_dependency_and_publishers_answer_their_typed_models(api: httpx.Client) -> None:
    snapshots = conforms(api, "/network/snapshots", "/network/snapshots", regions="true")
    years = snapshots["years"]
    assert years and same_keys(years) and years[0]["changes"] is None
    assert all(y["changes"] is not None for y in years[1:])
    network = api.get("/network", params={"regions": "true"}).json()
    edge = max(network["edges"], key=lambda e: e["claims"])
    dependency = conforms(api, "/network/dependency/{key}", f"/network/dependency/{edge['source']}")
    assert dependency["entity"]["id"] == edge["source"] and dependency["region"] is None
    origins = [o for group in dependency["origins"] for o in group["origins"]]
    assert origins and same_keys(origins)
    assert dependency["independent_origins"] == len(dependency["origins"])
    assert dependency["concentration"][-1]["claims"] == dependency["claims"]
    publishers = conforms(api, "/network/publishers", "/network/publishers")
    assert publishers["edges"] and all(isinstance(e["from"], str) and e["to"] for e in publishers["edges"])
    named = {n["publisher"] for n in publishers["nodes"]}
    assert {e["from"] for e in publishers["edges"]} | {e["to"] for e in publishers["edges"]} <= named
    assert all(isinstance(c["publishers"], list) for c in publishers["circular_clusters"])


def test_corroboration_answers_its_typed_model_with_the_same_keys_everywhere(api: httpx.Client) -> None:
    claim = api.get(f"/reports/{REPRINT}").json()["claims"][0]["claim_id"]
    answer = conforms(api, "/claims/{claim_id}/corroboration", f"/claims/{claim[4:12]}/corroboration")
    assert answer["claim"]["claim_id"] == claim and answer["corroborating"] >= 1
    listed = [c for group in answer["groups"] for c in group["claims"]]
    assert [c["claim_id"] for c in listed if c["asked"]] == [claim]
    assert answer["corroborating"] == len(listed) - 1 and same_keys(listed)
    assert all(c["match"] is None for c in listed if c["asked"])
    origins = [o for group in answer["groups"] for o in group["origins"]]
    assert same_keys(origins) and all("note" in o and "attributed_to" in o for o in origins)


def test_conflicts_answer_their_typed_model_with_the_same_keys(api: httpx.Client) -> None:
    texts = {"one": "At least 32 Kessel fighters were killed in the Vardan raid on Friday, the monitor said.",
             "two": "Eight Kessel fighters were killed in the Vardan raid on Friday, the monitor said.",
             "three": "The Vardan army denied that any Kessel fighters were killed in the raid on Friday."}
    made = []
    try:
        for name, text in texts.items():
            posted = api.post("/reports/text", headers={"X-API-Key": API_KEY}, json={
                "text": text + "\n", "title": f"Kessel {name}", "publisher": f"Paper {name}",
                "published": "2025-09-01", "url": f"https://example.org/conflicts/{name}"})
            assert posted.status_code == 201, posted.text
            made.append(posted.json()["report_id"])
        claim = api.get(f"/reports/{made[0]}").json()["claims"][0]["claim_id"]
        answer = conforms(api, "/claims/{claim_id}/corroboration", f"/claims/{claim}/corroboration")
    finally:
        for rid in made:
            api.delete(f"/reports/{rid}", headers={"X-API-Key": API_KEY})
    conflicts = answer["conflicts"]
    assert sorted(c["kind"] for c in conflicts) == ["denial", "number"] and same_keys(conflicts)
    number = next(c for c in conflicts if c["kind"] == "number")
    assert number["values"] == [["32"], ["eight"]] and number["claim"]["claim_id"] == number["claim_id"]
    denial = next(c for c in conflicts if c["kind"] == "denial")
    assert denial["what"] is None and denial["values"] is None and denial["match"]["opposed"]
    assert all("with" not in c for c in conflicts)       # one name for the other claim's id
    assert answer["disagreeing"] == 2 and answer["corroborating"] == 0


@pytest.mark.parametrize("route", ["chain", "entity", "report", "node", "actors"])
def test_drawn_views_as_data_answer_their_typed_model(api: httpx.Client, route: str) -> None:
    claim = api.get(f"/reports/{REPRINT}").json()["claims"][0]["claim_id"]
    network = api.get("/network", params={"regions": "true"}).json()
    entity = max(network["edges"], key=lambda e: e["claims"])["source"]
    template, path = {
        "chain": ("/view/chain/{claim_id}/data", f"/view/chain/{claim[4:12]}/data"),
        "entity": ("/view/entity/{key}/data", "/view/entity/Afghanistan/data"),
        "report": ("/view/report/{report_id}/data", f"/view/report/{REPRINT}/data"),
        "node": ("/view/node/{node_id}/data", f"/view/node/{claim}/data"),
        "actors": ("/view/actors/{key}/data", f"/view/actors/{entity}/data"),
    }[route]
    view = conforms(api, template, path)
    assert view["nodes"] and set(view["details"]["nodes"]) == {n["id"] for n in view["nodes"]}
    assert set(view["details"]["edges"]) == {e["id"] for e in view["edges"]}
    drawn = [*view["details"]["nodes"].values(), *view["details"]["edges"].values()]
    records = [record for detail in drawn for record in detail["evidence"]]
    assert records and same_keys(records)
    assert view["counts"]["drawn"] == len(view["nodes"]) and view["counts"]["edges"] == len(view["edges"])


def test_every_json_read_route_is_typed_and_every_example_fits_its_schema(api: httpx.Client) -> None:
    document = api.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    untyped, without_example = [], []
    for path, item in document["paths"].items():
        content = item.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        if "application/json" not in content or path in UNTYPED_READS:
            continue
        schema = content["application/json"]["schema"]
        if "$ref" not in schema:
            untyped.append(path)
        elif not schemas[schema["$ref"].rsplit("/", 1)[1]].get("examples"):
            without_example.append(path)
    assert untyped == [] and without_example == []
    wrong = []
    for name, schema in schemas.items():
        validator = jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]})
        for example in schema.get("examples", []):
            wrong += [f"{name}: {error}" for error in validator.iter_errors(example)]
    assert wrong == []


def test_events_answer_their_typed_models(tmp_path: Path) -> None:
    data = FIXTURES / "datasets"
    store = EmbeddedStore(tmp_path / "events")
    ingest_paths(store, [data / "ged_events.csv", data / "ged_api.json", data / "acled_current.csv",
                         data / "source_report.md"])
    with LiveServer(store, Settings()) as server, httpx.Client(base_url=server.url, timeout=30) as events:
        page = conforms(events, "/events", "/events", limit=500)
        assert page["total"] == len(page["events"]) > 2 and same_keys(page["events"])
        assert all(set(e["deaths"]) == {"best", "low", "high"} for e in page["events"])
        told = []
        for event in page["events"]:
            answer = conforms(events, "/events/{claim_id}/corroboration",
                              f"/events/{event['claim_id']}/corroboration")
            assert answer["event"]["claim_id"] == event["claim_id"]
            assert answer["corroborating"] == len(answer["claims"])   # a count, as for a claim
            told += answer["claims"]
        assert told and same_keys(told)
    store.close()
