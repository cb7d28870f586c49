"""What only the Neo4j adapter has: schema set-up, connection errors, transactions, Lucene.

These tests talk to the real local Neo4j (``neo4j_settings``) and, where they look
inside the database, use the official driver directly.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import neo4j
import pytest

from graph.model import GraphBatch, Node, report_id
from graph.schema import SCHEMA, SchemaError
from graph.settings import install
from graph.stores import cypher, open_store
from graph.stores.base import PreparedBatch, StoreError
from graph.stores.neo4j_store import (
    Neo4jStore,
    WriteChunk,
    chunked,
    settings_from_url,
)
from tests.builders import AQ, report_batch
from tests.conftest import make_neo4j_store

URL_A = "https://example.org/a"
URL_B = "https://example.org/b"
TEXT = "Al Qaeda is regrouping in Afghanistan. A second sentence follows."
CONFLICTKG = [sys.executable, "-c", "from api.cli import main; main()"]
FAST = 10.0   # seconds within which a connection problem must be reported


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def store(neo4j_settings: dict[str, str]) -> Iterator[Neo4jStore]:
    """Only the Neo4j adapter here (the conformance suite covers both)."""
    graph = make_neo4j_store(neo4j_settings)
    assert isinstance(graph, Neo4jStore)
    try:
        yield graph
    finally:
        graph.close()


@pytest.fixture
def driver(neo4j_settings: dict[str, str]) -> Iterator[neo4j.Driver]:
    """The official driver on the same server, to look inside the database."""
    auth = (neo4j_settings.get("NEO4J_USER") or "neo4j", neo4j_settings["NEO4J_PASSWORD"])
    with neo4j.GraphDatabase.driver(neo4j_settings["NEO4J_URI"], auth=auth) as raw:
        yield raw


@pytest.fixture
def reset_login_failures(neo4j_settings: dict[str, str]) -> Iterator[None]:
    """Log in correctly afterwards: Neo4j locks a user out after repeated failures."""
    yield
    make_neo4j_store(neo4j_settings).close()


# --------------------------------------------------------------- settings


def test_settings_come_from_the_url_before_the_environment() -> None:
    env = {"NEO4J_USER": "env-user", "NEO4J_PASSWORD": "env-pass", "NEO4J_DATABASE": "envdb"}
    s = settings_from_url("bolt://alice:s%40cret@db.example:7688/graph", env)
    assert (s.uri, s.user, s.password, s.database) == (
        "bolt://db.example:7688", "alice", "s@cret", "graph")
    s = settings_from_url("neo4j://db.example:7687", env)
    assert (s.uri, s.user, s.password, s.database) == (
        "neo4j://db.example:7687", "env-user", "env-pass", "envdb")
    s = settings_from_url("bolt://127.0.0.1:7687", {})
    assert (s.user, s.password, s.database) == ("neo4j", None, None)


@pytest.mark.parametrize("url", ["http://db.example:7687", "bolt://", "bolt://host:notaport"])
def test_bad_urls_are_refused_with_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        settings_from_url(url, {})


# ----------------------------------------------------------------- errors


def test_unreachable_server_fails_fast_with_one_line() -> None:
    url = f"bolt://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    with pytest.raises(StoreError) as failure:
        Neo4jStore.from_url(url)
    assert time.monotonic() - started < FAST
    message = str(failure.value)
    assert "\n" not in message and url in message and "cannot reach" in message


@pytest.mark.neo4j
@pytest.mark.usefixtures("reset_login_failures")
def test_wrong_password_fails_fast_without_echoing_it(neo4j_settings: dict[str, str]) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as failure:
        Neo4jStore.connect(neo4j_settings["NEO4J_URI"], "neo4j", "not-the-password-42")
    assert time.monotonic() - started < FAST
    message = str(failure.value)
    assert "\n" not in message and "credentials" in message
    assert "not-the-password-42" not in message


def run_cli(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run([*CONFLICTKG, *args], capture_output=True, text=True,
                            timeout=60, check=False, env={"PATH": "/usr/bin:/bin"})
    return result, time.monotonic() - started


def test_cli_reports_an_unreachable_server_in_one_line() -> None:
    result, seconds = run_cli("stats", "--store", f"bolt://127.0.0.1:{closed_port()}")
    assert result.returncode != 0 and seconds < FAST
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot reach Neo4j" in result.stderr


@pytest.mark.neo4j
@pytest.mark.usefixtures("reset_login_failures")
def test_cli_reports_a_wrong_password_in_one_line(neo4j_settings: dict[str, str]) -> None:
    host = neo4j_settings["NEO4J_URI"].split("://", 1)[1]
    result, seconds = run_cli("stats", "--store", f"bolt://neo4j:wrong-pass-77@{host}")
    assert result.returncode != 0 and seconds < FAST
    assert len(result.stderr.strip().splitlines()) == 1
    assert "credentials" in result.stderr and "wrong-pass-77" not in result.stderr


# ------------------------------------------------------- schema and indexes


def schema_objects(driver: neo4j.Driver) -> tuple[set[tuple[str, str]], dict[str, object]]:
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties[0] AS prop")
    constraints = {(r["label"], r["prop"]) for r in records}
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, state RETURN *")
    return constraints, {r["name"]: (r["type"], r["state"]) for r in records}


@pytest.mark.neo4j
def test_constraints_and_indexes_come_from_the_schema_idempotently(
        store: Neo4jStore, driver: neo4j.Driver, neo4j_settings: dict[str, str]) -> None:
    constraints, indexes = schema_objects(driver)
    assert {(label, "id") for label in SCHEMA.nodes} <= constraints
    assert indexes[cypher.search_index_name()] == ("FULLTEXT", "ONLINE")
    make_neo4j_store(neo4j_settings).close()          # connecting again changes nothing
    assert schema_objects(driver) == (constraints, indexes)
    records, _, _ = driver.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties WHERE name = $name "
        "RETURN labelsOrTypes, properties", name=cypher.search_index_name())
    searchable = {label for label, node in SCHEMA.nodes.items() if node.search}
    assert set(records[0]["labelsOrTypes"]) == searchable
    assert records[0]["properties"] == [cypher.SEARCH_WORDS]


@pytest.mark.neo4j
def test_search_runs_through_the_full_text_index(store: Neo4jStore, driver: neo4j.Driver) -> None:
    store.write_batch(report_batch(URL_A, TEXT))
    records, _, _ = driver.execute_query(
        "CALL db.index.fulltext.queryNodes($index, $query) YIELD node RETURN node.id AS id",
        index=cypher.search_index_name(), query='+"qaeda"')
    assert AQ in {r["id"] for r in records}
    _, summary, _ = driver.execute_query(
        "EXPLAIN " + cypher.search(), index=cypher.search_index_name(), lucene='+"x"',
        words=["x"], labels=None, limit=1)
    operators = plan_operators(summary.plan)
    assert any(op.startswith("ProcedureCall") for op in operators)
    assert not any("Scan" in op for op in operators), operators


def plan_operators(plan: object) -> list[str]:
    """Operator names of an EXPLAIN plan (the driver gives nested dicts)."""
    assert isinstance(plan, dict)
    names = [str(plan["operatorType"])]
    for child in plan.get("children", []):
        names += plan_operators(child)
    return names


# -------------------------------------------------------------- transactions


@pytest.fixture
def unique_org_names(driver: neo4j.Driver) -> Iterator[None]:
    """A constraint the adapter does not know, so that a write fails inside Neo4j."""
    driver.execute_query("CREATE CONSTRAINT test_org_name IF NOT EXISTS "
                         "FOR (n:Organisation) REQUIRE n.name IS UNIQUE")
    try:
        yield
    finally:
        driver.execute_query("DROP CONSTRAINT test_org_name IF EXISTS")


@pytest.mark.neo4j
@pytest.mark.usefixtures("unique_org_names")
def test_a_write_failing_inside_neo4j_leaves_nothing_of_that_report(
        store: Neo4jStore, driver: neo4j.Driver) -> None:
    driver.execute_query("CREATE (:Organisation {id: 'org:other', name: 'Al Qaeda', resolved: true})")
    before = store.stats()
    with pytest.raises(StoreError) as failure:
        store.write_batch(report_batch(URL_A, TEXT))
    assert report_id(url=URL_A) in str(failure.value) and "\n" not in str(failure.value)
    assert store.stats() == before
    assert store.get_nodes([report_id(url=URL_A)]) == {}


def without_al_qaeda(url: str) -> GraphBatch:
    """A report that names no organisation (so the name constraint cannot fail it)."""
    batch = report_batch(url, TEXT)
    batch.shared = [n for n in batch.shared if n.id != AQ]
    batch.edges = [e for e in batch.edges if e.target != AQ]
    return batch


@pytest.mark.neo4j
@pytest.mark.usefixtures("unique_org_names")
def test_bulk_writes_stop_at_the_failing_report_and_keep_the_ones_before(
        store: Neo4jStore, driver: neo4j.Driver) -> None:
    driver.execute_query("CREATE (:Organisation {id: 'org:other', name: 'Al Qaeda', resolved: true})")
    first, bad, last = (without_al_qaeda("https://example.org/first"), report_batch(URL_A, TEXT),
                        without_al_qaeda("https://example.org/last"))
    assert len(list(chunked([first, bad, last], store.chunk_rows))) == 1   # one transaction
    with pytest.raises(StoreError):
        store.write_batches([first, bad, last])
    found = store.get_nodes([first.report_id, bad.report_id, last.report_id])
    assert set(found) == {first.report_id}


@pytest.mark.neo4j
def test_values_never_become_cypher(store: Neo4jStore) -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //`"
    batch = report_batch(URL_A, TEXT, title=hostile)
    batch.shared.append(Node("Person", "per:`evil`) DETACH DELETE (n", {"name": hostile}))
    store.write_batch(batch)
    assert store.get_nodes([batch.report_id])[batch.report_id].props["title"] == hostile
    assert store.find_nodes("Person", {"name": hostile})[0].id == "per:`evil`) DETACH DELETE (n"
    assert store.stats()["Claim"] == 1


def test_cypher_builders_refuse_names_outside_the_schema() -> None:
    with pytest.raises(SchemaError):
        cypher.label("Report) DETACH DELETE (n")
    with pytest.raises(SchemaError):
        cypher.rel_type("KNOWS")
    with pytest.raises(SchemaError):
        cypher.find_nodes("Nope")
    assert cypher.label("Report") == "`Report`"


# ------------------------------------------------------------------ chunking


def test_bulk_writes_group_reports_but_never_two_versions_of_one() -> None:
    a1, b, a2 = (report_batch(URL_A, TEXT), report_batch(URL_B, "Al Qaeda is in Afghanistan. More."),
                 report_batch(URL_A, "Al Qaeda left Afghanistan. Then."))
    chunks = [c for c in chunked([a1, b, a2], max_rows=10_000) if isinstance(c, WriteChunk)]
    assert [[p.report_id for p in c.batches] for c in chunks] == [
        [a1.report_id, b.report_id], [a2.report_id]]


def test_an_invalid_batch_ends_the_bulk_stream_after_the_good_ones() -> None:
    bad = report_batch(URL_B, "Al Qaeda is in Afghanistan. More.")
    bad.shared.append(Node("Organisation", "org:broken", {"name": 42, "resolved": True}))
    items = list(chunked([report_batch(URL_A, TEXT), bad, report_batch(URL_A, TEXT)], 10_000))
    assert isinstance(items[0], WriteChunk) and len(items[0].batches) == 1
    assert isinstance(items[1], SchemaError) and len(items) == 2


def test_a_chunk_refuses_a_batch_that_starts_relationships_at_one_of_its_reports() -> None:
    chunk = WriteChunk()
    chunk.add(PreparedBatch.of(report_batch(URL_A, TEXT)))
    citing = report_batch(URL_B, "Al Qaeda is in Afghanistan. More.", cites=URL_A)
    assert chunk.accepts(PreparedBatch.of(citing))          # citing A is fine
    backwards = report_batch(URL_B, "Al Qaeda is in Afghanistan. More.", cites=URL_A)
    cites = next(e for e in backwards.edges if e.type == "CITES")
    cites.source, cites.target = report_id(url=URL_A), backwards.report_id
    assert not chunk.accepts(PreparedBatch.of(backwards))


@pytest.mark.neo4j
def test_open_store_reads_credentials_from_the_environment(
        neo4j_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.get("NEO4J_USER") or "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings["NEO4J_PASSWORD"])
    install(None)   # read the settings again, as a new process would
    graph = open_store(neo4j_settings["NEO4J_URI"])
    try:
        assert isinstance(graph, Neo4jStore)
        assert set(graph.stats()) == {*SCHEMA.nodes, *SCHEMA.relationships}
    finally:
        graph.close()
