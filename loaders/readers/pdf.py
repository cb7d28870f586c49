"""PDF: reports as they were printed, with footnotes joined to the markers that cite them.

Lines come from character positions (``pdf_chars``) and are sorted into body,
footnotes and page furniture (``pdf_layout``). The stored text is the body, page after
page, then a "Notes" section holding every footnote (cited or not) and a section with
the running headers and footers: nothing a page prints is dropped, and every offset
maps to its page through ``Document.pages``. Digits are never rewritten: a marker is
the raised digit as printed ("comments1"), joined to the note of that number on its
page or in an endnotes section. Two normalisations are made, ligatures (NFKC) and
words rejoined at line-end hyphens, and each is listed in ``Document.printed`` with
the characters the page printed, so a quote maps back to the page.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from loaders.document import Document, Link, Note
from loaders.errors import LoadError
from loaders.readers.html_meta import normalise_date
from loaders.readers.notes import URL_IN_TEXT, attach_reference_section
from loaders.readers.pdf_chars import PdfFile, PdfLine, PdfPage, read_pages
from loaders.readers.pdf_layout import Footnote, PageParts, at_edge, body_size, split_pages
from loaders.source import RawSource

MIN_TEXT_CHARS = 20
HEADING_SIZE = 1.15
PARAGRAPH_GAP = 1.45
NOTES_HEADING = "Notes"
FURNITURE_HEADING = "Running headers and footers"
# Zipf frequencies (log10 per billion words): below 2 is a word almost never written,
# 3 and above a common one ("three", "part", "self", "defense").
JOINED_RARE_ZIPF = 2.0
HALVES_COMMON_ZIPF = 3.0
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_URL_TAIL = re.compile(r"https?://\S*[-/._]$")
_WORD_TAIL = re.compile(r"([^\W\d_]+)-$")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class KeptFootnote:
    """A footnote cut from a page foot and where its text now is in the stored text."""

    page: int
    label: str
    start: int
    end: int


def read_pdf(source: RawSource) -> Document:
    """Read a PDF report: text by page, every footnote kept and joined to its markers."""
    return read_pdf_with_footnotes(source)[0]


def read_pdf_with_footnotes(source: RawSource) -> tuple[Document, list[KeptFootnote]]:
    """The document and every footnote taken from a page foot (for audits and tests)."""
    pdf = _open(source)
    chars = sum(len(line.text.strip()) for page in pdf.pages for line in page.lines)
    if not chars:
        raise LoadError(source.name, "PDF has no text layer (scanned pages?); run OCR on it first")
    if chars < MIN_TEXT_CHARS:  # "Hello, world!" has a text layer: say what it holds
        raise LoadError(source.name, f"PDF has only {chars} characters of text (scanned pages?); "
                                     "run OCR on it first")
    assembler = _Assembler(pdf.pages)
    doc = assembler.document(source)
    doc.warnings[:0] = pdf.warnings
    _metadata(doc, pdf.metadata)
    return doc, assembler.kept


# The reader's stages, under the names an outside audit runs them by one at a time
# (../shared/benchmarks/pdf/footnote_audit.py): open the file, take each page's lines,
# and assemble; the assembler then lists the footnotes it cut from page feet
# (``footnotes``) and the markers it found (``markers``) beside the document it wrote.

def _open(source: RawSource) -> PdfFile:
    """Every page of the PDF as positioned lines; a bad file is one LoadError."""
    return read_pages(source)


def _page_lines(page: PdfPage, number: int) -> PdfPage:
    """A page's lines: ``read_pages`` has built them already, numbered from 1."""
    if page.number != number:
        raise ValueError(f"page {page.number} asked for as page {number}")
    return page


def _metadata(doc: Document, info: dict[str, str]) -> None:
    title = (info.get("Title") or "").strip()
    doc.title = title or doc.title
    author = (info.get("Author") or "").strip()
    doc.authors = [a.strip() for a in re.split(r";|,| and ", author) if a.strip()] if author else []
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", info.get("CreationDate") or "")
    if match:
        doc.published = normalise_date("-".join(g for g in match.groups() if g))


class _Marker(NamedTuple):
    """A note marker as printed: its span in the body, its number and its page."""

    start: int
    end: int
    label: str
    page: int


@dataclass
class _Text:
    """The stored text as it is written, with the normalisations made on the way."""

    vocabulary: set[str]
    parts: list[str] = field(default_factory=list)
    size: int = 0
    printed: list[tuple[int, int, str]] = field(default_factory=list)
    last_line: str = ""

    def emit(self, chunk: str) -> None:
        if chunk:
            self.parts.append(chunk)
            self.size += len(chunk)

    def ends_with(self, suffix: str) -> bool:
        return "".join(self.parts[-3:]).endswith(suffix)

    def newline(self) -> None:
        if self.parts and not self.ends_with("\n"):
            self.emit("\n")

    def blank_line(self) -> None:
        self.newline()
        if self.parts and not self.ends_with("\n\n"):
            self.emit("\n")

    def line(self, line: PdfLine, continues: bool) -> int:
        """Write a line (joined to the one before when ``continues``); its start offset."""
        text, shifts = _expand_ligatures(line.text)
        if continues and self.parts and self.ends_with("-\n") and _WORD_TAIL.search(self.last_line):
            self._trim(1)  # a word broken across a page: the page's own line end is undone
            if not self._rejoin_hyphen(text):
                self.emit("\n")
        elif continues and self.parts and not self.ends_with("\n") and not (
                _URL_TAIL.search(self.last_line) or self._rejoin_hyphen(text)):
            self.emit("\n")
        start = self.size
        for offset, printed, length in shifts:
            self.printed.append((start + offset, start + offset + length, printed))
        self.emit(text)
        self.last_line = text
        return start

    def _rejoin_hyphen(self, text: str) -> bool:
        """Rejoin "accord-" + "ing"; keep the hyphen of a compound the report prints whole."""
        tail = _WORD_TAIL.search(self.last_line)
        head = _WORD_HEAD.match(text)
        if not (tail and head and head.group(1)[0].islower()):
            return False
        first, second = tail.group(1), head.group(1)
        keep = (first + second).lower() not in self.vocabulary and (
            f"{first}-{second}".lower() in self.vocabulary or _compound(first.lower(), second.lower()))
        self._trim(1)
        start = self.size - len(first)
        if keep:
            self.emit("-")
        self.printed.append((start, self.size + len(second), f"{first}-\n{second}"))
        return True

    def _trim(self, count: int) -> None:
        while not self.parts[-1]:
            self.parts.pop()
        last = self.parts[-1]
        self.parts[-1] = last[:-count]
        self.size -= count

    def text(self) -> str:
        return "".join(self.parts)


def _compound(first: str, second: str) -> bool:
    """Two common words that make no known word together ("three-" + "part"): a compound
    that keeps its hyphen, not one word broken at the line's end ("settle-" + "ment").
    Word frequencies are English (wordfreq's Zipf scale); in another language the halves
    are rarely common English words, so such a word is rejoined as before."""
    from wordfreq import zipf_frequency

    return zipf_frequency(first + second, "en") < JOINED_RARE_ZIPF and min(
        zipf_frequency(first, "en"), zipf_frequency(second, "en")) >= HALVES_COMMON_ZIPF


def _expand_ligatures(text: str) -> tuple[str, list[tuple[int, str, int]]]:
    """NFKC for ligature characters only: (text, [(offset, printed, expanded length)])."""
    if not _LIGATURES.search(text):
        return text, []
    out: list[str] = []
    shifts: list[tuple[int, str, int]] = []
    size = 0
    for char in text:
        expanded = unicodedata.normalize("NFKC", char) if _LIGATURES.match(char) else char
        if expanded != char:
            shifts.append((size, char, len(expanded)))
        out.append(expanded)
        size += len(expanded)
    return "".join(out), shifts


class _Assembler:
    """Writes the body, the notes and the furniture, and joins markers to notes."""

    def __init__(self, pages: list[PdfPage]):
        self.parts = split_pages(pages)
        self.body_size = body_size(pages)
        self.kept: list[KeptFootnote] = []
        self.text = ""
        vocabulary = {w.lower() for page in pages for line in page.lines for w in _WORDS.findall(line.text)}
        self.out = _Text(vocabulary)
        self.pages: list[tuple[int, int]] = []
        self.headings: list[tuple[int, int]] = []
        self.markers: list[_Marker] = []
        self.notes = _gather_notes(self.parts)
        self.labels = {(n.page, n.label) for n in self.notes}

    def document(self, source: RawSource) -> Document:
        """The stored document: body, endnotes joined, then the notes and furniture sections."""
        doc = self.body(source)
        attach_reference_section(doc, markers=self.endnote_markers())
        self.kept = self.append_notes(doc)
        self.append_furniture(doc)
        self.text = doc.text
        return doc

    @property
    def footnotes(self) -> dict[tuple[int, str], str]:
        """{(page, label): text} of the footnotes cut from page feet (after ``document``)."""
        found: dict[tuple[int, str], str] = {}
        for note in self.kept:
            found.setdefault((note.page, note.label), self.text[note.start:note.end])
        return found

    # ------------------------------------------------------------------- body

    def body(self, source: RawSource) -> Document:
        title = None
        for part in self.parts:
            self.pages.append((self.out.size, part.page.number))
            title = title or self._title(part.body)
            self._page(part)
        text = self.out.text().rstrip() + "\n"
        links = [Link(m.start(), m.end(), m.group(0), m.group(0)) for m in URL_IN_TEXT.finditer(text)]
        return Document(text=text, source_name=source.name, format="pdf", title=title, links=links,
                        pages=list(self.pages), headings=self.headings,
                        printed=[p for p in self.out.printed if p[1] <= len(text)])

    def _title(self, body: list[PdfLine]) -> str | None:
        large = [line for line in body[:3] if line.size >= self.body_size * 1.3]
        return large[0].text if large else None

    def _page(self, part: PageParts) -> None:
        body = part.body
        gaps = [a.y - b.y for a, b in itertools.pairwise(body) if a.y > b.y]
        usual = statistics.median(gaps) if gaps else 0.0
        for index, line in enumerate(body):
            gap = body[index - 1].y - line.y if index else 0.0
            if index and usual and gap > usual * PARAGRAPH_GAP:
                self.out.blank_line()
            if line.size >= self.body_size * HEADING_SIZE:
                self._heading(line)
                continue
            continues = bool(index) and not (usual and gap > usual * PARAGRAPH_GAP)
            start = self.out.line(line, continues or (index == 0 and not self._starts_paragraph()))
            if start < self.pages[-1][0]:  # rejoined to a word broken at the last page's end
                self.pages[-1] = (start, part.page.number)
            self._markers(line, start, part.page.number)
        self.out.newline()

    def _starts_paragraph(self) -> bool:
        return not self.out.parts or self.out.ends_with("\n\n")

    def _heading(self, line: PdfLine) -> None:
        self.out.blank_line()
        start = self.out.line(line, False)
        self.headings.append((start, self.out.size))
        self.out.blank_line()

    def _markers(self, line: PdfLine, start: int, page: int) -> None:
        """Raised or smaller digits: markers, kept as printed. One set apart by a space
        (or starting a line) counts only when a note of its number is on the page."""
        for s, e in line.small_digits:
            label = line.text[s:e]
            apart = s == 0 or line.text[s - 1].isspace()
            if e - s > 3 or (apart and (page, label) not in self.labels):
                continue
            offset = start + s + _ligature_shift(line.text, s)
            self.markers.append(_Marker(offset, offset + e - s, label, page))

    # ------------------------------------------------------------------- notes

    def endnote_markers(self) -> list[tuple[int, int, str]]:
        """Markers without a footnote of their number on their page: endnote candidates."""
        return [(m.start, m.end, m.label) for m in self.markers if (m.page, m.label) not in self.labels]

    def append_notes(self, doc: Document) -> list[KeptFootnote]:
        """Every footnote under "Notes", each as printed ("3 text"); markers joined to them."""
        if not self.notes:
            return []
        self.out = _Text(self.out.vocabulary)
        base = len(doc.text) + 1
        self.out.emit("\n" + NOTES_HEADING + "\n")
        doc.headings.append((base, base + len(NOTES_HEADING)))
        offset = len(doc.text)
        kept: list[KeptFootnote] = []
        for note in self.notes:
            doc.pages.append((offset + self.out.size, note.page))
            self.out.emit(note.label + " ")
            start = self.out.size
            for index, line in enumerate(note.lines):
                self.out.line(line, index > 0)
            kept.append(KeptFootnote(note.page, note.label, offset + start, offset + self.out.size))
            self.out.newline()
        doc.printed.extend((offset + s, offset + e, p) for s, e, p in self.out.printed)
        doc.text += self.out.text()
        doc.apparatus.append((offset, len(doc.text)))
        spans: dict[tuple[int, str], tuple[int, int]] = {}
        for entry in kept:
            spans.setdefault((entry.page, entry.label), (entry.start, entry.end))
        self._join(doc, spans)
        return kept

    def _join(self, doc: Document, spans: dict[tuple[int, str], tuple[int, int]]) -> None:
        taken = {(n.start, n.end) for n in doc.notes}
        for marker in self.markers:
            key = (marker.page, marker.label)
            if key not in spans or (marker.start, marker.end) in taken:
                continue
            start, end = spans[key]
            content = doc.text[start:end]
            url = URL_IN_TEXT.search(content)
            doc.notes.append(Note(marker.start, marker.end, marker.label, content,
                                  url.group(0) if url else None, start, end))
        doc.notes.sort(key=lambda n: n.start)

    def append_furniture(self, doc: Document) -> None:
        """Running headers, footers and printed page numbers under their own heading, page
        by page as printed (the numbers of a line-number ruler are left out)."""
        entries = [(part.page.number, line.text) for part in self.parts for line in part.furniture
                   if line.text.strip() and (not line.text.strip().isdigit() or at_edge(line, part.page))]
        if not entries:
            return
        base = len(doc.text) + 1
        text = "\n" + FURNITURE_HEADING + "\n"
        doc.headings.append((base, base + len(FURNITURE_HEADING)))
        for page, line_text in entries:
            doc.pages.append((len(doc.text) + len(text), page))
            text += line_text + "\n"
        start = len(doc.text)
        doc.text += text
        doc.apparatus.append((start, len(doc.text)))


def _ligature_shift(text: str, index: int) -> int:
    """How many characters ligature expansion adds before ``index``."""
    return sum(len(unicodedata.normalize("NFKC", c)) - 1 for c in _LIGATURES.findall(text[:index]))


def _gather_notes(parts: list[PageParts]) -> list[Footnote]:
    """Footnotes in page order, with lines continued from a previous page appended."""
    notes: list[Footnote] = []
    for part in parts:
        if part.continued and notes:
            notes[-1].lines.extend(part.continued)
        notes.extend(part.notes)
    return notes
