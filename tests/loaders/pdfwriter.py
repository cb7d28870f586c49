"""A tiny PDF writer for test fixtures: pages of text lines, superscripts, link annotations.

It writes the PDF syntax by hand (Helvetica, WinAnsi text, one content stream per
page, a cross-reference table), so fixture PDFs need no PDF library and stay readable.
Extra fonts (``Font``) model what real reports do to readers: a ToUnicode map that
gives one glyph several letters (a ligature), glyphs renamed to meaningless names with
no Unicode map, and a vertical Japanese font that is not embedded.
Run ``python -m tests.loaders.pdfwriter`` to regenerate the committed fixture PDFs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 612, 792
LEFT = 72


@dataclass
class Run:
    """A piece of a line: text in a size, raised by ``rise`` points (a superscript)."""

    text: str
    size: float = 11
    rise: float = 0
    font: str = "F1"


@dataclass
class Line:
    """A line of runs at a height on the page; ``matrix`` (a b c d) turns or mirrors it
    (``(-1, 0, 0, 1)``: mirror writing, drawn leftwards from ``x``)."""

    runs: list[Run]
    y: float
    x: float = LEFT
    matrix: tuple[float, float, float, float] = (1, 0, 0, 1)


@dataclass
class Font:
    """An extra font, named in a ``Run`` by its resource name.

    ``to_unicode`` maps codes to the text they stand for (one code to "ffi": a ligature);
    ``glyph_names`` renames the glyphs of codes (to "g131": glyph names no reader can
    map) and the font then has no Unicode map unless ``to_unicode`` gives one; its run
    text is given as the codes themselves (a character per byte);
    ``widths`` sets the advance of some codes (a narrow word space);
    ``vertical`` makes it a Japanese CID font written top to bottom (Identity-V), not
    embedded, whose run text is given as two-byte CIDs (``cid_text``).
    """

    base: str = "Helvetica"
    to_unicode: dict[int, str] = field(default_factory=dict)
    glyph_names: dict[int, str] = field(default_factory=dict)
    vertical: bool = False
    widths: dict[int, int] = field(default_factory=dict)  # advance widths (1/1000 em) by code


def cid_text(cids: list[int]) -> str:
    """Run text for a ``vertical`` font: each CID as two bytes (latin-1 characters)."""
    return "".join(chr(cid >> 8) + chr(cid & 0xFF) for cid in cids)


@dataclass
class Page:
    """A page: its lines and link annotations (rectangle, URL)."""

    lines: list[Line] = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


def _escape(text: str, raw_bytes: bool = False) -> bytes:
    raw = text.encode("latin-1") if raw_bytes else text.encode("cp1252", errors="replace")
    out = bytearray()
    for byte in raw:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += f"\\{byte:03o}".encode()
        else:
            out.append(byte)
    return bytes(out)


def _content(page: Page, fonts: dict[str, Font]) -> bytes:
    ops = [b"BT"]
    for line in page.lines:
        a, b, c, d = line.matrix
        ops.append(f"{a:g} {b:g} {c:g} {d:g} {line.x:.2f} {line.y:.2f} Tm".encode())
        for run in line.runs:
            ops.append(f"/{run.font} {run.size:g} Tf {run.rise:g} Ts".encode())
            codes = run.font in fonts and (fonts[run.font].vertical or bool(fonts[run.font].glyph_names))
            ops.append(b"(" + _escape(run.text, codes) + b") Tj")
    ops.append(b"ET")
    return b"\n".join(ops)


def _graphics_only() -> bytes:
    """A page that draws a grey box and no text: what a scanned page looks like to a reader."""
    return b"0.5 g 72 72 468 648 re f"


def _stream(body: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def _to_unicode(mapping: dict[int, str], width: int = 1) -> bytes:
    """A ToUnicode CMap: each code to its text (UTF-16BE)."""
    digits = width * 2
    entries = "\n".join(f"<{code:0{digits}X}> <{text.encode('utf-16-be').hex().upper()}>"
                        for code, text in sorted(mapping.items()))
    return (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            f"/CMapName /Fixture-UCS def /CMapType 2 def\n"
            f"1 begincodespacerange <{'0' * digits}> <{'F' * digits}> endcodespacerange\n"
            f"{len(mapping)} beginbfchar\n{entries}\nendbfchar\n"
            f"endcmap CMapName currentdict /CMap defineresource pop end end").encode()


def _font_objects(font: Font, add: Callable[[bytes], int]) -> int:
    """Write an extra font's objects; its font dictionary's object number."""
    if font.vertical:
        descendant = add(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Ryumin-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /Ryumin-Light /Flags 6 "
            b"/FontBBox [-170 -331 1024 903] /ItalicAngle 0 /Ascent 723 /Descent -241 "
            b"/CapHeight 709 /StemV 69 >> /DW 1000 /W2 [] >>")
        return add(f"<< /Type /Font /Subtype /Type0 /BaseFont /Ryumin-Light-Identity-V "
                   f"/Encoding /Identity-V /DescendantFonts [{descendant} 0 R] >>".encode())
    encoding = "/WinAnsiEncoding"
    if font.glyph_names:
        names = " ".join(f"{code} /{name}" for code, name in sorted(font.glyph_names.items()))
        encoding = f"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{names}] >>"
    widths = ""
    if font.widths:
        first, last = min(font.widths), max(font.widths)
        advances = " ".join(str(font.widths.get(code, 0)) for code in range(first, last + 1))
        widths = f" /FirstChar {first} /LastChar {last} /Widths [{advances}]"
    to_unicode = ""
    if font.to_unicode:
        to_unicode = f" /ToUnicode {add(_stream(_to_unicode(font.to_unicode)))} 0 R"
    return add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{font.base} /Encoding {encoding}"
               f"{widths}{to_unicode} >>".encode())


def build_pdf(pages: list[Page] | None, info: dict[str, str] | None = None, text_layer: bool = True,
              fonts: dict[str, Font] | None = None, inherited_box: tuple[int, int] | None = None) -> bytes:
    """The bytes of a PDF with ``pages`` (or one image-like page when ``text_layer`` is off);
    ``fonts`` are extra fonts by resource name, beside Helvetica as ``F1``;
    ``inherited_box`` (width, height) puts the page size on the page tree, which every
    page inherits, instead of on each page."""
    pages = pages or [Page()]
    fonts = fonts or {}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    resources = f"/F1 {font} 0 R" + "".join(f" /{name} {_font_objects(extra, add)} 0 R"
                                            for name, extra in fonts.items())
    own_box = "" if inherited_box else f"/MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
    page_ids = []
    for page in pages:
        stream = _content(page, fonts) if text_layer else _graphics_only()
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        annots = []
        for (x1, y1, x2, y2), url in page.links:
            annots.append(add(
                f"<< /Type /Annot /Subtype /Link /Rect [{x1:.1f} {y1:.1f} {x2:.1f} {y2:.1f}] "
                f"/Border [0 0 0] /A << /S /URI /URI ({url}) >> >>".encode()))
        annot_ref = (" /Annots [" + " ".join(f"{a} 0 R" for a in annots) + "]") if annots else ""
        page_ids.append(add(
            f"<< /Type /Page /Parent {pages_id} 0 R {own_box}"
            f"/Resources << /Font << {resources} >> >> /Contents {content} 0 R{annot_ref} >>".encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    tree_box = f" /MediaBox [0 0 {inherited_box[0]} {inherited_box[1]}]" if inherited_box else ""
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)}{tree_box} >>".encode()
    info_id = None
    if info:
        fields = " ".join(f"/{k} (" + _escape(v).decode("latin-1") + ")" for k, v in info.items())
        info_id = add(f"<< {fields} >>".encode("latin-1"))
    return _serialise(objects, catalog, info_id)


def _serialise(objects: list[bytes], root: int, info: int | None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root {root} 0 R"
    trailer += f" /Info {info} 0 R >>" if info else " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ----------------------------------------------------------------- page layout

class PageLayout:
    """Lays out paragraphs top-down and footnotes bottom-up, like a report page."""

    def __init__(self, header: str | None = None, number: int | None = None):
        """Start a page, with a running header and a page number if given."""
        self.page = Page()
        self.y: float = PAGE_HEIGHT - 72
        self.footnote_y: float = 72 + 24
        if header:
            self.page.lines.append(Line([Run(header, 8)], PAGE_HEIGHT - 40))
        if number is not None:
            self.page.lines.append(Line([Run(str(number), 9)], 40, PAGE_WIDTH / 2))

    def heading(self, text: str, size: float = 16) -> None:
        """A heading line in a larger size."""
        self.page.lines.append(Line([Run(text, size)], self.y))
        self.y -= size * 1.8

    def paragraph(self, text: str, size: float = 11, width: int = 88) -> None:
        """Wrapped text; ``^n`` after a word becomes a raised, smaller note marker."""
        for row in textwrap.wrap(text, width):
            self.page.lines.append(Line(_runs(row, size), self.y))
            self.y -= size * 1.3
        self.y -= size * 0.8

    def footnotes(self, notes: list[str], size: float = 8, width: int = 120) -> None:
        """Notes at the bottom of the page, above the page number, first note on top."""
        rows = [row for note in notes for row in textwrap.wrap(note, width)]
        y = self.footnote_y + size * 1.3 * (len(rows) - 1)
        for row in rows:
            self.page.lines.append(Line([Run(row, size)], y))
            y -= size * 1.3


def _runs(row: str, size: float) -> list[Run]:
    runs: list[Run] = []
    for index, piece in enumerate(row.split("^")):
        if index == 0:
            runs.append(Run(piece, size))
            continue
        digits = "".join(c for c in piece[:3] if c.isdigit())
        runs.append(Run(digits, size * 0.65, size * 0.35))
        runs.append(Run(piece[len(digits):], size))
    return [r for r in runs if r.text]


# ----------------------------------------------------------------- fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loaders"
HEADER = "Invented example report - Example Maritime Security Centre"


def red_sea_report() -> bytes:
    """The annotated PDF fixture: footnotes at page bottoms, a running header, references."""
    first = PageLayout(HEADER, 1)
    first.heading("Invented example: Maritime attacks in the Red Sea")
    first.paragraph("This report is an invented example written to test conflictkg.")
    first.paragraph(
        "The Houthis attacked at least twelve commercial vessels in the Red Sea between January and "
        "March 2025.^1 Most of the attacks were launched from Hudaydah, according to the Example "
        "Maritime Security Centre.^2 Iran supplies the Houthis with missile components, a UN panel of "
        "experts has reported, and the shipments reportedly pass through Oman.")
    first.paragraph(
        "Insurance premiums for vessels that sail through the Bab el-Mandeb strait rose sharply after "
        "the attacks began, and several carriers diverted their ships around the Cape of Good Hope.")
    first.footnotes(["1 Example Maritime Security Centre, Incident log Q1 2025, "
                     "https://example.org/emsc/q1-2025", "2 Ibid."])
    second = PageLayout(HEADER, 2)
    second.paragraph(
        "Al-Shabaab may have received weapons from the Houthis, according to officials in Mogadishu.^3 "
        "Shipping companies said insurance costs had tripled since the attacks began. The United States "
        "and the United Kingdom struck Houthi positions near Sanaa in February.")
    second.heading("References", 13)
    second.paragraph("Example Maritime Security Centre (2025). Incident log Q1 2025. "
                     "https://example.org/emsc/q1-2025")
    second.paragraph("UN Panel of Experts on Yemen (2025). Final report. https://example.org/un/yemen-panel-2025")
    second.footnotes(["3 Interviews with Somali officials, March 2025."])
    return build_pdf([first.page, second.page],
                     {"Title": "Invented example: Maritime attacks in the Red Sea",
                      "Author": "Example Maritime Security Centre",
                      "CreationDate": "D:20250410090000Z"})


ENCRYPTED = FIXTURES.parent / "pdf"


def aes_encrypted(user_password: str) -> bytes:
    """The report encrypted with AES-256 (random salts: written once, then committed).
    Writing needs pypdf with ``cryptography``; reading them needs neither."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(red_sea_report())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    """Write the committed PDF fixtures."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "red-sea-report.pdf").write_bytes(red_sea_report())
    ENCRYPTED.mkdir(parents=True, exist_ok=True)
    (ENCRYPTED / "aes-256-owner-password-only.pdf").write_bytes(aes_encrypted(""))
    (ENCRYPTED / "aes-256-user-password.pdf").write_bytes(aes_encrypted("secret"))


if __name__ == "__main__":
    main()
