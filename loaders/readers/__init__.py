"""One reader per format; the format is decided from the content, not only the name."""

from __future__ import annotations

from collections.abc import Callable

from loaders.document import Document
from loaders.errors import LoadError
from loaders.readers.text import read_markdown, read_plain_text
from loaders.source import RawSource, decode_source, sniff_binary

Reader = Callable[[RawSource, str], Document]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta ")
# PDF readers accept a header anywhere in the first 1 KB (a mail gateway's or printer's
# bytes before it); so do we.
PDF_SIGNATURE, PDF_HEADER_WINDOW = b"%PDF-", 1024


def detect_format(source: RawSource) -> str:
    """``pdf``, ``html``, ``markdown`` or ``text``, from the bytes first and the name second."""
    binary = sniff_binary(source.data)
    if binary:
        return binary
    if PDF_SIGNATURE in source.data[:PDF_HEADER_WINDOW]:
        return "pdf"
    head = source.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    if any(marker in head[:1024] for marker in _HTML_MARKERS):
        return "html"
    if source.name.lower().endswith(HTML_SUFFIXES):
        return "html"
    if source.name.lower().endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    return "text"


def read_document(source: RawSource) -> Document:
    """Read any supported source into a Document, or raise a LoadError naming it."""
    kind = detect_format(source)
    if kind in ("html", "pdf"):
        return _read_rich(kind, source)
    decoded = decode_source(source)
    reader = read_markdown if kind == "markdown" else read_plain_text
    document = reader(source, decoded.text)
    document.warnings[:0] = list(decoded.warnings)
    return document


def _read_rich(kind: str, source: RawSource) -> Document:
    """HTML and PDF readers live in their own modules with heavier dependencies."""
    try:
        if kind == "html":
            from loaders.readers.html import read_html

            return read_html(source)
        from loaders.readers.pdf import read_pdf

        return read_pdf(source)
    except ImportError as exc:
        raise LoadError(source.name, f"no reader for {kind} files is installed ({exc.name})") from exc
