"""The embedded store survives SIGKILL mid-ingest, torn and flipped bytes, and concurrent readers;
it refuses, with one line, what it cannot open safely; and it migrates the old format."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import GraphBatch, Node
from graph.schema import SchemaError
from graph.stores import journal
from graph.stores.base import StoreError
from graph.stores.embedded import DATABASE, CorruptRowError, EmbeddedStore
from graph.stores.integrity import check_store
from tests.builders import report_batch

ROOT = Path(__file__).resolve().parents[2]
CLAIMS_PER_REPORT = 40

WRITER = textwrap.dedent(f"""
    import sys
    from graph.model import Node, report_id
    from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
    from graph.stores.embedded import EmbeddedStore

    store = EmbeddedStore(sys.argv[1])
    sentence = "Al Qaeda moved fighters into Kunar province last spring. "
    for i in range(100000):
        text = f"Report {{i}}. " + sentence * {CLAIMS_PER_REPORT}
        url = f"https://example.org/r/{{i}}"
        report = Node("Report", report_id(url=url), {{"url": url, "text": text,
                      "sha256": sha256_hex(text), "stub": False}})
        builder = ReportBuilder(report, ingestion_node("t", sha256_hex(text), url))
        at = len(f"Report {{i}}. ")
        for _ in range({CLAIMS_PER_REPORT}):
            builder.claim(at, at + len(sentence) - 1, method="sentence", confidence=1.0,
                          hedged=False, sourced=False)
            at += len(sentence)
        store.write_batch(builder.build())
        print(i, flush=True)
""")


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def assert_whole(store: EmbeddedStore) -> int:
    """Every report has all its claims, every quote matches, every edge has both ends."""
    reports = store.find_nodes("Report", limit=10**9)
    for report in reports:
        claims = store.edges([report.id], ["MAKES"], "out")
        assert len(claims) == report.props["claim_count"] == CLAIMS_PER_REPORT
        nodes = store.get_nodes([e.target for e in claims])
        for claim in nodes.values():
            start, end = claim.props["start"], claim.props["end"]
            assert report.props["text"][start:end] == claim.props["quote"]
    counts = store.stats()
    assert counts["Claim"] == counts["MAKES"] == CLAIMS_PER_REPORT * counts["Report"]
    return len(reports)


def kill_mid_ingest(path: Path, after_reports: int, extra_delay: float) -> list[int]:
    """Start a writer, wait until it has committed some reports, then SIGKILL it mid-stream."""
    writer = spawn(WRITER, str(path))
    assert writer.stdout is not None
    printed = [int(writer.stdout.readline()) for _ in range(after_reports)]
    time.sleep(extra_delay)
    os.kill(writer.pid, signal.SIGKILL)
    out, err = writer.communicate()
    assert writer.returncode == -signal.SIGKILL, err
    return printed + [int(line) for line in out.split()]


def test_sigkill_mid_ingest_leaves_only_whole_reports(tmp_path: Path) -> None:
    path = tmp_path / "store"
    committed = 0
    for after, delay in ((2, 0.0), (3, 0.013), (1, 0.031), (4, 0.057)):
        printed = kill_mid_ingest(path, after, delay)
        store = EmbeddedStore(path)
        count = assert_whole(store)
        assert check_store(store).problems == []
        store.close()
        # each run rewrites reports 0, 1, 2, ... (idempotently): every report the writer saw
        # committed is there, and at most the one in flight when it was killed besides
        assert printed[-1] + 1 <= count <= max(committed, printed[-1] + 2)
        committed = count
    assert committed >= 4


READER = textwrap.dedent("""
    import sys, time
    from graph.stores.embedded import EmbeddedStore
    store = EmbeddedStore(sys.argv[1])
    seen = set()
    deadline = time.time() + float(sys.argv[2])
    while time.time() < deadline:
        counts = store.stats()
        if counts["Claim"] != int(sys.argv[3]) * counts["Report"]:
            print("HALF", counts, flush=True)
            sys.exit(1)
        seen.add(counts["Report"])
    print(len(seen), flush=True)
""")


def test_reader_in_another_process_never_sees_half_a_report(tmp_path: Path) -> None:
    path = tmp_path / "store"
    EmbeddedStore(path).close()
    reader = spawn(READER, str(path), "4", str(CLAIMS_PER_REPORT))
    writer = spawn(WRITER, str(path))
    out, err = reader.communicate(timeout=60)
    writer.kill()
    writer.communicate()
    assert reader.returncode == 0, out + err
    assert int(out.strip()) > 3  # the reader really saw the store grow


def three_reports(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    for name in "abc":
        store.write_batch(report_batch(f"https://example.org/{name}",
                                       f"Al Qaeda is in Afghanistan, report {name} says. More."))
    return store


def test_a_torn_write_ahead_log_loses_only_the_last_commit(tmp_path: Path) -> None:
    store = three_reports(tmp_path / "live")
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in (DATABASE, f"{DATABASE}-wal"):     # copied while open: the log is not folded in yet
        shutil.copy(tmp_path / "live" / name, copy / name)
    store.close()
    wal = copy / f"{DATABASE}-wal"
    wal.write_bytes(wal.read_bytes()[:-300])       # the last commit's frames cut short
    reopened = EmbeddedStore(copy)
    assert reopened.stats()["Report"] == 2
    assert check_store(reopened).problems == []


def flip_in_file(path: Path, marker: bytes) -> None:
    """Flip one bit in every copy of ``marker`` (the report's row and its claim's)."""
    data = bytearray(path.read_bytes())
    at = data.find(marker)
    assert at >= 0, marker
    while at >= 0:
        data[at] ^= 0x01
        at = data.find(marker, at + 1)
    path.write_bytes(bytes(data))


def test_a_changed_letter_in_a_report_is_refused_and_reported(tmp_path: Path) -> None:
    three_reports(tmp_path / "store").close()     # closing folds the log into the database file
    flip_in_file(tmp_path / "store" / DATABASE, b"report b says")
    store = EmbeddedStore(tmp_path / "store")
    assert store.stats()["Report"] == 3           # the other rows still read
    with pytest.raises(CorruptRowError, match="fails its checksum"):
        store.find_nodes("Report")
    report = check_store(store)
    assert len(report.problems) >= 1
    assert any("checksum" in p for p in report.problems)


def test_a_missing_database_with_its_log_left_is_refused(tmp_path: Path) -> None:
    store = three_reports(tmp_path / "live")
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(tmp_path / "live" / f"{DATABASE}-wal", copy / f"{DATABASE}-wal")
    store.close()
    with pytest.raises(StoreError, match="missing but its write-ahead log"):
        EmbeddedStore(copy)
    assert not (copy / DATABASE).exists()


def test_garbage_and_foreign_folders_are_refused_with_one_line(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / DATABASE).write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError, match="not a readable conflictkg store") as caught:
        EmbeddedStore(garbage)
    assert "\n" not in str(caught.value)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="refusing to create an empty store"):
        EmbeddedStore(foreign)


def test_a_store_of_another_format_is_refused(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "store").close()
    with sqlite3.connect(tmp_path / "store" / DATABASE) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'format'")
    with pytest.raises(StoreError, match=r"format 99.*re-ingest"):
        EmbeddedStore(tmp_path / "store")


def test_a_format_2_store_gets_its_word_index_rebuilt_with_labels(tmp_path: Path) -> None:
    three_reports(tmp_path / "store").close()
    with sqlite3.connect(tmp_path / "store" / DATABASE) as db:   # the word index as format 2 had it
        rows = db.execute("SELECT rowid, body FROM words").fetchall()
        db.execute("DROP TABLE words")
        db.execute("CREATE VIRTUAL TABLE words USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')")
        db.executemany("INSERT INTO words(rowid, body) VALUES (?, ?)", rows)
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    store = EmbeddedStore(tmp_path / "store")
    assert store.notices and "format 2 to 3" in store.notices[0]
    assert {h.node.label for h in store.search("qaeda")} == {"Claim", "Organisation"}
    assert [h.node.label for h in store.search("qaeda", ["Organisation"])] == ["Organisation"]
    assert len(store.search("afghanistan report", ["Claim"])) == 3
    store.close()
    assert EmbeddedStore(tmp_path / "store").notices == []      # upgraded once


def indexes(path: Path) -> set[str]:
    with sqlite3.connect(path / DATABASE) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_first_load_builds_the_reader_indexes_at_its_end(tmp_path: Path) -> None:
    from graph.stores.sql import DEFERRED_INDEXES

    store = EmbeddedStore(tmp_path / "store")
    seen: list[set[str]] = []

    def batches() -> Iterator[GraphBatch]:
        for name in "abc":
            seen.append(indexes(tmp_path / "store"))
            yield report_batch(f"https://example.org/{name}", f"Al Qaeda is in Afghanistan, {name} says.")

    store.write_batches(batches())
    assert not set(DEFERRED_INDEXES) & seen[-1]           # dropped while the empty store loaded
    assert set(DEFERRED_INDEXES) <= indexes(tmp_path / "store")
    store.write_batches([report_batch("https://example.org/d", "Al Qaeda is in Afghanistan, d says.")])
    assert set(DEFERRED_INDEXES) <= indexes(tmp_path / "store")   # a store with reports keeps them
    store.close()
    with sqlite3.connect(tmp_path / "store" / DATABASE) as db:    # as a crash mid-load leaves it
        for name in DEFERRED_INDEXES:
            db.execute(f"DROP INDEX {name}")
    reopened = EmbeddedStore(tmp_path / "store")
    assert set(DEFERRED_INDEXES) <= indexes(tmp_path / "store")
    assert len(reopened.search("qaeda", ["Claim"])) == 4
    reopened.close()


# ------------------------------------------------------------- the old format


def old_store(path: Path, reports: int = 3, delete_last: bool = True) -> list[bytes]:
    """A store in the first format: a snapshot with one report, then journal records."""
    path.mkdir()
    first = report_batch("https://example.org/r0", "Al Qaeda is in Afghanistan. Old snapshot.")
    snapshot_nodes = [[n.label, n.id, n.props] for n in first.nodes()]
    snapshot_edges = [[e.type, e.source, e.target, e.id, e.props] for e in first.edges]
    journal.write_snapshot(path, 1, snapshot_nodes, snapshot_edges)
    records = [journal.encode_record({"op": "batch", "batch": report_batch(
        f"https://example.org/r{i}", f"Al Qaeda trains in Afghanistan, report {i}. More.").to_dict()})
        for i in range(1, reports + 1)]
    if delete_last:
        records.append(journal.encode_record({"op": "delete_report", "report_id": first.report_id}))
    journal.journal_path(path, 1).write_bytes(b"".join(records))
    return records


def test_the_old_format_is_migrated_and_its_files_kept(tmp_path: Path) -> None:
    path = tmp_path / "store"
    old_store(path)
    store = EmbeddedStore(path)
    assert store.stats()["Report"] == 3 and store.stats()["Claim"] == 3
    assert any("migrated" in n for n in store.notices)
    assert (path / "legacy-format-1" / journal.SNAPSHOT).exists()
    assert not (path / journal.SNAPSHOT).exists()
    store.close()
    assert EmbeddedStore(path).stats()["Report"] == 3      # opened again: no second migration


def test_a_torn_last_record_is_left_out_of_the_migration_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "store"
    records = old_store(path, delete_last=False)
    log = journal.journal_path(path, 1)
    log.write_bytes(b"".join(records[:-1]) + records[-1][:-9])
    store = EmbeddedStore(path)
    assert store.stats()["Report"] == 3      # the snapshot's report and two whole records
    assert any("cut short" in n for n in store.notices)


def test_a_damaged_record_in_the_middle_stops_the_migration_and_destroys_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store"
    records = old_store(path, reports=5, delete_last=False)
    log = journal.journal_path(path, 1)
    damaged = bytearray(b"".join(records))
    damaged[len(records[0]) + 30] ^= 0x01            # a bit flip inside record 2 of 5
    log.write_bytes(bytes(damaged))
    before = {p.name: p.read_bytes() for p in path.iterdir()}
    with pytest.raises(StoreError, match="record 2 of 5 is damaged"):
        EmbeddedStore(path)
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before   # untouched, no store made
    with pytest.raises(StoreError, match="record 2 of 5"):
        EmbeddedStore(path)                                             # and it says so again


def test_a_garbage_old_snapshot_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.mkdir()
    (path / journal.SNAPSHOT).write_text("{not json")
    with pytest.raises(StoreError, match="cannot be read") as caught:
        EmbeddedStore(path)
    assert "\n" not in str(caught.value)
    assert not (path / DATABASE).exists()


def test_grouped_writes_keep_each_report_whole_and_visible_to_the_writer(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    other = EmbeddedStore(tmp_path / "store")       # another connection: sees only commits
    bad = report_batch("https://example.org/bad", "Al Qaeda is in Afghanistan. Bad.")
    bad.shared.append(Node("Organisation", "org:broken", {"name": 42, "resolved": True}))
    with store.grouped(reports=1000, seconds=1000):
        store.write_batch(report_batch("https://example.org/a", "Al Qaeda is in Afghanistan. A."))
        with pytest.raises(SchemaError):
            store.write_batch(bad)
        store.write_batch(report_batch("https://example.org/b", "Al Qaeda left Afghanistan. B."))
        assert store.stats()["Report"] == 2         # the writer reads its own reports
        assert other.stats()["Report"] == 0         # nobody else sees an uncommitted group
    assert other.stats()["Report"] == 2 and other.get_nodes(["org:broken"]) == {}
    with pytest.raises(RuntimeError), store.grouped():
        store.write_batch(report_batch("https://example.org/c", "Al Qaeda is in Afghanistan. C."))
        raise RuntimeError("the caller failed")
    assert other.stats()["Report"] == 3             # what was written before the failure stays
