"""PDF: reports with numbered footnotes at page bottoms, running headers and references.

pypdf (BSD licence) reports each piece of text with its position and font size; from
those we rebuild lines, drop running headers and page numbers, take the small-print
numbered lines at a page's foot as its footnotes, turn small raised digits in the body
into note markers ("[3]"), and keep page numbers for provenance. Footnotes are gathered
into a "Notes" section after the body so that sentences run on across page breaks;
every offset still maps to its page through ``Document.pages``.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from loaders.document import Document, Link, Note
from loaders.errors import LoadError
from loaders.readers.html_meta import normalise_date
from loaders.readers.notes import URL_IN_TEXT, attach_reference_section
from loaders.source import RawSource

MAX_PAGES = 2000
MIN_TEXT_CHARS = 20
SMALL = 0.85
MARGIN = 0.08
_NOTE_LABEL = re.compile(r"^\s*(\d{1,3})[.)]?\s+(\S.*)$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_URL_TAIL = re.compile(r"https?://\S*[-/._]$")


@dataclass
class _Run:
    text: str
    y: float
    size: float


@dataclass
class _Line:
    runs: list[_Run]
    y: float

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()

    @property
    def size(self) -> float:
        sized = [(len(r.text.strip()), r.size) for r in self.runs if r.text.strip()]
        return max(sized)[1] if sized else 0.0


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)


def _open(source: RawSource) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(source.data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(source.name, "PDF is encrypted and needs a password")
        _ = len(reader.pages)
    except LoadError:
        raise
    except DependencyError as exc:
        raise LoadError(source.name, "PDF is encrypted with AES; reading it needs the 'cryptography' "
                                     "package") from exc
    except FileNotDecryptedError as exc:
        raise LoadError(source.name, "PDF is encrypted and needs a password") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            RecursionError, zlib.error, OSError) as exc:
        raise LoadError(source.name, f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    return reader


def _page_lines(page: Any, number: int) -> _Page:
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text:
            scale = abs(tm[3] * cm[3]) or 1.0
            runs.append(_Run(text, tm[5] * cm[3] + cm[5], size * scale))

    page.extract_text(visitor_text=visit)
    height = float(page.mediabox.height)
    result = _Page(number, height)
    for run in runs:
        for piece_index, piece in enumerate(run.text.split("\n")):
            starts_line = piece_index > 0 or not result.lines or abs(result.lines[-1].y - run.y) > 1.5
            if starts_line and piece:
                result.lines.append(_Line([_Run(piece, run.y, run.size)], run.y))
            elif piece:
                result.lines[-1].runs.append(_Run(piece, run.y, run.size))
    result.lines = [line for line in result.lines if line.text]
    return result


def read_pdf(source: RawSource) -> Document:
    """Read a PDF report: text by page, footnotes joined to their markers, references."""
    reader = _open(source)
    warnings: list[str] = []
    pages = []
    for index, page in enumerate(reader.pages):
        if index >= MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} pages were read")
            break
        try:
            pages.append(_page_lines(page, index + 1))
        except Exception as exc:
            warnings.append(f"page {index + 1} could not be read ({exc.__class__.__name__})")
    if sum(len(line.text) for p in pages for line in p.lines) < MIN_TEXT_CHARS:
        raise LoadError(source.name, "PDF has no text layer (scanned pages?); run OCR on it first")
    assembler = _Assembler(pages)
    doc = assembler.document(source)
    doc.warnings[:0] = warnings
    _metadata(doc, reader)
    attach_reference_section(doc, glued_markers=True)
    assembler.append_notes(doc)
    return doc


def _metadata(doc: Document, reader: Any) -> None:
    try:
        info = reader.metadata or {}
    except Exception:
        info = {}
    title = str(info.get("/Title") or "").strip()
    doc.title = title or doc.title
    author = str(info.get("/Author") or "").strip()
    doc.authors = [a.strip() for a in re.split(r";|,| and ", author) if a.strip()] if author else []
    raw = str(info.get("/CreationDate") or "")
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", raw)
    if match:
        doc.published = normalise_date("-".join(g for g in match.groups() if g))


class _Assembler:
    """Turns positioned lines into the stored text, notes and page map."""

    def __init__(self, pages: list[_Page]):
        self.pages = pages
        sizes: Counter[float] = Counter()
        for page in pages:
            for line in page.lines:
                for run in line.runs:
                    sizes[round(run.size, 1)] += len(run.text.strip())
        self.body_size = sizes.most_common(1)[0][0] if sizes else 0.0
        self.furniture = self._running_lines()
        self.parts: list[str] = []
        self.size = 0
        self.doc_pages: list[tuple[int, int]] = []
        self.markers: list[tuple[int, int, str, int]] = []
        self.footnotes: dict[tuple[int, str], str] = {}
        self.headings: list[tuple[int, int]] = []

    def _running_lines(self) -> set[str]:
        """Header and footer lines repeated on most pages (digits ignored)."""
        if len(self.pages) < 2:
            return set()
        counts: Counter[str] = Counter()
        for page in self.pages:
            edge = {_shape(line.text) for line in page.lines if _at_edge(line, page)}
            counts.update(edge)
        return {text for text, count in counts.items() if count >= max(2, len(self.pages) // 2)}

    def document(self, source: RawSource) -> Document:
        title = None
        for page in self.pages:
            body, notes = self._split(page)
            self.doc_pages.append((self.size, page.number))
            title = title or self._title(body)
            self._write_body(page, body)
            for label, text in notes:
                self.footnotes.setdefault((page.number, label), text)
        text = "".join(self.parts).rstrip() + "\n"
        links = [Link(m.start(), m.end(), m.group(0), m.group(0)) for m in URL_IN_TEXT.finditer(text)]
        return Document(text=text, source_name=source.name, format="pdf", title=title, links=links,
                        pages=list(self.doc_pages), headings=self.headings)

    def append_notes(self, doc: Document) -> None:
        """Append the footnotes the body cites under "Notes"; join markers to them."""
        cited = []
        for start, end, label, page in self.markers:
            key = (page, label) if (page, label) in self.footnotes else _any_page(self.footnotes, label)
            if key is not None:
                cited.append((start, end, label, key))
        if not cited:
            return
        text = doc.text + "\nNotes\n"
        section = len(doc.text) + 1
        doc.headings.append((section, section + len("Notes")))
        spans: dict[tuple[int, str], tuple[int, int]] = {}
        for key in dict.fromkeys(k for *_, k in cited):
            doc.pages.append((len(text), key[0]))
            line = f"[{key[1]}] "
            start = len(text) + len(line)
            text += line + self.footnotes[key] + "\n"
            spans[key] = (start, start + len(self.footnotes[key]))
        doc.text = text
        doc.apparatus.append((section, len(text)))
        taken = {(n.start, n.end) for n in doc.notes}
        for start, end, label, key in cited:
            if (start, end) in taken:
                continue
            content = self.footnotes[key]
            url = URL_IN_TEXT.search(content)
            doc.notes.append(Note(start, end, label, content, url.group(0) if url else None, *spans[key]))
        doc.notes.sort(key=lambda n: n.start)

    def _title(self, body: list[_Line]) -> str | None:
        large = [line for line in body[:3] if line.size >= self.body_size * 1.3]
        return large[0].text if large else None

    def _split(self, page: _Page) -> tuple[list[_Line], list[tuple[str, str]]]:
        """Body lines and (label, text) footnotes of a page; headers and numbers dropped."""
        lines = [line for line in page.lines if not self._is_furniture(line, page)]
        start = len(lines)
        while start > 0 and self._small(lines[start - 1]):
            start -= 1
        tail = lines[start:]
        first_label = next((i for i, line in enumerate(tail) if _NOTE_LABEL.match(line.text)), None)
        if first_label is None:
            return lines, []
        notes: list[tuple[str, str]] = []
        for line in tail[first_label:]:
            match = _NOTE_LABEL.match(line.text)
            if match:
                notes.append((match.group(1), match.group(2)))
            elif notes:
                notes[-1] = (notes[-1][0], _join_wrapped(notes[-1][1], line.text))
        return lines[:start + first_label], notes

    def _small(self, line: _Line) -> bool:
        return 0 < line.size <= self.body_size * SMALL

    def _is_furniture(self, line: _Line, page: _Page) -> bool:
        if not _at_edge(line, page):
            return False
        return bool(_PAGE_NUMBER.match(line.text)) or _shape(line.text) in self.furniture

    def _write_body(self, page: _Page, body: list[_Line]) -> None:
        gaps = [a.y - b.y for a, b in itertools.pairwise(body) if a.y > b.y]
        usual = statistics.median(gaps) if gaps else 0.0
        for index, line in enumerate(body):
            if index and usual and body[index - 1].y - line.y > usual * 1.45:
                self._newline()
                if not "".join(self.parts[-2:]).endswith("\n\n"):
                    self._emit("\n")
            if line.size >= self.body_size * 1.15:
                self._heading(page, line)
                continue
            self._line(page, line)
        self._newline()

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def _heading(self, page: _Page, line: _Line) -> None:
        self._newline()
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self._emit("\n")
        start = self.size
        self._emit(line.text)
        self.headings.append((start, self.size))
        self._emit("\n\n")

    def _line(self, page: _Page, line: _Line) -> None:
        if self.parts and not self.parts[-1].endswith("\n") and not _URL_TAIL.search(self.parts[-1]):
            self._emit("\n")
        for run in line.runs:
            text = run.text
            if self._is_marker(run, line):
                label = text.strip()
                self.markers.append((self.size, self.size + len(label) + 2, label, page.number))
                self._emit(f"[{label}]")
            elif text.strip() or self.parts:
                self._emit(text if self.parts and not self.parts[-1].endswith("\n") else text.lstrip())
        if self.parts and self.parts[-1].endswith(" "):
            self._trim()

    def _is_marker(self, run: _Run, line: _Line) -> bool:
        return (run.text.strip().isdigit() and len(run.text.strip()) <= 3 and self._small_run(run)
                and len(line.runs) > 1)

    def _small_run(self, run: _Run) -> bool:
        return 0 < run.size <= self.body_size * 0.8

    def _emit(self, chunk: str) -> None:
        if chunk:
            self.parts.append(chunk)
            self.size += len(chunk)

    def _trim(self) -> None:
        last = self.parts[-1]
        self.parts[-1] = last.rstrip(" ")
        self.size -= len(last) - len(self.parts[-1])

def _any_page(footnotes: dict[tuple[int, str], str], label: str) -> tuple[int, str] | None:
    return next((key for key in footnotes if key[1] == label), None)


def _at_edge(line: _Line, page: _Page) -> bool:
    return line.y > page.height * (1 - MARGIN) or line.y < page.height * MARGIN


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _join_wrapped(before: str, after: str) -> str:
    """Join a wrapped line: directly after a URL cut at a hyphen or slash, else with a space."""
    return before + after if _URL_TAIL.search(before) else f"{before} {after}"
