"""One place declares each reader: detection, suffixes and reading all follow it."""

from __future__ import annotations

import dataclasses

import pytest

from loaders import readers
from loaders.errors import LoadError
from loaders.readers import READERS, REPORT_SUFFIXES, ReaderSpec, detect_format, read_document
from loaders.source import source_from_bytes


def test_the_suffixes_a_folder_ingest_reads_are_the_readers_suffixes() -> None:
    from loaders import ingest

    assert set(ingest.REPORT_SUFFIXES) == REPORT_SUFFIXES
    assert all(spec.reader.count(":") == 1 for spec in READERS)


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("a.txt", b"%PDF-1.4 ...", "pdf"),                         # bytes before the name
    ("a.bin", b"gateway banner\r\n%PDF-1.7\n", "pdf"),         # a header inside the first 1 KB
    ("a.pdf", b"not a pdf at all", "text"),                     # a .pdf without a header
    ("a.txt", b"\xef\xbb\xbf<!DOCTYPE html><p>x</p>", "html"),
    ("a.html", b"plain words", "html"),
    ("a.md", b"# Title", "markdown"),
    ("a", b"plain words", "text"),
])
def test_format_is_decided_by_the_bytes_then_the_name(name: str, data: bytes, kind: str) -> None:
    assert detect_format(source_from_bytes(name, data)) == kind


def test_a_new_reader_is_one_line_in_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # A reader declared once is detected by its bytes and its name, and used to read.
    spec = ReaderSpec("csv", (".csv",), "loaders.readers.text:read_plain_text",
                      lambda data: data.startswith(b"date,"), decoded=True)
    registry = (spec, *READERS)
    monkeypatch.setattr(readers, "READERS", registry)
    monkeypatch.setattr(readers, "_BY_NAME", {s.name: s for s in registry})
    assert detect_format(source_from_bytes("x.dat", b"date,place\n2025-03-01,Goma\n")) == "csv"
    assert detect_format(source_from_bytes("x.csv", b"place\nGoma\n")) == "csv"
    doc = read_document(source_from_bytes("x.dat", b"date,place\n2025-03-01,Goma\n"))
    assert "2025-03-01,Goma" in doc.text


def test_a_reader_whose_module_is_missing_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = dataclasses.replace(READERS[0], reader="loaders.readers.no_such_module:read")
    monkeypatch.setattr(readers, "_BY_NAME", {**readers._BY_NAME, "pdf": spec})
    with pytest.raises(LoadError, match="no reader for pdf files is installed"):
        read_document(source_from_bytes("r.pdf", b"%PDF-1.4\n"))
