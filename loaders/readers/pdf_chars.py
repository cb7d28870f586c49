"""PDF characters to positioned lines, with pypdfium2 (PDFium, BSD/Apache licence).

PDFium gives every character its Unicode value, box, baseline and font size, and adds
the spaces a page leaves between words. From those we build lines by vertical overlap
(so a raised footnote digit stays on its line, and "comments" + raised "1" stays one
word with a marker we can see), insert a space wherever a gap is wider than a space
would be, and note which digit runs are raised or smaller than their line: the only
candidates for footnote markers and note labels. Why PDFium and not pypdf or
pdfminer.six is measured in ``benchmarks/pdf_backends.py`` (see docs/pdf.md).
"""

from __future__ import annotations

import ctypes
import io
import itertools
import logging
import math
import re
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from loaders.errors import LoadError
from loaders.source import RawSource

MAX_PAGES = 2000
MAX_CHARS = 5_000_000
SAME_LINE_OVERLAP = 0.5
SPACE_GAP = 0.1
# A slanted line goes on to a letter no further from the last than a word space (in ems).
SLANT_STEP = 0.6
RAISED = 0.2
SMALLER = 0.85
UNMAPPED_SHARE = 0.2
# A page with fewer characters than this is checked for text objects PDFium left off
# its text page (fonts it could not load): each object draws at least one character, so
# twice as many objects as characters means text is missing (a map whose labels PDFium
# reads has a few more objects than characters: empty and invisible ones). Pages of body
# text have far more characters, so they skip the check.
FEW_CHARS = 1500
MISSING_RATIO = 2
MAX_OBJECTS_CHECKED = 5000
WIDTHLESS = 0.01
DUPLICATE = 0.15
_LINE_BREAKS = {0x0D, 0x0A}
# PDFium reports a hyphen it takes for a line-end word break as U+0002.
SOFT_HYPHEN_CODE = 0x02
_UNMAPPED = {0x0000, 0xFFFE, 0xFFFF}
# A glyph name pypdf prints for a glyph it cannot map to Unicode ("/g131", "/cid12").
GLYPH_NAME = re.compile(r"/[A-Za-z]{1,5}\d+")
# PDFium is not thread-safe; the API may read uploads from several threads.
PDFIUM_LOCK = threading.Lock()


@dataclass
class _Glyph:
    char: str
    x0: float
    x1: float
    bottom: float
    top: float
    y: float
    size: float
    quadrant: int = 0
    # The previous character came from the same glyph (a ligature PDFium gives as its
    # letters, each with the glyph's box): never a letter printed twice.
    same_glyph: bool = False
    # Drawn mirrored (a character matrix that reflects): read in the mirror's own frame.
    mirrored: bool = False


_SPACE = _Glyph(" ", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass
class PdfLine:
    """One printed line: its text, baseline, extent, dominant size and marker candidates.

    ``small_digits`` are (start, end) index ranges of ``text`` holding digits that are
    raised above the baseline or set smaller than the line: footnote markers and labels.
    """

    text: str
    y: float
    x0: float
    x1: float
    size: float
    small_digits: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class PdfPage:
    """A page's lines in the order the page draws them, with its size and number."""

    number: int
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)


@dataclass
class PdfFile:
    """The pages read from one PDF, its metadata and what went wrong on the way."""

    pages: list[PdfPage]
    metadata: dict[str, str]
    warnings: list[str]


def read_pages(source: RawSource) -> PdfFile:
    """Open the PDF and turn every page into lines; a bad file is one LoadError."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(source.data)
        except pdfium.PdfiumError as exc:
            raise LoadError(source.name, _open_problem(str(exc))) from exc
        try:
            return _read_open(document, source.data)
        finally:
            document.close()


def _open_problem(message: str) -> str:
    """One line for the user: PDFium's reason without its wrapping ("Failed to load
    document (PDFium: Data format error).")."""
    if "password" in message.lower():
        return "PDF is encrypted and needs a password"
    reason = message.rsplit("PDFium:", 1)[-1].strip(" ).") if "PDFium:" in message else message
    if not reason or reason.lower() == "success":
        reason = "damaged file structure"
    return f"not a readable PDF ({reason.lower()})"


def _read_open(document: Any, data: bytes) -> PdfFile:
    warnings: list[str] = []
    pages: list[PdfPage] = []
    chars = 0
    fallback = _PypdfPages(data)
    miner = _PdfminerPages(data)
    for index in range(len(document)):
        if index >= MAX_PAGES or chars > MAX_CHARS:
            limit = f"{MAX_PAGES} pages" if index >= MAX_PAGES else f"{MAX_CHARS:,} characters"
            warnings.append(f"only the first {index} pages were read (limit: {limit})")
            break
        try:
            page, unmapped, missing, widthless = _read_page(document, index)
        except Exception as exc:  # one broken page must not lose the others
            warnings.append(f"page {index + 1} could not be read ({exc.__class__.__name__})")
            continue
        if widthless:
            page = miner.page(page, warnings, f"{widthless} text objects PDFium leaves off its text page "
                              "(no width: vertical text in a font that is not embedded)")
        elif unmapped > UNMAPPED_SHARE * (unmapped + sum(len(line.text) for line in page.lines)):
            read = fallback.page(page, warnings, "fonts without a Unicode map")
            if read is page:
                warnings.append(f"page {page.number}: {unmapped:,} characters in fonts without a Unicode "
                                "map could not be read (no reader can tell their letters; OCR the page)")
            page = read
        elif missing:
            page = fallback.page(page, warnings, "text in fonts PDFium could not load")
        chars += sum(len(line.text) for line in page.lines)
        pages.append(page)
    return PdfFile(pages, _metadata(document), warnings)


def _metadata(document: Any) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in document.get_metadata_dict(skip_empty=True).items()}
    except Exception:  # metadata is optional; a broken Info dict is ignored
        return {}


class _PageRead(NamedTuple):
    """A page as PDFium reads it, and what PDFium could not read on it."""

    page: PdfPage
    unmapped: int      # characters with no Unicode value
    missing: bool      # text objects missing from PDFium's text page (fonts it could not load)
    widthless: int     # text objects without width, which PDFium's text page skips


def _read_page(document: Any, index: int) -> _PageRead:
    """The page's lines, how many characters had no Unicode value, and which text
    objects PDFium left off its text page."""
    page = document[index]
    unmapped = [0]
    try:
        left, bottom, right, top = _page_box(page)
        textpage = page.get_textpage()
        try:
            glyphs = list(_glyphs(textpage.raw, (left, bottom, right - left, top - bottom), unmapped))
        finally:
            textpage.close()
        visible = sum(1 for g in glyphs if g is not None and g is not _SPACE)
        enough = MISSING_RATIO * visible
        objects, widthless = _text_objects(page.raw) if visible < FEW_CHARS else (0, 0)
        missing = objects > enough
    finally:
        page.close()
    width, height = float(right - left), float(top - bottom)
    turned = [g.quadrant % 2 for g in glyphs if g is not None]
    if turned and sum(turned) > len(turned) / 2:
        width, height = height, width
    return _PageRead(PdfPage(index + 1, width, height, _lines(glyphs)), unmapped[0], missing, widthless)


def _page_box(page: Any) -> tuple[float, float, float, float]:
    """The page's media box. PDFium answers only a box of the page's own, and pypdfium2
    then gives US Letter upright; a box inherited from the page tree (a landscape book
    sets it once) is the page's bounding box, which PDFium resolves."""
    import pypdfium2.raw as c

    box = [ctypes.c_float() for _ in range(4)]
    if c.FPDFPage_GetMediaBox(page.raw, *box):
        left, bottom, right, top = (v.value for v in box)
        return float(left), float(bottom), float(right), float(top)
    left, bottom, right, top = page.get_bbox()
    return float(left), float(bottom), float(right), float(top)


def _text_objects(raw_page: Any) -> tuple[int, int]:
    """(text objects on the page, those without width). PDFium's text page skips a text
    object whose box has no width: a column of vertical Japanese in a font that is not
    embedded, when no installed font has its glyphs, is drawn but never read."""
    import pypdfium2.raw as c

    found = widthless = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(min(c.FPDFPage_CountObjects(raw_page), MAX_OBJECTS_CHECKED)):
        obj = c.FPDFPage_GetObject(raw_page, index)
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_TEXT:
            continue
        found += 1
        if c.FPDFPageObj_GetBounds(obj, left, bottom, right, top) and \
                abs(right.value - left.value) < WIDTHLESS and top.value - bottom.value > 1:
            widthless += 1
    return found, widthless


class _Quiet:
    """A library's log records below errors held back while it reads a page for us: the
    user gets the reader's own warnings (which page, and why), one line each."""

    def __init__(self, name: str):
        self.logger = logging.getLogger(name)
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def end(self) -> None:
        self.logger.setLevel(self.level)


class _PypdfPages:
    """pypdf's reading of pages PDFium reads badly, the file parsed once when first needed."""

    def __init__(self, data: bytes):
        self.data = data
        self.reader: Any = None

    def page(self, page: PdfPage, warnings: list[str], reason: str) -> PdfPage:
        """The page as pypdf decodes it, when that gives more text than PDFium did;
        lines keep their order but get evenly spaced positions (no marker candidates),
        so such a page has its text but no footnotes."""
        quiet = _Quiet("pypdf")  # its font notes ("fontTools is required ...") are not ours to print
        try:
            if self.reader is None:
                from pypdf import PdfReader

                self.reader = PdfReader(io.BytesIO(self.data), strict=False)
            text = self.reader.pages[page.number - 1].extract_text() or ""
        except Exception:  # pypdf failing here leaves PDFium's reading of the page
            return page
        finally:
            quiet.end()
        return _pypdf_lines(page, text, warnings, reason)


class _PdfminerPages:
    """pdfminer.six's reading of pages whose text objects PDFium skips, with positions.

    pdfminer.six decodes CID fonts through their character collection (Adobe-Japan1
    and the others) when a font has no Unicode map and is not embedded, where pypdf
    prints mojibake, and it gives each character's box, so such a page keeps its
    footnotes and markers. It is slow, so only those pages are read with it. It is
    optional: without it the page keeps what PDFium read, and a warning says so.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.pages: list[Any] | None = None
        self.reader: Any = None

    def page(self, page: PdfPage, warnings: list[str], reason: str) -> PdfPage:
        """The page as pdfminer.six reads it, when that gives more text than PDFium did."""
        quiet = _Quiet("pdfminer")
        try:
            glyphs = self._glyphs(page.number - 1)
        except ImportError:
            warnings.append(f"page {page.number}: {reason}; its text is incomplete (pdfminer.six, "
                            "which reads it, is not installed)")
            return page
        except Exception as exc:  # pdfminer failing here leaves PDFium's reading of the page
            warnings.append(f"page {page.number}: {reason}; its text is incomplete (pdfminer.six "
                            f"could not read it: {exc.__class__.__name__})")
            return page
        finally:
            quiet.end()
        lines = _lines(glyphs)
        if sum(len(line.text) for line in lines) <= sum(len(line.text) for line in page.lines):
            return page
        warnings.append(f"page {page.number}: {reason}; text read by pdfminer.six")
        return PdfPage(page.number, page.width, page.height, lines)

    def _glyphs(self, index: int) -> list[_Glyph | None]:
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        if self.pages is None:
            document = PDFDocument(PDFParser(io.BytesIO(self.data)))
            self.pages = list(itertools.islice(PDFPage.create_pages(document), MAX_PAGES))
            resources = PDFResourceManager()
            device = PDFPageAggregator(resources, laparams=None)
            self.reader = (PDFPageInterpreter(resources, device), device)
        interpreter, device = self.reader
        interpreter.process_page(self.pages[index])
        layout = device.get_result()
        x0, y0, x1, y1 = layout.bbox
        return list(_miner_glyphs(layout, (x0, y0, x1 - x0, y1 - y0)))


def _miner_glyphs(layout: Any, frame: tuple[float, float, float, float]) -> Iterator[_Glyph | None]:
    """pdfminer.six's characters as glyphs, in the order the page draws them (a ligature,
    one character with several letters, is given letter by letter in its box)."""
    from pdfminer.layout import LTChar

    for item in layout:
        if isinstance(item, LTChar):
            text = item.get_text()
            if text.startswith("(cid:") or not text:  # no Unicode value: never guessed at
                yield _SPACE
                continue
            a, b, c, d, e, _f = item.matrix
            for offset, char in enumerate(text):
                if char.isspace():
                    yield _SPACE
                    continue
                glyph = _Glyph(char, item.x0, item.x1, item.y0, item.y1, item.y0, float(item.size),
                               same_glyph=offset > 0)
                yield _oriented(glyph, frame, (a, b, c, d), e)
        elif hasattr(item, "__iter__"):  # a form XObject drawn on the page (LTFigure)
            yield from _miner_glyphs(item, frame)


def _pypdf_lines(page: PdfPage, text: str, warnings: list[str], reason: str) -> PdfPage:
    rows = [row.strip() for row in text.splitlines() if row.strip()]
    # pypdf prints a glyph it cannot map as the glyph's name ("/g131"): not text, and
    # a page whose text is largely names is one pypdf could not decode either.
    chars = sum(map(len, rows))
    names = sum(len(name) for row in rows for name in GLYPH_NAME.findall(row))
    if names > UNMAPPED_SHARE * chars or chars - names <= sum(len(line.text) for line in page.lines):
        return page
    warnings.append(f"page {page.number}: {reason}; text read by pypdf, without positions")
    size = statistics.median([line.size for line in page.lines]) if page.lines else 10.0
    step = page.height / (len(rows) + 2)
    lines = [PdfLine(row, page.height - step * (i + 1), 0.0, page.width, size) for i, row in enumerate(rows)]
    return PdfPage(page.number, page.width, page.height, lines)


def _glyphs(raw: Any, frame: tuple[float, float, float, float],
            unmapped: list[int]) -> Iterator[_Glyph | None]:
    """Each character with its geometry turned so its line runs left to right; None
    where PDFium breaks a line."""
    import pypdfium2.raw as c

    count = c.FPDFText_CountChars(raw)
    box = c.FS_RECTF()
    matrix = c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    unicode, loose_box, origin = c.FPDFText_GetUnicode, c.FPDFText_GetLooseCharBox, c.FPDFText_GetCharOrigin
    char_matrix, font_size = c.FPDFText_GetMatrix, c.FPDFText_GetFontSize
    map_error = c.FPDFText_HasUnicodeMapError
    text_object = getattr(c, "FPDFText_GetTextObject", None)
    skip = False
    last: tuple[float, float, float, float] | None = None
    last_index = -1
    for index in range(count):
        if skip:
            skip = False
            continue
        code = unicode(raw, index)
        if 0xD800 <= code <= 0xDFFF:  # PDFium keeps characters beyond the BMP as UTF-16 pairs
            code, skip = _surrogate_pair(code, unicode(raw, index + 1) if index + 1 < count else 0)
        if code in _LINE_BREAKS:
            yield None
            continue
        if code in (9, 32, 0xA0):
            yield _SPACE  # only its place in the sequence matters
            continue
        if code in _UNMAPPED or map_error(raw, index) == 1:
            unmapped[0] += 1
            # A glyph no Unicode map names is never guessed at; it still stands between
            # what is read on either side (a word in a font with a map, the next in one
            # without), so it separates them as a space would.
            yield _SPACE
            continue
        if code < 32 and code != SOFT_HYPHEN_CODE:
            continue
        loose_box(raw, index, box)
        origin(raw, index, x, y)
        char_matrix(raw, index, matrix)
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
        corners = (box.left, box.right, box.bottom, box.top)
        same_glyph = corners == last and last_index == index - 1 and _same_object(
            text_object, raw, index)
        last, last_index = corners, index
        glyph = _Glyph("-" if code == SOFT_HYPHEN_CODE else chr(code), box.left, box.right, box.bottom,
                       box.top, y.value, float(font_size(raw, index)) * scale, same_glyph=same_glyph)
        yield _oriented(glyph, frame, (matrix.a, matrix.b, matrix.c, matrix.d), x.value)


def _oriented(glyph: _Glyph, frame: tuple[float, float, float, float],
              matrix: tuple[float, float, float, float], origin_x: float) -> _Glyph:
    """The glyph in its line's reading frame. A matrix that reflects (negative
    determinant: mirror writing, as a page printed for a transparency or a test file's
    mirrored pages) is a rotation of the mirror image: the rotation is undone, then the
    mirror, so "The movie" drawn leftwards with each letter flipped reads "The movie"."""
    a, b, c, d = matrix
    if a * d - b * c >= 0:
        if not b and a >= 0:
            return glyph
        return _turned(glyph, frame, round(math.atan2(b, a) / (math.pi / 2)) % 4, origin_x)
    quadrant = round(math.atan2(-b, -a) / (math.pi / 2)) % 4
    turned = _turned(glyph, frame, quadrant, origin_x)
    left, _bottom, width, height = frame
    low, span = (left, width) if quadrant == 0 else (0.0, height if quadrant % 2 else width)
    return replace(turned, x0=2 * low + span - turned.x1, x1=2 * low + span - turned.x0, mirrored=True)


def _same_object(text_object: Any, raw: Any, index: int) -> bool:
    """The character and the one before it belong to one text object (the same show
    operation): with the same box, they are one glyph's letters. Fake bold draws each
    letter again from another object, half a point away."""
    if text_object is None:  # an older PDFium: the shared box alone decides
        return True
    first, second = text_object(raw, index - 1), text_object(raw, index)
    return bool(first) and ctypes.cast(first, ctypes.c_void_p).value == ctypes.cast(
        second, ctypes.c_void_p).value


def _surrogate_pair(high: int, low: int) -> tuple[int, bool]:
    """(the character a high and low surrogate encode, True), or (unmapped, False) for a
    lone surrogate, which no text may hold."""
    if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), True
    return 0xFFFE, False


def _turned(glyph: _Glyph, frame: tuple[float, float, float, float], quadrant: int,
            origin_x: float) -> _Glyph:
    """The glyph in the frame of its own text direction (rotated pages, turned tables)."""
    left, bottom, width, height = frame
    if quadrant == 0:
        return glyph
    corners = [_turn(px - left, py - bottom, quadrant, width, height)
               for px, py in ((glyph.x0, glyph.bottom), (glyph.x1, glyph.top))]
    xs, ys = [cx for cx, _ in corners], [cy for _, cy in corners]
    _, baseline = _turn(origin_x - left, glyph.y - bottom, quadrant, width, height)
    return _Glyph(glyph.char, min(xs), max(xs), min(ys), max(ys), baseline, glyph.size, quadrant,
                  glyph.same_glyph, glyph.mirrored)


def _turn(x: float, y: float, quadrant: int, width: float, height: float) -> tuple[float, float]:
    if quadrant == 1:
        return y, width - x
    if quadrant == 2:
        return width - x, height - y
    return height - y, x


def _lines(glyphs: list[_Glyph | None]) -> list[PdfLine]:
    """Group characters into lines by vertical overlap, in the order they are drawn."""
    groups: list[list[_Glyph]] = []
    current: list[_Glyph] = []
    band: tuple[float, float] | None = None
    vertical = False
    for glyph in glyphs:
        if glyph is None:
            continue
        if glyph.char.isspace():
            if current:
                current.append(glyph)
            continue
        last = next((g for g in reversed(current) if not g.char.isspace()), None)
        if vertical and last is not None and _stacked(last, glyph):
            current.append(glyph)
            continue
        if not vertical and band is not None and last is not None and _same_line(band, glyph, last):
            if _overprinted(last, glyph):
                continue
            vertical = len(current) == 1 and _stacked(last, glyph)
            current.append(glyph)
            if glyph.top - glyph.bottom > band[1] - band[0]:
                band = (glyph.bottom, glyph.top)
            continue
        if current:
            groups.append(current)
        current = [glyph]
        band = (glyph.bottom, glyph.top)
        vertical = False
    if current:
        groups.append(current)
    return [line for line in (_line(group) for group in groups) if line.text]


def _same_line(band: tuple[float, float], glyph: _Glyph, last: _Glyph) -> bool:
    if glyph.quadrant != last.quadrant or glyph.mirrored != last.mirrored:
        return False
    if _stacked(last, glyph):
        return True
    if _overlap(band, glyph) < SAME_LINE_OVERLAP:
        # A slanted line (a label set along a drawing) drifts off its first letters'
        # band, letter by letter: it goes on while each letter sits beside the last one.
        size = max(glyph.size, 1.0)
        return (abs(glyph.size - last.size) < 0.1 * size and _overlap((last.bottom, last.top), glyph)
                >= SAME_LINE_OVERLAP and last.x0 <= glyph.x0 <= last.x1 + SLANT_STEP * size)
    return glyph.x0 >= last.x0 - 3 * max(glyph.size, 1.0) or _out_of_order(glyph)


def _out_of_order(glyph: _Glyph) -> bool:
    """PDFium's text page gives mirrored and upside-down characters out of reading order
    (a line's second half before its first, "of life ... far from" + "The movie ... the
    way"): such a line is ordered by position."""
    return glyph.mirrored or glyph.quadrant == 2


def _overlap(band: tuple[float, float], glyph: _Glyph) -> float:
    """How much of the lower of a band and a glyph's box the two share, vertically."""
    low, high = band
    smaller = min(high - low, glyph.top - glyph.bottom) or 1.0
    return (min(high, glyph.top) - max(low, glyph.bottom)) / smaller


def _overprinted(before: _Glyph, glyph: _Glyph) -> bool:
    """The same character drawn again on top of itself (fake bold, a shadow): one letter.
    Letters of one glyph ("ffi" given as f, f, i in the glyph's box) are all kept."""
    near = DUPLICATE * max(glyph.size, 1.0)
    return (not glyph.same_glyph and glyph.char == before.char and abs(glyph.x0 - before.x0) < near
            and abs(glyph.y - before.y) < near)


def _stacked(above: _Glyph, below: _Glyph) -> bool:
    """Vertical CJK writing: the next character directly under the last one."""
    if not (_is_cjk(above.char) and _is_cjk(below.char)):
        return False
    overlap = min(above.x1, below.x1) - max(above.x0, below.x0)
    return overlap > 0.5 * (below.x1 - below.x0) and -below.size / 2 <= above.bottom - below.top < below.size


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def _line(glyphs: list[_Glyph]) -> PdfLine:
    while glyphs and glyphs[-1].char.isspace():
        glyphs = glyphs[:-1]
    visible = [g for g in glyphs if not g.char.isspace()]
    if not visible:
        return PdfLine("", 0.0, 0.0, 0.0, 0.0)
    if _out_of_order(visible[0]):  # word spaces then come from the gaps alone
        glyphs = visible = sorted(visible, key=lambda g: g.x0)
    size = _dominant_size(visible)
    baseline = statistics.median(g.y for g in visible if g.size >= size * 0.95) if any(
        g.size >= size * 0.95 for g in visible) else visible[0].y
    text: list[str] = []
    small: list[bool] = []
    previous: _Glyph | None = None
    for glyph in glyphs:
        if previous is not None and not glyph.char.isspace() and not previous.char.isspace() \
                and _gap_is_a_space(previous, glyph) and not _stacked(previous, glyph):
            text.append(" ")
            small.append(False)
        if glyph.char.isspace() and text and text[-1] == " ":
            continue
        text.append(" " if glyph.char.isspace() else glyph.char)
        small.append(glyph.char.isdigit() and _raised_or_smaller(glyph, baseline, size))
        previous = glyph
    return PdfLine("".join(text), baseline, visible[0].x0, max(g.x1 for g in visible), size,
                   _runs(small))


def _dominant_size(glyphs: list[_Glyph]) -> float:
    counts: dict[float, int] = {}
    for glyph in glyphs:
        key = round(glyph.size * 2) / 2
        counts[key] = counts.get(key, 0) + 1
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _gap_is_a_space(before: _Glyph, after: _Glyph) -> bool:
    """A gap between advance boxes wider than a tenth of the type size, or a jump back,
    separates two words."""
    size = max(min(before.size, after.size), 1.0)
    gap = after.x0 - before.x1
    return gap > size * SPACE_GAP or gap < -size * 2


def _raised_or_smaller(glyph: _Glyph, baseline: float, size: float) -> bool:
    return glyph.y > baseline + size * RAISED or glyph.size < size * SMALLER


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index))
            start = None
    return runs
