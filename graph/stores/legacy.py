"""Migration from the first embedded format (a JSON snapshot and a checksummed journal).

The old files are read once, checked, and written into the SQLite store in one
transaction; then they are moved, untouched, into ``legacy-format-1/`` beside it, so
nothing is ever destroyed. A torn last journal line (a crash while writing it) is told
apart from damage in the middle: the torn tail is left out with a notice, while a
damaged record followed by whole ones stops the migration with one line naming the
record, because applying the records around it would silently lose data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.model import Edge, GraphBatch, Node
from graph.stores import journal
from graph.stores.base import PreparedBatch, StoreError, delete_report_with

if TYPE_CHECKING:
    from graph.stores.embedded import EmbeddedStore

FILE_NAMES = {"writer.lock", journal.SNAPSHOT, f"{journal.SNAPSHOT}.tmp", "store.db-shm",
              "legacy-format-1"}
JOURNAL_NAME = re.compile(r"^journal-\d{6}\.log$")
ARCHIVE = "legacy-format-1"


def is_legacy_file(name: str) -> bool:
    """A journal file of the old format."""
    return bool(JOURNAL_NAME.match(name))


def present(root: Path) -> bool:
    """Whether ``root`` holds a store in the old format."""
    return (root / journal.SNAPSHOT).exists() or any(is_legacy_file(p.name) for p in root.iterdir())


@dataclass
class JournalScan:
    """The whole records of a journal, and what was wrong with the rest."""

    records: list[dict[str, Any]] = field(default_factory=list)
    torn_tail: bool = False
    damaged: list[int] = field(default_factory=list)   # 1-based numbers of damaged records


def scan_journal(path: Path) -> JournalScan:
    """Every line of a journal checked on its own: a bad last line is a torn tail, a bad
    line with whole lines after it is damage."""
    scan = JournalScan()
    if not path.exists():
        return scan
    lines = path.read_bytes().splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        record = journal.decode_line(line)
        if record is not None:
            scan.records.append(record)
        elif number == len(lines):
            scan.torn_tail = True
        else:
            scan.damaged.append(number)
    return scan


def read_old_store(root: Path) -> tuple[dict[str, Any], JournalScan, Path]:
    """The old snapshot's contents and its journal, or one clear error."""
    snapshot = root / journal.SNAPSHOT
    try:
        generation, data = journal.read_snapshot(root)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{snapshot} (old store format) cannot be read: {_one_line(exc)}; the "
                         "files are untouched: restore them from a copy or re-ingest the reports "
                         "into a new store directory") from None
    path = journal.journal_path(root, generation)
    scan = scan_journal(path)
    if scan.damaged:
        raise StoreError(
            f"{path} (old store format): record {scan.damaged[0]} of {len(scan.records) + len(scan.damaged)}"
            f" is damaged and whole records follow it ({len(scan.damaged)} damaged in all); refusing "
            "to migrate, which would lose them; the files are untouched: restore them from a copy "
            "or re-ingest the reports into a new store directory")
    return data, scan, path


def migrate(root: Path, store: EmbeddedStore) -> list[str]:
    """Move an old-format store into ``store`` (new and empty); return notices for the user."""
    try:
        data, scan, path = read_old_store(root)
        with store.transaction("migrating the old store format") as tx:
            _write_snapshot(tx, data)
            for record in scan.records:
                _apply(tx, record, path)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            (store.db_path.parent / f"{store.db_path.name}{suffix}").unlink(missing_ok=True)
        raise
    _archive(root)
    notices = [f"migrated the store in {root} to the SQLite format; the old files are in {root / ARCHIVE}"]
    if scan.torn_tail:
        notices.append(f"{path}: its last record was cut short (a crash while writing it) and was left out")
    store.notices.extend(notices)
    return notices


def _write_snapshot(tx: Any, data: dict[str, Any]) -> None:
    nodes = [Node(label, nid, props) for label, nid, props in data.get("nodes", [])]
    edges = [Edge(rel, src, dst, eid, props) for rel, src, dst, eid, props in data.get("edges", [])]
    for node in nodes:
        tx.replace_node(node)
    tx.write_edges(edges)


def _apply(tx: Any, record: dict[str, Any], path: Path) -> None:
    if record.get("op") == "batch":
        tx.apply(PreparedBatch.of(GraphBatch.from_dict(record["batch"])))
    elif record.get("op") == "delete_report":
        delete_report_with(tx, str(record["report_id"]))
    else:
        raise StoreError(f"{path}: unknown journal operation {record.get('op')!r}")


def _archive(root: Path) -> None:
    archive = root / ARCHIVE
    archive.mkdir(exist_ok=True)
    for item in root.iterdir():
        old = item.name in (journal.SNAPSHOT, f"{journal.SNAPSHOT}.tmp", "writer.lock")
        if old or is_legacy_file(item.name):
            item.rename(archive / item.name)


def _one_line(exc: BaseException) -> str:
    text = str(exc) if not isinstance(exc, json.JSONDecodeError) else f"not JSON ({exc.msg})"
    return " ".join(text.split())[:200]
