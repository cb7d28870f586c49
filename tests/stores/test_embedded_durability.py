"""The embedded store survives SIGKILL mid-ingest, torn journal lines and concurrent readers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from graph.stores import journal
from graph.stores.embedded import EmbeddedStore
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
        count = assert_whole(EmbeddedStore(path))
        # each run rewrites reports 0, 1, 2, ... (idempotently): every report the writer saw
        # committed is there, and at most the one in flight when it was killed besides
        assert printed[-1] + 1 <= count <= max(committed, printed[-1] + 2)
        committed = count
    assert committed >= 4


def test_torn_journal_tail_is_ignored_then_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store.write_batch(report_batch("https://example.org/a", "Al Qaeda is in Afghanistan. More."))
    before = store.stats()
    log = journal.journal_path(path, 0)
    whole = log.read_bytes()
    torn = journal.encode_record({"op": "delete_report", "report_id": "rep:x"})[:-7]
    log.write_bytes(whole + torn)
    reopened = EmbeddedStore(path)
    assert reopened.stats() == before
    reopened.write_batch(report_batch("https://example.org/b", "Al Qaeda left Afghanistan. More."))
    assert EmbeddedStore(path).stats()["Report"] == 2
    assert torn not in log.read_bytes()


def test_corrupt_record_is_not_applied(tmp_path: Path) -> None:
    path = tmp_path / "store"
    EmbeddedStore(path).write_batch(report_batch("https://example.org/a", "Al Qaeda is in Afghanistan."))
    log = journal.journal_path(path, 0)
    data = bytearray(log.read_bytes())
    data[20] ^= 0x01  # flip one bit inside the only record: its checksum no longer matches
    log.write_bytes(bytes(data))
    assert sum(EmbeddedStore(path).stats().values()) == 0


def test_compaction_keeps_the_graph_and_resets_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path, compact_after=1)
    for i in range(3):
        store.write_batch(report_batch(f"https://example.org/{i}", "Al Qaeda is in Afghanistan."))
    assert journal.current_generation(path) == 3
    assert journal.journal_path(path, 3).stat().st_size == 0
    assert len(list(path.glob("journal-*.log"))) == 1
    assert EmbeddedStore(path).stats() == store.stats()


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
    EmbeddedStore(path)
    reader = spawn(READER, str(path), "4", str(CLAIMS_PER_REPORT))
    writer = spawn(WRITER, str(path))
    out, err = reader.communicate(timeout=60)
    writer.kill()
    writer.communicate()
    assert reader.returncode == 0, out + err
    assert int(out.strip()) > 3  # the reader really saw the store grow
