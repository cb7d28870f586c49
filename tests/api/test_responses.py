"""The read routes over a live server: typed answers that match their OpenAPI schema,
the same keys on every object, totals and paging, short ids, copies marked, and no path
of this machine in any answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs  # schemathesis's own validator (pinned through it in pyproject)
import pytest

from graph.model import report_id
from tests.conftest import FIXTURES

REPRINT = report_id(url="https://example.org/prov/wire-2")
ORIGINAL = report_id(url="https://example.org/prov/wire-1")


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
