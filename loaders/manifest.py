"""Metadata for files that carry none: a ``metadata.csv`` beside them, one row a file.

Plain-text reports rarely have front matter, and without a date every answer reads
"undated" and timelines stay empty. A journalist can list title, publisher, date, URL
and authors in a spreadsheet saved as ``metadata.csv`` in the folder of the files (a
``file`` column names each one). Front matter, where a file has it, wins; the manifest
fills what is missing and replaces a title guessed from the first line. A file with no
title at all is named after its file, with a warning, so no report is left untitled.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from loaders.document import Document
from loaders.extract.boilerplate import document_title

MANIFEST_NAME = "metadata.csv"
COLUMNS = ("file", "title", "publisher", "published", "url", "authors", "kind")
MAX_MANIFEST_BYTES = 5_000_000
MAX_FIELD_CHARS = 2_000


@dataclass(frozen=True)
class Entry:
    """One file's row: its fields, and what was wrong with the row (said as warnings)."""

    fields: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def manifest_entry(path: Path) -> Entry | None:
    """The row for ``path`` in the ``metadata.csv`` of its folder, if there is one."""
    return _manifest(path.parent.resolve()).get(path.name)


@lru_cache(maxsize=64)
def _manifest(folder: Path) -> dict[str, Entry]:
    """A folder's manifest, read once per process; problems become warnings on the rows
    (or on every file of the folder, when the file itself cannot be read)."""
    target = folder / MANIFEST_NAME
    if not target.is_file():
        return {}
    try:
        if target.stat().st_size > MAX_MANIFEST_BYTES:
            return _broken(folder, f"{MANIFEST_NAME} is over {MAX_MANIFEST_BYTES:,} bytes; not read")
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeError, csv.Error) as exc:
        return _broken(folder, f"{MANIFEST_NAME} cannot be read ({exc.__class__.__name__}); not used")
    return {name: entry for name, entry in (_row(number, row) for number, row in enumerate(rows, 2)) if name}


def _broken(folder: Path, problem: str) -> dict[str, Entry]:
    """A manifest that cannot be read: each report file of the folder gets the warning."""
    return {p.name: Entry(warnings=(problem,)) for p in folder.iterdir() if p.name != MANIFEST_NAME}


def _row(number: int, row: dict[str | None, str | list[str] | None]) -> tuple[str, Entry]:
    """One row (``number`` as a spreadsheet counts, the header being row 1)."""
    where = f"{MANIFEST_NAME} row {number}"
    warnings = [f"{where}: unknown column {key!r} ignored (known: {', '.join(COLUMNS)})"
                for key in row if key not in COLUMNS]
    values = {k: v.strip() for k, v in row.items() if k in COLUMNS and isinstance(v, str) and v.strip()}
    for key, value in list(values.items()):
        if len(value) > MAX_FIELD_CHARS:
            warnings.append(f"{where}: {key} is over {MAX_FIELD_CHARS:,} characters; ignored")
            del values[key]
    if "published" in values and not _is_day(values["published"]):
        warnings.append(f"{where}: published {values['published']!r} is not a date (YYYY-MM-DD); ignored")
        del values["published"]
    return values.pop("file", ""), Entry(values, tuple(warnings))


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Formats whose paragraphs are the writer's (blank lines between them), so that the
# document's name line is a paragraph of its own; a PDF's lines are joined by layout.
_PARAGRAPHED = frozenset({"text", "markdown"})


def apply_metadata(document: Document, entry: Entry | None) -> None:
    """Fill the document's missing fields from its row; then, with no title at all, name
    it after its file and say so."""
    if entry is not None:
        document.warnings.extend(entry.warnings)
        guessed_title = document.title is not None and document.title == _first_line(document.text)
        for name, value in entry.fields.items():
            if name == "authors":
                document.authors = document.authors or [a.strip() for a in value.split(";") if a.strip()]
            elif getattr(document, name) is None or (name == "title" and guessed_title):
                setattr(document, name, value)
    if not document.title and document.format in _PARAGRAPHED and (named := document_title(document.text)):
        document.title = named   # "Letter dated ... addressed to ...": the document's own name line
    if not document.title:
        document.title = Path(document.source_name).stem.replace("_", " ").replace("-", " ").strip() or None
        document.warnings.append(f"no title in the file or in {MANIFEST_NAME}: "
                                 f"titled after the file name ({document.title!r})")


def _first_line(text: str) -> str:
    """What the plain-text reader takes as a title when the file names none."""
    return text.lstrip("\n").split("\n", 1)[0].strip().lstrip("# ").strip()
