"""The HTTP API over a live server: evidence in answers, clear 404/422, keys, paging."""

from __future__ import annotations

import re

import httpx
import pytest

from api.settings import Settings, SettingsError
from graph.model import report_id
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, LiveServer

KEY = {"X-API-Key": API_KEY}
EVIDENCE_KEYS = {"claim_id", "quote", "start", "end", "report_id", "publisher", "published", "url"}


def claim_of(api: httpx.Client, name: str) -> str:
    rid = report_id(url=f"https://example.org/prov/{name}")
    body = api.get(f"/reports/{rid}").json()
    return str(body["claims"][0]["claim_id"])


def test_health_and_stats(api: httpx.Client) -> None:
    assert api.get("/health").json() == {"status": "ok"}
    stats = api.get("/graph/stats").json()
    assert stats["Report"] >= 16 and stats["CITES"] >= 10


def test_docs_are_served_without_any_cdn(api: httpx.Client) -> None:
    for page in ("/docs", "/redoc"):
        html = api.get(page).text
        external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
        assert external == [], (page, external)
    assert api.get("/openapi.json").json()["info"]["title"] == "conflictkg"


def test_chain_answer_carries_evidence(api: httpx.Client) -> None:
    chain = api.get(f"/claims/{claim_of(api, 'chain-3')}/chain").json()
    assert chain["flags"]["single_origin"] is True
    hops = chain["paths"][0]["hops"]
    assert len(hops) == 3
    for hop in hops:
        assert set(hop["claim"]) >= EVIDENCE_KEYS
        assert hop["report"]["publisher"]


def test_claims_about_with_filters_and_pages(api: httpx.Client) -> None:
    page = api.get("/claims", params={"about": "Afghanistan", "limit": 2, "sourced": "true"}).json()
    assert page["total"] == 6 and len(page["claims"]) == 2
    assert set(page["claims"][0]) >= EVIDENCE_KEYS


@pytest.mark.parametrize(("path", "params"), [
    ("/claims", {"about": "Afghanistan", "since": "2025-13-45"}),
    ("/claims", {"about": "Afghanistan", "limit": 100000}),
    ("/claims", {"about": "Afghanistan", "offset": -1}),
    ("/claims", {}),
    ("/search", {"q": ""}),
    ("/graph/neighbourhood/x", {"depth": 99}),
])
def test_bad_parameters_are_422(api: httpx.Client, path: str, params: dict[str, object]) -> None:
    response = api.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/claims/clm:nope", "/claims/clm:nope/chain", "/reports/rep:nope",
                                  "/entities/No%20Such%20Group", "/graph/neighbourhood/nope"])
def test_unknown_ids_are_404(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert "no " in response.json()["detail"]


def test_writes_need_the_key(api: httpx.Client) -> None:
    files = {"file": ("new.md", b"The TTP attacked a checkpoint in Khyber Pakhtunkhwa, officials said.")}
    assert api.post("/reports", files=files).status_code == 401
    assert api.post("/reports", files=files, headers={"X-API-Key": "wrong-key-0123456789"}).status_code == 401
    assert api.delete("/reports/rep:x").status_code == 401
    assert api.post("/cypher", json={"query": "RETURN 1"}).status_code == 401


def test_upload_then_delete(api: httpx.Client) -> None:
    text = b"The TTP attacked a checkpoint in Khyber Pakhtunkhwa, officials said on Monday."
    created = api.post("/reports", files={"file": ("ttp.txt", text)}, headers=KEY)
    assert created.status_code == 201, created.text
    rid = created.json()["report_id"]
    report = api.get(f"/reports/{rid}", params={"include_text": "true"}).json()
    assert report["text"] == text.decode()
    assert api.delete(f"/reports/{rid}", headers=KEY).status_code == 204
    assert api.get(f"/reports/{rid}").status_code == 404
    assert api.delete(f"/reports/{rid}", headers=KEY).status_code == 404


def test_posting_text_and_bad_files(api: httpx.Client) -> None:
    posted = api.post("/reports/text", headers=KEY, json={
        "text": "Al Qaeda trainers arrived in Kunar last month, villagers said.",
        "title": "Posted\nsnippet: injected", "published": "2025-09-01"})
    assert posted.status_code == 201, posted.text
    rid = posted.json()["report_id"]
    assert api.get(f"/reports/{rid}").json()["title"] == "Posted snippet: injected"
    binary = api.post("/reports", headers=KEY, files={"file": ("x.txt", bytes(range(256)))})
    assert binary.status_code == 422 and "x.txt" in binary.json()["detail"]
    assert api.post("/reports/text", headers=KEY, json={"text": ""}).status_code == 422
    api.delete(f"/reports/{rid}", headers=KEY)


def test_search_returns_evidence(api: httpx.Client) -> None:
    results = api.get("/search", params={"q": "missile cargo ship", "label": "Claim"}).json()["results"]
    assert len(results) == 3
    assert all(set(r) >= EVIDENCE_KEYS for r in results)


def test_entity_profile_and_relationships(api: httpx.Client) -> None:
    profile = api.get("/entities/ISIS-K").json()
    assert profile["entity"]["name"] == "Islamic State Khorasan Province"
    link = api.get("/relationships", params={"a": "Haqqani Network", "b": "Kabul"}).json()
    assert len(link["co_mentions"]["claims"]) == 4


def test_neighbourhood_for_drawing(api: httpx.Client) -> None:
    rid = report_id(url="https://example.org/prov/chain-2")
    sub = api.get(f"/graph/neighbourhood/{rid}", params={"depth": 2}).json()
    ids = {n["id"] for n in sub["nodes"]}
    assert rid in ids and report_id(url="https://example.org/prov/chain-1") in ids
    assert all("text" not in n for n in sub["nodes"] if n["label"] == "Report")


def test_reads_can_be_closed(tmp_path: object) -> None:
    store = EmbeddedStore(str(tmp_path))
    with LiveServer(store, Settings(api_key=API_KEY, read_key_required=True)) as server:
        assert httpx.get(f"{server.url}/graph/stats").status_code == 401
        assert httpx.get(f"{server.url}/graph/stats", headers=KEY).status_code == 200


def test_placeholder_keys_are_refused() -> None:
    with pytest.raises(SettingsError):
        Settings(api_key="changeme")
    with pytest.raises(SettingsError):
        Settings(read_key_required=True)


def test_export_streams_linked_data_and_refuses_bad_requests(api: httpx.Client) -> None:
    import rdflib

    rid = report_id(url="https://example.org/prov/chain-2")
    response = api.get("/export", params={"format": "nt", "report": rid})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    quotes = {str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/oa#exact"))}
    assert any(q.startswith("ISKP fighters attacked a market") for q in quotes)
    assert api.get("/export", params={"format": "ttl", "report": "rep:nope"}).status_code == 404
    assert api.get("/export", params={"format": "xml"}).status_code == 422
    assert api.get("/export", params={"claim": "a", "report": "b"}).status_code == 422
