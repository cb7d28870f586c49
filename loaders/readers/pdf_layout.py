"""Where each PDF line belongs: body, footnote, or running header and footer.

Page furniture is a line in the top or bottom margin whose shape (digits ignored)
recurs on half the pages of the same parity (books alternate left and right headers),
a page number, a line-number ruler, or a line printed outside the page. Footnotes are
the block of lines at a page's foot set smaller than that page's own body text, split
at labels that count up ("1 …", "2 …"); a page set entirely in small type (a syllabus)
has no footnotes, and unlabelled small lines at the top of the block continue the
previous page's last note. Nothing here deletes text: the assembler keeps every line
somewhere in the stored text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from loaders.readers.pdf_chars import PdfLine, PdfPage

MARGIN = 0.08
NOTE_SIZE = 0.92
MIN_BODY_SHARE = 0.2
# A raised label may skip a few numbers (notes in columns, a note set elsewhere).
LABEL_SKIP = 3
# Columns: left edges of 3+ lines, further apart than 0.8 of a typical line's width.
MIN_COLUMN_LINES = 3
COLUMN_GAP = 0.8
_PAGE_NUMBER = re.compile(
    r"^\s*[-–—]?\s*(?:(?:page|p\.|seite|página|page no\.?)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|de|von)\s*\d{1,4})?\s*[-–—]?\s*$", re.I)
_RULE = re.compile(r"^[\s\-_–—‒―─━=.·•*]+$")
# In a side margin: a line number of a ruler ("12") or a printer's mark ("R33", "S32").
_MARGIN_MARK = re.compile(r"^\s*[A-Z]?\d{1,3}\s*$")
# Pages a chapter's running head must recur on (of one parity) to count as furniture.
CHAPTER_PAGES = 3
# A running head's shape: short, one number (the page's) at its start or end.
_NUMBERED_HEAD = re.compile(r"^(?:# [^#]{1,60}|[^#]{1,60} #)$")
# A note's number, then a space or the note's first word; "1: Probably color" (a value
# in a list of a code listing at the page foot) is no note.
_LABEL = re.compile(r"^(\d{1,3})(?:[.)]?\s+(?![:;=])|(?=[^\d\s.,:;=]))")


@dataclass
class Footnote:
    """A footnote as printed at a page's foot: its page, label and lines (label removed)."""

    page: int
    label: str
    lines: list[PdfLine] = field(default_factory=list)


@dataclass
class PageParts:
    """One page split into body lines, footnotes, furniture and lines continuing a note."""

    page: PdfPage
    body: list[PdfLine]
    notes: list[Footnote]
    furniture: list[PdfLine]
    continued: list[PdfLine] = field(default_factory=list)


def body_size(pages: list[PdfPage]) -> float:
    """The type size most characters of the document are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def shape(text: str) -> str:
    """A line with digits and spacing ignored, to match headers that carry page numbers."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def at_edge(line: PdfLine, page: PdfPage) -> bool:
    """In the top or bottom margin of the page."""
    return line.y > page.height * (1 - MARGIN) or line.y < page.height * MARGIN


@dataclass(frozen=True)
class Running:
    """What recurs from page to page, and so is page furniture wherever it is printed."""

    shapes: set[str]                      # margin lines on half the pages of one parity
    chapter: set[tuple[int, str]]         # (parity, shape): a chapter's running head or foot
    fixed: set[tuple[str, int, int]]      # (text, y, x0): a line printed in one place on half the pages


def running_lines(pages: list[PdfPage]) -> Running:
    """The running shapes of a document (none for a single page)."""
    if len(pages) < 2:
        return Running(set(), set(), set())
    return Running(running_shapes(pages), chapter_shapes(pages), fixed_lines(pages))


def running_shapes(pages: list[PdfPage]) -> set[str]:
    """Shapes of margin lines repeated on at least half the pages of one parity, or of all."""
    shapes: set[str] = set()
    for group in ([p for p in pages if p.number % 2 == 0], [p for p in pages if p.number % 2], pages):
        counts: Counter[str] = Counter()
        for page in group:
            counts.update({shape(line.text) for line in page.lines if at_edge(line, page)})
        floor = max(2, (len(group) + 1) // 2)
        shapes |= {s for s, n in counts.items() if n >= floor}
    return shapes


def extreme_lines(page: PdfPage) -> list[PdfLine]:
    """The top and bottom lines inside the margins: where a book sets a chapter's running
    head or foot when its type area ends well inside the page box."""
    inside = [line for line in page.lines if not at_edge(line, page) and line.text.strip()]
    if not inside:
        return []
    return [max(inside, key=lambda line: line.y), min(inside, key=lambda line: line.y)]


def chapter_shapes(pages: list[PdfPage]) -> set[tuple[int, str]]:
    """(parity, shape) of top or bottom lines carrying a number ("AFTERWORD 289") that recur
    there on CHAPTER_PAGES or more pages of one parity: a chapter's running head, which
    lasts too few pages to recur on half of them."""
    counts: Counter[tuple[int, str]] = Counter()
    for page in pages:
        counts.update({(page.number % 2, shape(line.text)) for line in extreme_lines(page)
                       if _NUMBERED_HEAD.match(shape(line.text))})
    return {key for key, n in counts.items() if n >= CHAPTER_PAGES}


def fixed_lines(pages: list[PdfPage]) -> set[tuple[str, int, int]]:
    """Lines printed with the same text at the same place on half the pages or more
    (at least three), anywhere on the page: a watermark or a stamp in the margin."""
    counts: Counter[tuple[str, int, int]] = Counter()
    for page in pages:
        counts.update({_place(line) for line in page.lines})
    floor = max(CHAPTER_PAGES, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= floor}


def _place(line: PdfLine) -> tuple[str, int, int]:
    return " ".join(line.text.split()), round(line.y), round(line.x0)


def is_furniture(line: PdfLine, page: PdfPage, running: Running, left_edge: float,
                 extreme: bool = False) -> bool:
    """A running header or footer, a page number, a ruler number or printer's mark in the
    side margin, a rule drawn in text (the line above footnotes), a line repeated in one
    place (a watermark), or text off the page. ``extreme``: the page's top or bottom line."""
    if line.x1 < 0 or line.x0 > page.width or line.y < 0 or line.y > page.height:
        return True
    if _RULE.match(line.text):
        return True
    if _MARGIN_MARK.match(line.text) and (line.x1 < left_edge - 4 or line.x0 > page.width * 0.88):
        return True
    if _place(line) in running.fixed:
        return True
    if extreme and (page.number % 2, shape(line.text)) in running.chapter:
        return True
    if not at_edge(line, page):
        return False
    return bool(_PAGE_NUMBER.match(line.text)) or shape(line.text) in running.shapes


def left_edge(pages: list[PdfPage]) -> float:
    """Where most body lines start: a ruler of line numbers sits left of it."""
    starts: Counter[int] = Counter()
    for page in pages:
        for line in page.lines:
            if len(line.text) > 20:
                starts[int(line.x0)] += 1
    return float(starts.most_common(1)[0][0]) if starts else 0.0


def split_pages(pages: list[PdfPage]) -> list[PageParts]:
    """Every page's body, footnotes and furniture."""
    running = running_lines(pages)
    edge = left_edge(pages)
    size = body_size(pages)
    parts: list[PageParts] = []
    last_label = 0
    for page in pages:
        extremes = {id(line) for line in extreme_lines(page)}
        taken = {id(line) for line in page.lines
                 if is_furniture(line, page, running, edge, id(line) in extremes)}
        furniture = [line for line in page.lines if id(line) in taken]
        kept = [line for line in page.lines if id(line) not in taken]
        body, notes, continued = _split_notes(page, kept, last_label, bool(parts and parts[-1].notes),
                                              size)
        if notes:
            last_label = int(notes[-1].label)
        parts.append(PageParts(page, body, notes, furniture, continued))
    return parts


def _split_notes(page: PdfPage, lines: list[PdfLine], last_label: int, after_notes: bool,
                 text_size: float) -> tuple[list[PdfLine], list[Footnote], list[PdfLine]]:
    """(body, footnotes, unlabelled lines continuing the previous page's last note)."""
    block = _foot_block(lines, text_size)
    if not block:
        return lines, [], []
    body_text = {id(line) for line in lines} - {id(line) for line in block}
    body_labels = {line.text[s:e] for line in lines if id(line) in body_text for s, e in line.small_digits}
    notes: list[Footnote] = []
    continued: list[PdfLine] = []
    leftover: list[PdfLine] = []
    for line in block:
        label = _label(line)
        expected = int(notes[-1].label) + 1 if notes else None
        raised = any(s == 0 for s, _ in line.small_digits)
        if label is not None and (int(label) == expected or (
                expected is not None and raised and expected < int(label) <= expected + LABEL_SKIP) or (
                expected is None and (label in body_labels or int(label) in (1, last_label + 1)))):
            notes.append(Footnote(page.number, label, [_without_label(line, label)]))
        elif notes:
            notes[-1].lines.append(line)
        elif after_notes:
            continued.append(line)
        else:
            leftover.append(line)
    if not notes and not continued:
        return lines, [], []
    taken = {id(line) for line in block} - {id(line) for line in leftover}
    return [line for line in lines if id(line) not in taken], notes, continued


def _foot_block(lines: list[PdfLine], text_size: float) -> list[PdfLine]:
    """The lines at the page foot set smaller than the page's body, top to bottom.

    The body is the document's text size when the page has lines in it (a long note
    may fill more of a page than the body does), else the page's own commonest size.
    """
    if len(lines) < 2:
        return []
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    in_text_size = [len(line.text) for line in lines if line.size >= text_size * 0.95]
    has_body = sum(in_text_size) >= MIN_BODY_SHARE * sum(sizes.values())
    page_size = text_size if has_body else sizes.most_common(1)[0][0]
    starts = _column_starts(lines)
    columns: dict[int, list[PdfLine]] = {}
    for line in lines:
        columns.setdefault(bisect.bisect_right(starts, line.x0 + 2), []).append(line)
    block: list[PdfLine] = []
    for column in sorted(columns):
        for line in sorted(columns[column], key=lambda line: line.y):
            if line.size > page_size * NOTE_SIZE:
                break
            block.append(line)
    if len(block) == len(lines):
        return []
    return sorted(block, key=lambda line: (bisect.bisect_right(starts, line.x0 + 2), -line.y))


def _column_starts(lines: list[PdfLine]) -> list[float]:
    """Where the page's columns start: left edges shared by several lines, at least a
    column's width apart (a full-width line starts in the first column)."""
    counts = Counter(round(line.x0) for line in lines)
    widths = sorted(line.x1 - line.x0 for line in lines)
    narrow = widths[len(widths) // 2] * COLUMN_GAP if widths else 0.0
    starts: list[float] = []
    for x0 in sorted(x for x, n in counts.items() if n >= MIN_COLUMN_LINES):
        if not starts or x0 - starts[-1] > narrow:
            starts.append(float(x0))
    return starts or [0.0]


def _label(line: PdfLine) -> str | None:
    """The note number a footnote line starts with, printed raised, or followed by text
    that does not run on in lower case (a wrapped line starting "5 and 40 percent")."""
    raised = next((line.text[s:e] for s, e in line.small_digits if s == 0), None)
    if raised and len(raised) <= 3:
        return raised
    match = _LABEL.match(line.text)
    if not match or line.text[match.end():match.end() + 1].islower():
        return None
    return match.group(1)


def _without_label(line: PdfLine, label: str) -> PdfLine:
    rest = line.text[len(label):]
    stripped = rest.lstrip(" .)")
    cut = len(line.text) - len(stripped)
    digits = [(s - cut, e - cut) for s, e in line.small_digits if s >= cut]
    return PdfLine(stripped, line.y, line.x0, line.x1, line.size, digits)
