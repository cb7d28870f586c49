"""PDF text as printed: footnotes kept and joined by position, nothing rewritten or lost."""

from __future__ import annotations

import json

import pytest

from loaders.build import report_node
from loaders.document import Document
from loaders.readers import read_document
from loaders.readers.pdf import read_pdf_with_footnotes
from loaders.source import source_from_bytes
from tests.loaders.conftest import assert_spans_exact, extract_bytes
from tests.loaders.pdfwriter import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Font,
    Line,
    Page,
    PageLayout,
    Run,
    build_pdf,
    cid_text,
)

HEADER_EVEN = "Example Monitoring Group - Quarterly review"
HEADER_ODD = "Security in the Lake Region, 2025"


def read(data: bytes) -> Document:
    return read_document(source_from_bytes("report.pdf", data))


def body(doc: Document) -> str:
    return doc.text[:min((s for s, _ in doc.apparatus), default=len(doc.text))]


def notes_report() -> bytes:
    """A page citing two notes (one glued to a word, one after a figure), a figure in small
    type that is no marker, and a third note no marker cites."""
    return build_pdf([_notes_page()])


def _notes_page() -> Page:
    page = PageLayout(HEADER_ODD, 1)
    page.paragraph("The monitors recorded the comments^1 of displaced families near the lake.")
    page.paragraph("Officials reported that 240 houses were burned in March 2025.^2")
    page.page.lines.append(Line([Run("Casualties: ", 11), Run("12", 8), Run(" killed, none wounded.", 11)],
                                page.y))
    page.y -= 30
    page.paragraph("A second paragraph gives the context of the attacks and the return of families.")
    page.footnotes([
        "1 UN Security Council, report of the Panel of Experts, S/2024/65, 2024.",
        "2 Example Monitoring Group, Incident data, doi:10.5555/emg.2025.17",
        "3 The group's methodology is described in an annex to this report."])
    return page.page


def test_markers_are_raised_digits_kept_as_printed_and_joined_to_their_notes() -> None:
    doc = read(notes_report())
    assert "the comments1 of displaced families" in doc.text
    assert "in March 2025.2" in doc.text and "[" not in body(doc)
    assert [(doc.text[n.start:n.end], n.label) for n in doc.notes] == [("1", "1"), ("2", "2")]
    first, second = doc.notes
    assert first.text == "UN Security Council, report of the Panel of Experts, S/2024/65, 2024."
    assert doc.text[first.note_start:first.note_end] == first.text
    assert second.text == "Example Monitoring Group, Incident data, doi:10.5555/emg.2025.17"


def test_a_figure_in_small_type_is_not_a_marker_and_stays_as_printed() -> None:
    doc = read(notes_report())
    assert "Casualties: 12 killed, none wounded." in body(doc)
    assert all(doc.text[n.start:n.end] != "12" for n in doc.notes)


def test_every_footnote_is_kept_in_a_notes_section_with_its_page() -> None:
    doc, footnotes = read_pdf_with_footnotes(source_from_bytes("report.pdf", notes_report()))
    assert [(f.page, f.label) for f in footnotes] == [(1, "1"), (1, "2"), (1, "3")]
    notes = doc.text.index("\nNotes\n")
    assert "The group's methodology is described" not in body(doc)
    uncited = footnotes[2]
    assert doc.text[uncited.start:uncited.end] == (
        "The group's methodology is described in an annex to this report.")
    assert uncited.start > notes and any(s <= uncited.start < e for s, e in doc.apparatus)
    page_of = max((offset, page) for offset, page in doc.pages if offset <= uncited.start)[1]
    assert page_of == 1


def test_notes_become_footnote_citations_carrying_the_described_document_never_claims() -> None:
    extraction = extract_bytes("report.pdf", notes_report())
    assert_spans_exact(extraction)
    assert not any("Panel of Experts" in c.text or "methodology" in c.text for c in extraction.claims)
    cited = {c.anchor: c for claim in extraction.claims for c in claim.citations if c.kind == "footnote"}
    assert cited["1"].target == "UN Security Council, report of the Panel of Experts, S/2024/65, 2024."
    assert cited["1"].target_url is None
    assert cited["2"].target_url == "https://doi.org/10.5555/emg.2025.17"


def test_a_note_running_onto_the_next_page_is_one_note() -> None:
    first = PageLayout(None, 1)
    first.paragraph("The first page makes a claim about the camps near the border.^1")
    first.footnotes(["1 Interviews with residents in the border districts, conducted by the group"])
    second = PageLayout(None, 2)
    second.paragraph("The second page goes on with the story of the camps and the families.")
    second.footnotes(["in March and April 2025; names withheld."])
    doc = read(build_pdf([first.page, second.page]))
    (note,) = doc.notes
    assert " ".join(note.text.split()) == (
        "Interviews with residents in the border districts, conducted by the group "
        "in March and April 2025; names withheld.")
    assert "names withheld" not in body(doc)


def test_a_page_set_in_small_type_keeps_its_body() -> None:
    syllabus = PageLayout(None, 1)
    syllabus.paragraph("Syllabus. The court held that the compact does not pre-empt the statutes.", size=8)
    syllabus.paragraph("1 Held: the judgment of the court of appeals is affirmed in full.", size=8)
    opinion = PageLayout(None, 2)
    for _ in range(3):
        opinion.paragraph("The opinion of the court is set in the larger body type of the report.")
    doc = read(build_pdf([syllabus.page, opinion.page]))
    assert "the compact does not pre-empt the statutes." in body(doc)
    assert "1 Held: the judgment of the court of appeals is affirmed" in body(doc)
    assert "\nNotes\n" not in doc.text


def test_running_headers_alternate_by_page_parity_and_are_kept_with_their_pages() -> None:
    pages = []
    for number in range(1, 7):
        layout = PageLayout(HEADER_ODD if number % 2 else HEADER_EVEN, number)
        layout.paragraph(f"Page {number} reports on the security situation in district {number}.")
        pages.append(layout.page)
    doc = read(build_pdf(pages))
    assert HEADER_ODD not in body(doc) and HEADER_EVEN not in body(doc)
    furniture = doc.text.index("\nRunning headers and footers\n")
    assert doc.text.count(HEADER_ODD) == 3 and doc.text.count(HEADER_EVEN) == 3
    fourth = [offset for offset, page in doc.pages if page == 4 and offset > furniture]
    assert [doc.text[o:doc.text.index("\n", o)] for o in fourth] == [HEADER_EVEN, "4"]
    starts = dict((page, offset) for offset, page in doc.pages[:6])
    assert doc.text[starts[4]:].startswith("Page 4 reports")


def test_words_broken_at_line_end_hyphens_are_rejoined_and_recorded() -> None:
    page = PageLayout(None, 1)
    rows = ["The displaced families returned to the settle-", "ment after the attacks. A well-known",
            "local leader, a well-", "known figure, spoke to the monitors."]
    y: float = PAGE_HEIGHT - 72
    for row in rows:
        page.page.lines.append(Line([Run(row, 11)], y))
        y -= 14.3
    doc = read(build_pdf([page.page]))
    assert "returned to the settlement after the attacks." in doc.text
    assert "a well-known figure" in doc.text
    spans = {doc.text[s:e]: printed for s, e, printed in doc.printed}
    assert spans["settlement"] == "settle-\nment" and spans["well-known"] == "well-\nknown"


def test_a_line_number_ruler_is_not_body_text() -> None:
    page = PageLayout(None, None)
    for number in range(1, 9):
        page.page.lines.append(Line([Run(str(number), 9)], page.y, 40))
        page.paragraph(f"Line {number} of the pleading describes the events of the night in detail.")
    doc = read(build_pdf([page.page]))
    assert "Line 3 of the pleading" in doc.text
    assert not [line for line in body(doc).splitlines() if line.strip().isdigit()]


def test_bytes_before_the_pdf_header_are_no_obstacle() -> None:
    data = b"%%EOF\r\n" + notes_report()
    doc = read(data)
    assert doc.format == "pdf" and "the comments1 of displaced families" in doc.text


def test_endnote_markers_join_a_notes_section_by_position_only() -> None:
    page = PageLayout(None, 1)
    page.paragraph("The militia moved into the valley in spring.^1 It held 2 villages by June.")
    page.paragraph("The army answered with air strikes on the valley roads.^2")
    end = PageLayout(None, 2)
    end.heading("Notes", 13)
    end.paragraph("1 Example Institute, Valley brief, https://example.org/valley")
    end.paragraph("2 Statement by the army, 3 June 2025.")
    doc = read(build_pdf([page.page, end.page]))
    assert [(doc.text[n.start:n.end], n.label) for n in doc.notes] == [("1", "1"), ("2", "2")]
    assert doc.notes[0].url == "https://example.org/valley"
    assert "It held 2 villages" in doc.text


def test_characters_beyond_the_basic_plane_are_whole_and_lone_surrogates_dropped() -> None:
    from loaders.readers.pdf_chars import _surrogate_pair

    assert _surrogate_pair(0xD835, 0xDC56) == (ord("𝑖"), True)
    assert _surrogate_pair(0xDC56, 0x41) == (0xFFFE, False)


def test_normalised_words_are_recorded_with_what_the_page_printed_in_json_and_store() -> None:
    page = PageLayout(None, None)
    for row in ("The two parties reached a settle-", "ment in the capital after the talks ended."):
        page.page.lines.append(Line([Run(row, 11)], page.y))
        page.y -= 11 * 1.3
    extraction = extract_bytes("report.pdf", build_pdf([page.page]))
    text = extraction.report.text
    assert "a settlement in the capital" in text
    (start, end, printed), = extraction.printed
    assert (text[start:end], printed) == ("settlement", "settle-\nment")
    assert extraction.to_json()["printed"] == [{"start": start, "end": end, "printed": printed}]
    assert json.loads(report_node(extraction).props["printed"]) == [[start, end, printed]]


def test_a_compound_broken_at_the_line_end_keeps_its_hyphen_and_a_broken_word_is_rejoined() -> None:
    page = PageLayout(None, None)
    for row in ("Even so, an appellant can make a three-", "part showing and a settle-",
                "ment of the claims follows the self-", "defense argument in the court."):
        page.page.lines.append(Line([Run(row, 11)], page.y))
        page.y -= 11 * 1.3
    doc = read(build_pdf([page.page]))
    assert "a three-part showing and a settlement of the claims follows the self-defense argument" in doc.text
    assert [p for _, _, p in doc.printed] == ["three-\npart", "settle-\nment", "self-\ndefense"]
    assert all(doc.text[s:e].replace("-", "") == p.replace("-\n", "") for s, e, p in doc.printed)


def test_chapter_feet_watermarks_and_printers_marks_are_furniture_and_a_word_runs_on_across_pages() -> None:
    pages = []
    for number in range(1, 7):
        layout = PageLayout(None, None)
        ending = "and the families then reached a settle-" if number == 1 else "and returned to it."
        opening = "ment with the council" if number == 2 else "The monitors met the families"
        layout.paragraph(f"{opening} of district {number} in the spring, {ending}")
        layout.page.lines.append(Line([Run(f"AFTERWORD {288 + number}", 8)], 90, 300))
        layout.page.lines.append(Line([Run("jbell on DSKJLSW7X2PROD with PROPOSALS", 5)], 400, 18))
        layout.page.lines.append(Line([Run("R33", 10)], 300, 560))
        pages.append(layout.page)
    doc = read(build_pdf(pages))
    text = body(doc)
    assert "AFTERWORD" not in text and "jbell" not in text and "R33" not in text
    assert "a settlement with the council of district 2" in text
    furniture = doc.text[doc.text.index("\nRunning headers and footers\n"):]
    assert [furniture.count(kept) for kept in ("AFTERWORD 2", "jbell on", "R33")] == [6, 6, 6]
    second = next(offset for offset, page in doc.pages if page == 2)
    assert doc.text[second:].startswith("ment with the council")


# Helvetica's advance widths (per 1,000 units of type size) of the letters drawn one by one.
HELVETICA = {"A": 667, "l": 222, "e": 556, "r": 333, "t": 278, " ": 278}


def test_the_letters_of_one_ligature_glyph_are_all_kept_and_fake_bold_is_read_once() -> None:
    # One glyph that stands for "ffi" (or "tt") gives its letters one shared box: they are
    # not a letter printed twice, so none of them is dropped ("oficers" lost an f).
    ligatures = Line([Run("Three police o\xaecers had a be\xafer plan.", 11, font="F2")], 700)
    # Fake bold: each letter drawn twice, the second copy half a point to the right.
    bold: list[Line] = []
    x = 72.0
    for letter in "Alert":
        bold += [Line([Run(letter)], 650, x), Line([Run(letter)], 650, x + 0.5)]
        x += HELVETICA[letter] * 11 / 1000
    page = Page([ligatures, *bold, Line([Run("was issued on Monday.")], 650, x + 3)])
    doc = read(build_pdf([page], fonts={"F2": Font(to_unicode={0xAE: "ffi", 0xAF: "tt"})}))
    assert "Three police officers had a better plan." in doc.text
    assert "Alert was issued on Monday." in doc.text


def test_glyph_names_of_a_font_without_a_unicode_map_are_never_stored_as_text() -> None:
    # A subset font whose glyphs are named by number ("g131" for "a") and which has no
    # Unicode map: no reader can tell its letters. pypdf prints the names ("/g150/g138"),
    # which are not what the page printed; the page's readable text is kept, and a
    # warning says which page has characters that could not be read.
    codes = {letter: ord(letter) + 34 for letter in "abcdefghijklmnopqrstuvwxyz"}
    names = {code: f"g{code}" for code in codes.values()} | {0x82: "g3"}
    unreadable = "".join(chr(codes[c]) if c != " " else "\x82"
                         for c in "the monitors counted twelve villages burned in the valley")
    page = PageLayout(None, None)
    page.heading("Findings of the monitoring mission")
    # A caption in a font with a map, its word space (narrow) in the one without.
    caption = [Run("Initial scale items"), Run("\x82\x82", font="F2"), Run("for the survey")]
    page.page.lines.append(Line(caption, page.y))
    page.y -= 14
    for _ in range(8):
        page.page.lines.append(Line([Run(unreadable, 11, font="F2")], page.y))
        page.y -= 14
    doc = read(build_pdf([page.page], fonts={"F2": Font(glyph_names=names, widths={0x82: 40})}))
    assert "Findings of the monitoring mission" in doc.text
    assert "/g1" not in doc.text and "/g3" not in doc.text
    assert any(w.startswith("page 1:") and "could not be read" in w for w in doc.warnings)
    # The unreadable glyph between two read words parts them: never "itemsfor".
    assert "Initial scale items for the survey" in doc.text


def test_a_page_size_inherited_from_the_page_tree_is_the_page_size() -> None:
    # A landscape page whose size is given once for all pages, on the page tree: PDFium
    # reports no box of the page's own, and pypdfium2 then answers US Letter upright,
    # which put the right half of the page "off the page" (furniture, out of the body).
    rows = [(72, "The left column reports the attacks on the villages."),
            (72, "The army shelled the northern roads in March."),
            (640, "The right column reports"), (640, "that the families returned"),
            (640, "to the villages in May.")]
    page = Page([Line([Run(text, 10)], 500 - 13 * (index % 3), x) for index, (x, text) in enumerate(rows)])
    doc = read(build_pdf([page], inherited_box=(792, 612)))
    assert "The right column reports" in body(doc) and "to the villages in May." in body(doc)
    assert "\nRunning headers and footers\n" not in doc.text


# Adobe-Japan1 CIDs of two lines of vertical Japanese (わたくしといふ現象は, 假定された有機交流電燈の).
VERTICAL_LINES = {
    "わたくしといふ現象は": [920, 872, 856, 864, 881, 845, 894, 1905, 2501, 888],
    "假定された有機交流電燈の": [4170, 3078, 862, 917, 872, 3863, 1595, 1958, 3958, 3135, 3183, 887]}


def test_vertical_japanese_in_a_font_that_is_not_embedded_is_read_whole() -> None:
    # Columns of vertical text in a CID font that is not embedded and has no Unicode map.
    # Without an installed font that has the glyphs, PDFium gives each column a box of no
    # width and its text page skips it (the page read as empty); pypdf decodes the CIDs
    # as if they were Unicode (mojibake). pdfminer.six reads them through Adobe-Japan1.
    pytest.importorskip("pdfminer")
    columns = [*VERTICAL_LINES.values()] * 3
    page = Page([Line([Run(cid_text(cids), 12, font="J")], 700, 500 - 20 * index)
                 for index, cids in enumerate(columns)])
    doc = read(build_pdf([page], fonts={"J": Font(vertical=True)}))
    lines = body(doc).splitlines()
    assert lines == [*VERTICAL_LINES] * 3


def test_a_slanted_line_is_one_line_and_its_words_stay_whole() -> None:
    # A label set at a slant along a drawing: each letter a little lower than the last,
    # so the line's end no longer overlaps its first letters ("The movemen" | "t should").
    label = "The movement should be slow"
    widths = {"T": 611, "h": 556, "e": 556, " ": 278, "m": 833, "o": 556, "v": 500, "n": 556,
              "t": 278, "s": 500, "u": 556, "l": 222, "d": 556, "b": 556, "w": 722}
    x, y, lines = 72.0, 600.0, []
    for letter in label:
        lines.append(Line([Run(letter, 10)], y, x))
        x += widths[letter] * 10 / 1000
        y -= 0.45
    doc = read(build_pdf([Page([Line([Run("A drawing of the exercises follows.")], 700), *lines])]))
    assert label in doc.text


def test_numbered_values_in_a_listing_at_the_page_foot_are_no_footnotes() -> None:
    # A code comment in small type at the foot of a page ("1: Probably color"): a number
    # and a colon lists a value; it is body text, not a note cut from the page.
    page = PageLayout(None, 7)
    page.paragraph("The test device reports which features the graphical objects of a page use, "
                   "and whether they are grey or coloured; more features may be tested later.")
    page.footnotes(["is_color: Possible values returned:", "0: Definitely greyscale",
                    "1: Probably color (all colors were grey)", "2: Definitely color"])
    doc = read(build_pdf([page.page]))
    assert "\nNotes\n" not in doc.text
    assert "1: Probably color (all colors were grey)\n2: Definitely color" in body(doc)


Matrix = tuple[float, float, float, float]


def _mirrored(page: Page, matrix: Matrix) -> Page:
    """The page as mirror writing: each line reflected left to right (a, d = -1, 1) or top
    to bottom (1, -1), drawn from the reflected start of the line."""
    a, _b, _c, d = matrix
    return Page([Line(line.runs, line.y if d > 0 else PAGE_HEIGHT - line.y,
                      line.x if a > 0 else PAGE_WIDTH - line.x, matrix) for line in page.lines])


@pytest.mark.parametrize("matrix", [(-1, 0, 0, 1), (1, 0, 0, -1)])
def test_a_page_drawn_mirrored_reads_as_the_words_it_mirrors(matrix: Matrix) -> None:
    # Mirror writing (a page printed for a transparency, a test file's mirrored pages): the
    # letters are drawn leftwards (or upside down), each flipped. The words are those drawn,
    # in their order; the page's top is still its top, so its header and notes are found.
    upright = read(notes_report())
    doc = read(build_pdf([_mirrored(_notes_page(), matrix)]))
    assert body(doc) == body(upright)
    assert "the comments1 of displaced families" in doc.text
    assert [(n.label, n.text) for n in doc.notes] == [(n.label, n.text) for n in upright.notes]
