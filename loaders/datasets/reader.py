"""Streaming reads of dataset files: one row at a time, never the whole file.

Files are untrusted and come from many tools: UTF-8 with or without a byte-order
mark, Windows-1252 (older ACLED exports), commas or tabs, with or without a header
(GDELT). Each line is decoded on its own (UTF-8, else Windows-1252), so a file of any
size streams in constant memory and one odd line never stops the file. A row that
cannot be parsed becomes a :class:`RowProblem` naming its line; the rest still loads.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.settings import current
from loaders.datasets.formats import DatasetFormat, detect_columns, detect_headerless, normalise_column
from loaders.errors import LoadError

SNIFF_BYTES = 256 * 1024
MAX_FIELD = 8 * 1024 * 1024
csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True)
class Row:
    """One record: its line in the file (or position in a JSON list) and its values."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class RowProblem:
    """A record that could not be read, with its line and the reason."""

    number: int
    problem: str


@dataclass
class DatasetFile:
    """A dataset file recognised from its header: how to read it."""

    path: Path
    format: DatasetFormat
    layout: str                     # delimited, jsonl or json
    delimiter: str = ","
    header: tuple[str, ...] = ()    # normalised column names; empty when the file has none
    warnings: list[str] = field(default_factory=list)


def decode_line(raw: bytes) -> tuple[str, bool]:
    """A line as text, and whether it had to be read as Windows-1252."""
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), True


def _first_line(path: Path) -> str | None:
    """The file's first non-empty line (from its first bytes), or None for non-text."""
    try:
        with path.open("rb") as handle:
            return _first_line_of(handle.read(SNIFF_BYTES))
    except OSError:
        return None


def _first_line_of(head: bytes) -> str | None:
    if b"\x00" in head[:4096]:
        return None
    for raw in head.lstrip(b"\xef\xbb\xbf").splitlines():
        if raw.strip():
            return decode_line(raw)[0]
    return None


def sniff(path: Path) -> DatasetFile | None:
    """The dataset layout of ``path``, or None when it is not a dataset we read."""
    line = _first_line(path)
    if line is None:
        return None
    stripped = line.strip()
    if stripped.startswith("{") or stripped.startswith("["):
        return _sniff_json(path, stripped)
    return _sniff_delimited(path, line)


def sniff_bytes(data: bytes) -> DatasetFormat | None:
    """The dataset format of a file held in memory (an upload), or None: the same test
    as :func:`sniff`, so a file the report route refuses is one the events route reads."""
    line = _first_line_of(data[:SNIFF_BYTES])
    if line is None:
        return None
    stripped = line.strip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            first: Any = json.loads(stripped)
        except ValueError:
            first = None
        if not isinstance(first, dict) or "Result" in first:
            first = _first_record(_document_records(data))
        return detect_columns(list(first)) if isinstance(first, dict) else None
    found = _sniff_delimited(Path("upload"), line)
    return found.format if found else None


def _document_records(data: bytes) -> Any:
    try:
        document = json.loads(data)
    except ValueError:
        return None
    return document.get("Result") if isinstance(document, dict) else document


def _first_record(records: Any) -> Any:
    return records[0] if isinstance(records, list) and records else None


def _sniff_delimited(path: Path, line: str) -> DatasetFile | None:
    stripped = line.strip()
    for delimiter in _delimiters(stripped):
        fields = next(csv.reader([line], delimiter=delimiter), [])
        fmt = detect_columns(fields)
        if fmt is not None:
            return DatasetFile(path, fmt, "delimited", delimiter, tuple(normalise_column(f) for f in fields))
        fmt = detect_headerless(fields)
        if fmt is not None:
            return DatasetFile(path, fmt, "delimited", delimiter, ())
    return None


def _delimiters(line: str) -> list[str]:
    """Tabs first when the line has any: GDELT's tab-separated rows hold many commas
    (tone, counts, GCAM), so the more frequent character is not the delimiter."""
    return ["\t", ","] if "\t" in line else [","]


def _sniff_json(path: Path, line: str) -> DatasetFile | None:
    """JSON lines (one object per line) or a JSON document with a ``Result`` list (the
    UCDP API) or a bare list of records."""
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if isinstance(record, dict) and "Result" not in record:
        fmt = detect_columns(list(record))
        return DatasetFile(path, fmt, "jsonl") if fmt else None
    first = _first_json_record(path)
    fmt = detect_columns(list(first)) if first else None
    return DatasetFile(path, fmt, "json") if fmt else None


def _first_json_record(path: Path) -> dict[str, Any] | None:
    try:
        records = _json_records(path)
    except LoadError:
        return None
    return records[0] if records and isinstance(records[0], dict) else None


def _json_records(path: Path) -> list[Any]:
    """The records of a whole-document JSON file (an API page: bounded in size)."""
    limit = current().max_file_bytes
    if path.stat().st_size > limit:
        raise LoadError(str(path), f"a JSON document over {limit // (1024 * 1024)} MB cannot be "
                                   "streamed; save it as JSON lines (one event per line)")
    try:
        data = json.loads(path.read_bytes())
    except ValueError as exc:
        raise LoadError(str(path), f"not valid JSON ({exc})") from exc
    records = data.get("Result") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise LoadError(str(path), "JSON without a list of events (expected a 'Result' list)")
    return records


def iter_rows(dataset: DatasetFile) -> Iterator[Row | RowProblem]:
    """Every record of the file in order; unreadable ones as problems, not exceptions."""
    if dataset.layout == "json":
        for number, record in enumerate(_json_records(dataset.path), start=1):
            yield _json_row(number, record)
        return
    with dataset.path.open("rb") as handle:
        lines = _decoded_lines(handle, dataset)
        if dataset.layout == "jsonl":
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _json_row(number, _loads(line))
            return
        yield from _delimited_rows(lines, dataset)


def _decoded_lines(handle: IO[bytes], dataset: DatasetFile) -> Iterator[str]:
    """Lines decoded one by one; a warning counts those read as Windows-1252."""
    fallbacks = 0
    first_fallback = 0
    for number, raw in enumerate(handle, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        text, fallback = decode_line(raw)
        if fallback:
            fallbacks += 1
            first_fallback = first_fallback or number
        yield text
    if fallbacks:
        dataset.warnings.append(f"{fallbacks} line(s) are not UTF-8 (first: line {first_fallback}); "
                                "read them as Windows-1252")


def _loads(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError as exc:
        return RowProblem(0, f"not valid JSON ({exc.__class__.__name__}: {exc})")


def _json_row(number: int, record: Any) -> Row | RowProblem:
    if isinstance(record, RowProblem):
        return RowProblem(number, record.problem)
    if not isinstance(record, dict):
        return RowProblem(number, "not a JSON object")
    values = {normalise_column(str(k)): "" if v is None else str(v) for k, v in record.items()
              if not isinstance(v, (dict, list))}
    return Row(number, values)


class _Recorded:
    """The lines the CSV reader takes, numbered, and kept since the last record began, so
    that the lines an unclosed quote ran together can be put back and read again (bounded
    by the CSV field limit: a quote left open longer is a parse error)."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.read = 0                                  # lines taken from the file so far
        self.taken: list[tuple[int, str]] = []
        self.back: list[tuple[int, str]] = []          # put back, read again first

    def __iter__(self) -> _Recorded:
        return self

    def __next__(self) -> str:
        if self.back:
            item = self.back.pop(0)
        else:
            self.read += 1
            item = (self.read, next(self.lines))
        self.taken.append(item)
        return item[1]

    def next_number(self) -> int:
        """The line the next record starts on."""
        return self.back[0][0] if self.back else self.read + 1

    def put_back_all_but_first(self) -> None:
        self.back[:0] = self.taken[1:]


def _delimited_rows(lines: Iterator[str], dataset: DatasetFile) -> Iterator[Row | RowProblem]:
    """Each record with the number of the line it starts on. A quote opened and never
    closed would swallow the lines after it (to the next quote, or the end of the file):
    when the record that results is not a row, its first line is refused and the lines
    it took are read again, so one bad row stays one error line."""
    source = _Recorded(lines)
    reader = csv.reader(source, delimiter=dataset.delimiter)
    header = dataset.header or dataset.format.header
    if dataset.header:
        next(reader, None)
    while True:
        source.taken = []
        first = source.next_number()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowProblem(first, f"cannot be parsed ({exc})")
            source.put_back_all_but_first()
            continue
        if not any(f.strip() for f in fields):
            continue
        row = _fields_row(first, header, fields)
        if isinstance(row, RowProblem) and len(source.taken) > 1:
            yield RowProblem(first, "a quote opened on this line is not closed")
            source.put_back_all_but_first()
            continue
        yield row


def _fields_row(number: int, header: tuple[str, ...], fields: list[str]) -> Row | RowProblem:
    if len(fields) == len(header) + 1 and not fields[-1].strip():
        fields = fields[:-1]          # a trailing delimiter
    if len(fields) != len(header):
        return RowProblem(number, f"has {len(fields)} columns, the header {len(header)}")
    return Row(number, dict(zip(header, fields, strict=True)))
