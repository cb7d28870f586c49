"""POST /cypher against the real Neo4j: pure reads run; everything else is refused;
the server's timeout and memory limit really stop a runaway query."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import neo4j
import pytest

from api.settings import Settings
from graph.errors import ConflictKGError
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j_store import Neo4jStore
from loaders.ingest import ingest_paths
from tests.api.conftest import API_KEY, LiveServer
from tests.conftest import FIXTURES, make_neo4j_store

KEY = {"X-API-Key": API_KEY}
TIMEOUT_S = 2.0
pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def neo4j_api(neo4j_settings: dict[str, str]) -> Iterator[httpx.Client]:
    store = make_neo4j_store(neo4j_settings)
    assert not ingest_paths(store, [FIXTURES / "provenance"]).failed
    settings = Settings(api_key=API_KEY, cypher_timeout_s=TIMEOUT_S, cypher_row_limit=5)
    with LiveServer(store, settings) as server, \
            httpx.Client(base_url=server.url, timeout=60, headers=KEY) as client:
        yield client
    store.close()


def cypher(client: httpx.Client, query: str, **params: object) -> httpx.Response:
    return client.post("/cypher", json={"query": query, "params": params})


def other_queries(settings: dict[str, str]) -> list[str]:
    """Queries still running on the server, other than the one asking."""
    auth = (settings.get("NEO4J_USER", "neo4j"), settings["NEO4J_PASSWORD"])
    with neo4j.GraphDatabase.driver(settings["NEO4J_URI"], auth=auth) as driver:
        records, _, _ = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
    return [r["currentQuery"] for r in records if "SHOW TRANSACTIONS" not in r["currentQuery"]]


def test_a_read_query_answers_json_rows(neo4j_api: httpx.Client) -> None:
    answer = cypher(neo4j_api, "MATCH (r:Report) WHERE r.url = $url RETURN r, date(r.published) AS day",
                    url="https://example.org/prov/chain-2")
    assert answer.status_code == 200, answer.text
    (row,) = answer.json()["rows"]
    assert row["r"]["labels"] == ["Report"] and row["r"]["properties"]["url"].endswith("chain-2")
    assert isinstance(row["day"], str)
    assert "_search_words" not in row["r"]["properties"]


def test_rows_are_cut_at_the_row_limit(neo4j_api: httpx.Client) -> None:
    body = cypher(neo4j_api, "MATCH (c:Claim) RETURN c.id AS id").json()
    assert len(body["rows"]) == 5 and body["truncated"] is True and body["row_limit"] == 5


def test_allowed_procedures_run(neo4j_api: httpx.Client) -> None:
    rows = cypher(neo4j_api, "CALL db.labels() YIELD label RETURN label").json()["rows"]
    assert "Report" in {r["label"] for r in rows}


@pytest.mark.parametrize(("query", "reason"), [
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LoadCSV"),
    ("LOAD CSV FROM 'http://127.0.0.1:9/' AS line RETURN line", "LoadCSV"),
    ("SHOW USERS", "only read queries"),
    ("SHOW TRANSACTIONS", "ShowTransactions"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TerminateTransactions"),
    ("CALL db.clearQueryCaches()", "only read queries"),
    ("CALL dbms.listConfig()", "only read queries"),
    ("CALL dbms.components() YIELD name RETURN name", "only read queries"),
    ("CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data", "procedure db.stats.retrieve"),
    ("SHOW PROCEDURES", "ShowProcedures"),
    ("CREATE (n:Report {id: 'x'}) RETURN n", "only read queries"),
    ("MATCH (r:Report) SET r.title = 'changed'", "only read queries"),
    ("MATCH (r:Report) DETACH DELETE r", "only read queries"),
    ("RETURN reduce(s = '', x IN range(1, 10) | s + 'x') AS s", "reduce()"),
    ("RETURN size([x IN range(1, 100000000000) | x]) AS n", "range() calls would make"),
    ("UNWIND range(1, $n) AS x RETURN count(x)", "not an integer"),
])
def test_anything_but_a_pure_read_is_refused(neo4j_api: httpx.Client, query: str, reason: str) -> None:
    answer = cypher(neo4j_api, query)
    assert answer.status_code == 403, answer.text
    assert reason in answer.json()["detail"]


def test_the_graph_is_unchanged_after_the_refusals(neo4j_api: httpx.Client) -> None:
    titles = cypher(neo4j_api, "MATCH (r:Report) WHERE r.title = 'changed' RETURN count(r) AS n").json()
    assert titles["rows"] == [{"n": 0}]


def test_a_syntax_error_is_422(neo4j_api: httpx.Client) -> None:
    answer = cypher(neo4j_api, "MATCH (n RETURN n")
    assert answer.status_code == 422 and "query not valid" in answer.json()["detail"]


def test_a_runaway_query_is_stopped_at_the_timeout(neo4j_api: httpx.Client,
                                                   neo4j_settings: dict[str, str]) -> None:
    started = time.perf_counter()
    answer = cypher(neo4j_api, "UNWIND $xs AS a UNWIND $xs AS b UNWIND $xs AS c RETURN count(*) AS n",
                    xs=list(range(2000)))
    assert answer.status_code == 503 and "time limit" in answer.json()["detail"]
    assert time.perf_counter() - started < 4 * TIMEOUT_S + 5
    time.sleep(0.5)
    assert other_queries(neo4j_settings) == []  # nothing keeps running on the server


def test_a_query_past_the_memory_limit_is_stopped(neo4j_settings: dict[str, str]) -> None:
    store = make_neo4j_store_view(neo4j_settings)
    with LiveServer(store, Settings(api_key=API_KEY, cypher_timeout_s=60)) as server:
        answer = httpx.post(f"{server.url}/cypher", headers=KEY, timeout=90, json={
            "query": "UNWIND $xs AS a UNWIND $xs AS b WITH collect(toString(a) + $pad) AS got "
                     "RETURN size(got) AS n",
            "params": {"xs": list(range(1000)), "pad": "x" * 16384}})
    store.close()
    assert answer.status_code == 503, answer.text
    assert "memory" in answer.json()["detail"]


def test_queries_can_run_as_a_separate_user(neo4j_api: httpx.Client, neo4j_settings: dict[str, str]) -> None:
    """On Community that user has the same rights (no roles there); on Enterprise it is a reader."""
    auth = (neo4j_settings.get("NEO4J_USER", "neo4j"), neo4j_settings["NEO4J_PASSWORD"])
    with neo4j.GraphDatabase.driver(neo4j_settings["NEO4J_URI"], auth=auth) as driver:
        driver.execute_query("CREATE OR REPLACE USER researcher SET PASSWORD 'reader-pass-0123' "
                             "CHANGE NOT REQUIRED", database_="system")
    store = make_neo4j_store_view(neo4j_settings)
    for password, status in (("reader-pass-0123", 200), ("wrong-password-0", 503)):
        settings = Settings(api_key=API_KEY, cypher_user="researcher", cypher_password=password)
        with LiveServer(store, settings) as server:
            answer = httpx.post(f"{server.url}/cypher", json={"query": "RETURN 1 AS one"}, headers=KEY)
        assert answer.status_code == status, answer.text
    assert "Cypher user 'researcher'" in answer.json()["detail"]
    store.close()


def make_neo4j_store_view(settings: dict[str, str]) -> Neo4jStore:
    """A second connection to the test database, without emptying it."""
    return Neo4jStore.connect(settings["NEO4J_URI"], settings.get("NEO4J_USER", "neo4j"),
                              settings["NEO4J_PASSWORD"])


def test_cypher_needs_the_key(neo4j_api: httpx.Client) -> None:
    answer = httpx.post(f"{neo4j_api.base_url}/cypher", json={"query": "RETURN 1"})
    assert answer.status_code == 401


def test_the_embedded_store_has_no_cypher_route(tmp_path: Path) -> None:
    with LiveServer(EmbeddedStore(tmp_path / "s"), Settings(api_key=API_KEY)) as server:
        answer = httpx.post(f"{server.url}/cypher", json={"query": "RETURN 1"}, headers=KEY)
        documented = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    assert answer.status_code == 404
    assert "/cypher" not in documented


def test_a_write_the_checks_miss_is_still_refused_by_the_read_session(
        neo4j_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Two locks on one door: with the text and plan checks switched off, the read-access
    session itself refuses a write, and nothing is written."""
    from graph.stores import read_query

    monkeypatch.setattr(read_query, "check_text", lambda query, params: None)
    monkeypatch.setattr(read_query, "check_plan", lambda summary: None)
    auth = (neo4j_settings.get("NEO4J_USER") or "neo4j", neo4j_settings["NEO4J_PASSWORD"])
    with neo4j.GraphDatabase.driver(neo4j_settings["NEO4J_URI"], auth=auth) as driver:
        with pytest.raises(ConflictKGError):
            read_query.run_read_query(driver, None, "CREATE (p:WriteProbe) RETURN p", {}, TIMEOUT_S, 5)
        records, _, _ = driver.execute_query("MATCH (p:WriteProbe) RETURN count(p) AS n")
    assert records[0]["n"] == 0
