"""Crash-safe files for the embedded store: a snapshot plus an append-only journal.

Every committed batch is one journal line ``<crc32> <json>\\n`` written with a single
``write`` and fsynced. A line cut short by a crash (or a power cut) fails its checksum
and is ignored by readers and trimmed by the next writer, so the store always reopens
as it was after the last whole batch. Compaction writes a new snapshot beside the old
one and renames it into place; the generation number in the snapshot names the
journal that belongs to it, so a crash during compaction is harmless too.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SNAPSHOT = "snapshot.json"
FORMAT = 1


@dataclass
class JournalPosition:
    """Where a reader has got to: the snapshot generation and the journal offset."""

    generation: int = -1
    offset: int = 0


def encode_record(record: dict[str, Any]) -> bytes:
    """One journal line with its checksum."""
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The record on a whole, checksummed line, or None for a torn or corrupt one."""
    if len(line) < 10 or not line.endswith(b"\n") or line[8:9] != b" ":
        return None
    body = line[9:-1]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        record = json.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def journal_path(root: Path, generation: int) -> Path:
    """The journal file that follows snapshot ``generation``."""
    return root / f"journal-{generation:06d}.log"


def read_snapshot(root: Path) -> tuple[int, dict[str, Any]]:
    """The current snapshot's generation and contents (generation 0, empty, if none)."""
    path = root / SNAPSHOT
    if not path.exists():
        return 0, {"nodes": [], "edges": []}
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: unknown snapshot format {data.get('format')!r}")
    return int(data["generation"]), data


def current_generation(root: Path) -> int:
    """The generation of the snapshot on disk, read cheaply from its first bytes."""
    path = root / SNAPSHOT
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        head = handle.read(200).decode("utf-8", "replace")
    marker = '"generation":'
    at = head.find(marker)
    if at < 0:
        return read_snapshot(root)[0]
    digits = head[at + len(marker):].lstrip().split(",", 1)[0].strip().rstrip("}")
    return int(digits)


def read_records(root: Path, generation: int, offset: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """Whole records after ``offset`` in the journal, with the offset after each."""
    path = journal_path(root, generation)
    if not path.exists():
        return
    with path.open("rb") as handle:
        handle.seek(offset)
        for line in handle:
            record = decode_line(line)
            if record is None:
                return
            offset += len(line)
            yield offset, record


def append_record(root: Path, generation: int, offset: int, record: dict[str, Any]) -> int:
    """Append one record at ``offset`` (dropping any torn tail), fsync, return the new end."""
    line = encode_record(record)
    fd = os.open(journal_path(root, generation), os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.ftruncate(fd, offset)
        os.lseek(fd, offset, os.SEEK_SET)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    return offset + len(line)


def write_snapshot(root: Path, generation: int, nodes: list[Any], edges: list[Any]) -> None:
    """Atomically replace the snapshot with generation ``generation`` and start its journal."""
    tmp = root / f"{SNAPSHOT}.tmp"
    payload = {"format": FORMAT, "generation": generation, "nodes": nodes, "edges": edges}
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())
    journal_path(root, generation).touch()
    os.replace(tmp, root / SNAPSHOT)
    _fsync_dir(root)
    for old in root.glob("journal-*.log"):
        if old != journal_path(root, generation):
            old.unlink(missing_ok=True)


def _fsync_dir(root: Path) -> None:
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
