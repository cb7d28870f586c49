"""One reader per format; the format is decided from the content, not only the name.

``READERS`` is the one place a reader is declared: its format name, the file suffixes
it reads, how its content is recognised, and the function that reads it (imported
when first used, so a reader's heavier dependencies load only for its files). Format
detection, ``read_document`` and the suffixes a folder ingest picks up
(``REPORT_SUFFIXES``) all come from it: a new reader is its module plus one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from loaders.document import Document
from loaders.errors import LoadError
from loaders.source import RawSource, decode_source, sniff_binary

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta ")
# PDF readers accept a header anywhere in the first 1 KB (a mail gateway's or printer's
# bytes before it); so do we.
PDF_SIGNATURE, PDF_HEADER_WINDOW = b"%PDF-", 1024


def looks_pdf(data: bytes) -> bool:
    """A ``%PDF-`` header at the start or anywhere in the first 1 KB."""
    return sniff_binary(data) == "pdf" or PDF_SIGNATURE in data[:PDF_HEADER_WINDOW]


def looks_html(data: bytes) -> bool:
    """A document that opens as HTML or XML, or has an HTML tag in its first 1 KB."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS) or any(marker in head[:1024] for marker in _HTML_MARKERS)


@dataclass(frozen=True)
class ReaderSpec:
    """A format: its name (``Document.format``), its suffixes, how its bytes are
    recognised, and its reader as ``"module:function"``.

    ``sniff`` is tried on the bytes, reader by reader in ``READERS`` order, before any
    name is looked at; ``by_name`` says whether the suffix alone decides the format when
    no content test matched (a ``.pdf`` without a PDF header is not read as a PDF).
    A ``decoded`` reader is given the source and its decoded text; the others the source.
    """

    name: str
    suffixes: tuple[str, ...]
    reader: str
    sniff: Callable[[bytes], bool] | None = None
    by_name: bool = True
    decoded: bool = False

    def load(self) -> Callable[..., Document]:
        module, function = self.reader.split(":")
        reader: Callable[..., Document] = getattr(importlib.import_module(module), function)
        return reader


READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec("pdf", (".pdf",), "loaders.readers.pdf:read_pdf", looks_pdf, by_name=False),
    ReaderSpec("html", HTML_SUFFIXES, "loaders.readers.html:read_html", looks_html),
    ReaderSpec("markdown", MARKDOWN_SUFFIXES, "loaders.readers.text:read_markdown", decoded=True),
    ReaderSpec("text", (".txt", ".text"), "loaders.readers.text:read_plain_text", decoded=True),
)
# What a file is read as when neither its bytes nor its name say otherwise.
DEFAULT_READER = READERS[-1]
REPORT_SUFFIXES = frozenset(suffix for spec in READERS for suffix in spec.suffixes)
_BY_NAME = {spec.name: spec for spec in READERS}


def detect_format(source: RawSource) -> str:
    """The format's name (``pdf``, ``html``, ``markdown``, ``text``), from the bytes first
    and the name second."""
    for spec in READERS:
        if spec.sniff is not None and spec.sniff(source.data):
            return spec.name
    name = source.name.lower()
    for spec in READERS:
        if spec.by_name and name.endswith(spec.suffixes):
            return spec.name
    return DEFAULT_READER.name


def read_document(source: RawSource) -> Document:
    """Read any supported source into a Document, or raise a LoadError naming it."""
    spec = _BY_NAME[detect_format(source)]
    if not spec.decoded:
        try:  # such readers import their heavier dependencies as they read
            return spec.load()(source)
        except ImportError as exc:
            problem = f"no reader for {spec.name} files is installed ({exc.name})"
            raise LoadError(source.name, problem) from exc
    reader = spec.load()
    decoded = decode_source(source)
    document = reader(source, decoded.text)
    document.warnings[:0] = list(decoded.warnings)
    return document
