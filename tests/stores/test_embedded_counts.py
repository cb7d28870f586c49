"""Store format 4 and later: the counts behind ``stats()`` are kept by the writer (inserts) and by
triggers (deletes), so they must equal what the tables hold after every kind of write:
first loads, grouped ingests, re-ingests that replace a report, stubs upgraded and
demoted, deletes that keep shared nodes, and a format-3 store upgraded on opening."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph.model import GraphBatch, report_id
from graph.stores import sql
from graph.stores.embedded import DATABASE, EmbeddedStore
from loaders.ingest import ingest_paths
from tests.builders import AQ, report_batch
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "reports"
URL_A, URL_B, URL_C = (f"https://example.org/{name}" for name in "abc")
TEXT_A = "Al Qaeda is regrouping in Afghanistan. A second sentence follows."
TEXT_B = "Al Qaeda trains fighters in Afghanistan, the brief says. More text."
TEXT_C = "Al Qaeda recruits in Afghanistan, officials said. The end."

# Format 3 counted inserts with these triggers (graph/stores/sql.py before format 4).
FORMAT_3_TRIGGERS = [
    "CREATE TRIGGER nodes_added AFTER INSERT ON nodes BEGIN INSERT INTO counts(name, n) "
    "VALUES (new.label, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER edges_added AFTER INSERT ON edges BEGIN INSERT INTO counts(name, n) "
    "VALUES (new.type, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1; END",
]


def counted(path: Path) -> dict[str, int]:
    """What the tables hold: SELECT count(*) per label and per relationship type."""
    with sqlite3.connect(path / DATABASE) as db:
        rows = [*db.execute("SELECT label, count(*) FROM nodes GROUP BY label"),
                *db.execute("SELECT type, count(*) FROM edges GROUP BY type")]
    return dict(rows)


def assert_counts_true(store: EmbeddedStore) -> dict[str, int]:
    """stats() equals the tables, label by label and type by type (zeros included)."""
    stats = store.stats()
    truth = counted(store.root)
    assert {k: v for k, v in stats.items() if v} == truth
    assert set(truth) <= set(stats)
    return stats


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    return EmbeddedStore(tmp_path / "store")


def test_counts_after_first_load_grouped_and_single_writes(store: EmbeddedStore) -> None:
    store.write_batches([report_batch(URL_A, TEXT_A, cites=URL_B), report_batch(URL_C, TEXT_C)])
    assert_counts_true(store)                      # a first load (deferred indexes)
    with store.grouped(reports=1000, seconds=1000):
        store.write_batch(report_batch(URL_B, TEXT_B, title="Report B", cites=URL_C))
        store.write_batch(report_batch(URL_B, TEXT_B, title="Report B", cites=URL_C))
    stats = assert_counts_true(store)
    assert stats["Report"] == 3 and stats["CITES"] == 2 and stats["Organisation"] == 1


def test_counts_after_re_ingest_that_replaces_and_upgrades_a_stub(store: EmbeddedStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    before = assert_counts_true(store)
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))          # the same again
    assert assert_counts_true(store) == before
    store.write_batch(report_batch(URL_A, "Al Qaeda left Afghanistan quietly. Then more."))
    stats = assert_counts_true(store)                                      # claims replaced
    assert stats["Claim"] == 1 and stats["CITES"] == 0 and stats["Report"] == 2
    store.write_batch(report_batch(URL_B, TEXT_B, title="Report B"))      # the stub made whole
    assert assert_counts_true(store)["Report"] == 2
    with store.grouped(reports=1000, seconds=1000):                       # replaced inside a group
        store.write_batches([report_batch(URL_B, TEXT_C, title="Report B"),
                             report_batch(URL_B, TEXT_B, title="Report B")])
    assert assert_counts_true(store)["Claim"] == 2


def test_counts_after_deletes_with_stub_demotion_and_shared_nodes(store: EmbeddedStore) -> None:
    store.write_batches([report_batch(URL_B, TEXT_B, title="Report B"),
                         report_batch(URL_A, TEXT_A, cites=URL_B), report_batch(URL_C, TEXT_C)])
    assert_counts_true(store)
    assert store.delete_report(report_id(url=URL_B))       # cited by A: demoted to a stub
    stats = assert_counts_true(store)
    assert stats["Report"] == 3 and stats["Claim"] == 2
    assert store.get_nodes([report_id(url=URL_B)])[report_id(url=URL_B)].props["stub"] is True
    assert store.delete_report(report_id(url=URL_A))       # the stub goes with its last citer
    stats = assert_counts_true(store)
    assert stats["Report"] == 1 and AQ in store.get_nodes([AQ])   # shared with C: kept
    assert store.delete_report(report_id(url=URL_C))
    assert sum(assert_counts_true(store).values()) == 0
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))   # and it counts again from zero
    assert_counts_true(store)


def test_counts_after_ingesting_real_reports_again_and_deleting_them(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    summary = ingest_paths(store, [EXAMPLES])
    assert not summary.failed and len(summary.succeeded) >= 6
    first = assert_counts_true(store)
    assert first["REPUBLISHES"] >= 1 and first["CITES"] >= 1      # copies and citations
    ingest_paths(store, [EXAMPLES], workers=2)                    # re-ingest: every report replaced
    assert assert_counts_true(store) == first
    for outcome in summary.succeeded:
        assert outcome.report_id and store.delete_report(outcome.report_id)
        assert_counts_true(store)
    assert sum(store.stats().values()) == 0


def test_the_migrated_first_format_counts_what_it_holds(tmp_path: Path) -> None:
    from tests.stores.test_embedded_durability import old_store

    old_store(tmp_path / "store")
    store = EmbeddedStore(tmp_path / "store")
    assert any("migrated" in n for n in store.notices)
    assert assert_counts_true(store)["Report"] == 3


# ------------------------------------------------------------------- format 3


def make_format_4(path: Path, batches: list[GraphBatch] | None = None) -> dict[str, int]:
    """A format-4 store: reports written (by default two), then the claim index's link
    kinds and its index by claim (new in 5) dropped and the format set to 4. Its counts
    are returned."""
    store = EmbeddedStore(path)
    store.write_batches(batches or [report_batch(URL_B, TEXT_B, title="Report B"),
                                    report_batch(URL_A, TEXT_A, cites=URL_B)])
    stats = assert_counts_true(store)
    store.close()
    with sqlite3.connect(path / DATABASE) as db:
        db.execute("DROP INDEX claim_index_by_claim")
        db.execute("ALTER TABLE claim_index DROP COLUMN kind")
        db.execute("UPDATE meta SET value = '4' WHERE key = 'format'")
    return stats


def make_format_3(path: Path) -> dict[str, int]:
    """A format-3 store: a format-4 store with the insert-counting triggers put back, the
    issuing-family index (new in 4) dropped and the format set to 3. Its counts are what
    format 3 kept (right, by its triggers); they are returned."""
    stats = make_format_4(path)
    with sqlite3.connect(path / DATABASE) as db:
        for statement in FORMAT_3_TRIGGERS:
            db.execute(statement)
        db.execute("DROP INDEX nodes_Report_issuer_root")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'format'")
    return stats


def triggers_and_indexes(path: Path) -> set[str]:
    with sqlite3.connect(path / DATABASE) as db:
        return {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")}


def stored_format(path: Path) -> str:
    with sqlite3.connect(path / DATABASE) as db:
        return str(db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0])


def test_a_format_3_store_is_upgraded_on_opening_with_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "store"
    old_counts = make_format_3(path)
    with sqlite3.connect(path / DATABASE) as db:          # format 3 as built: triggers count
        db.execute("INSERT INTO nodes(id, label, props, crc) VALUES ('x', 'Person', '{}', 0)")
        db.execute("DELETE FROM nodes WHERE id = 'x'")
    store = EmbeddedStore(path)
    assert store.notices == [f"{path / DATABASE}: upgraded from store format 3 to 4",
                             f"{path / DATABASE}: upgraded from store format 4 to 5 (claim index by claim)"]
    assert stored_format(path) == "5"
    names = triggers_and_indexes(path)
    assert not {"nodes_added", "edges_added"} & names
    assert {"nodes_removed", "edges_removed", "nodes_Report_issuer_root"} <= names
    assert assert_counts_true(store) == old_counts         # the counts format 3 kept are kept
    store.write_batch(report_batch(URL_C, TEXT_C))         # new inserts counted once, not twice
    assert assert_counts_true(store)["Report"] == 3
    assert store.delete_report(report_id(url=URL_A))
    assert_counts_true(store)
    store.close()
    assert EmbeddedStore(path).notices == []               # upgraded once


def test_a_format_2_store_is_upgraded_through_3_and_4_to_5(tmp_path: Path) -> None:
    path = tmp_path / "store"
    make_format_3(path)
    with sqlite3.connect(path / DATABASE) as db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    store = EmbeddedStore(path)
    assert [n.split(": ", 1)[1] for n in store.notices] == [
        f"upgraded from store format {sql.UPGRADABLE} to 3 (word index rebuilt)",
        "upgraded from store format 3 to 4", "upgraded from store format 4 to 5 (claim index by claim)"]
    store.write_batch(report_batch(URL_C, TEXT_C))
    assert assert_counts_true(store)["Report"] == 3


# ------------------------------------------------------------------- format 4


def test_a_format_4_store_gets_its_link_kinds_and_claim_index_by_claim(tmp_path: Path) -> None:
    """Format 5's claim index says which kind of link each row is, so the profile reads a
    claim's mentions from it: an upgraded store holds every row's kind as its relationship
    says, and answers as a store written in format 5 does."""
    from tests.analysis.graphs import batch, eid, sourcing

    written, upgraded = tmp_path / "written", tmp_path / "upgraded"
    fresh = EmbeddedStore(written)
    fresh.write_batches([batch(doc) for doc in sourcing()])
    make_format_4(upgraded, [batch(doc) for doc in sourcing()])
    store = EmbeddedStore(upgraded)
    assert store.notices == [
        f"{upgraded / DATABASE}: upgraded from store format 4 to 5 (claim index by claim)"]
    assert stored_format(upgraded) == "5" and "claim_index_by_claim" in triggers_and_indexes(upgraded)
    with sqlite3.connect(upgraded / DATABASE) as db:
        kinds = db.execute("SELECT ci.kind, e.type FROM claim_index ci JOIN edges e "
                           "ON e.source = ci.claim AND e.id = ci.edge").fetchall()
    assert {"SUBJECT", "OBJECT", "MENTIONS"} <= {kind for kind, _ in kinds}
    assert all(kind == rel for kind, rel in kinds)
    for entity in (eid("Omega"), eid("Sigma"), eid("Kunar")):
        assert store.claim_summary([entity]) == fresh.claim_summary([entity])
    assert store.claim_links(["Organisation", "Region"]) == fresh.claim_links(["Organisation", "Region"])
    store.close()
    assert EmbeddedStore(upgraded).notices == []            # upgraded once
