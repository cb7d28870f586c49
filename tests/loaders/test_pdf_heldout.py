"""A held-out typeset report of our own, read against the text it was set from.

Built here, not tuned on: four pages in two columns, alternating running heads, page
numbers, words hyphenated at line ends, a table, raised note markers and footnotes in
small type. The reader must keep every word of the source (recall 1.0), join every
footnote to its marker, insert no marker and glue no words.
"""

from __future__ import annotations

import re
from collections import Counter

from benchmarks.pdf_backends import glued, recall, words
from loaders.document import Document
from loaders.readers import read_document
from loaders.readers.pdf import FURNITURE_HEADING, NOTES_HEADING
from loaders.source import source_from_bytes
from tests.loaders.pdfwriter import PAGE_HEIGHT, PAGE_WIDTH, Line, Page, Run, _runs, build_pdf

HEADS = ("Lake Region Monitoring Group", "Quarterly security review, 2025")
COLUMNS = (72.0, 320.0)
SIZE, NOTE_SIZE, CHARS = 9.5, 7.5, 46
HYPHENS = {"humanitarian": "humani", "displacement": "displace", "reconstruction": "recon",
           "international": "inter", "settlements": "settle", "investigators": "investi"}
PARAGRAPHS = (
    "Armed groups attacked three settlements north of the lake in March, according to the "
    "monitoring group.^1 Local officials said that humanitarian convoys were stopped twice "
    "on the main road, and that displacement continued through the month.",
    "International investigators visited the district in April and recorded damage to "
    "schools, clinics and markets; reconstruction has not begun in most settlements.^2",
    "Residents interviewed by the group described the return of families to villages "
    "east of the river, where humanitarian agencies reopened two clinics in May.",
    "The provincial government announced a reconstruction plan financed by international "
    "donors, but investigators found that displacement camps remained full.^3",
)
TABLE = (("Province", "Incidents", "Displaced"), ("North", "214", "18500"), ("East", "97", "6200"))
NOTES = ("1 Lake Region Monitoring Group, incident database, March 2025.",
         "2 Field visit report, district of Ituri, April 2025, https://example.org/visit",
         "3 Interviews with camp managers, May 2025.")


def _wrap(text: str) -> list[str]:
    """Greedy lines of at most ``CHARS`` characters; a long word that does not fit is
    broken at a hyphen after its first part, as a typesetter would."""
    rows, row = [], ""
    for word in text.split():
        if len(row) + 1 + len(word) <= CHARS or not row:
            row = f"{row} {word}".strip()
            continue
        bare = re.sub(r"\W.*$", "", word.lower())
        head = HYPHENS.get(bare)
        if head and len(row) + len(head) + 2 <= CHARS:
            rows.append(f"{row} {word[:len(head)]}-")
            row = word[len(head):]
        else:
            rows.append(row)
            row = word
    return [*rows, row]


def _page(number: int, paragraphs: tuple[str, ...], notes: tuple[str, ...], table: bool) -> Page:
    page = Page([Line([Run(HEADS[number % 2], 8)], PAGE_HEIGHT - 40),
                 Line([Run(str(number), 8)], 40, PAGE_WIDTH / 2)])
    for column, chunk in zip(COLUMNS, (paragraphs[:1], paragraphs[1:]), strict=True):
        y: float = PAGE_HEIGHT - 80
        for paragraph in chunk:
            for row in _wrap(paragraph):
                page.lines.append(Line(_runs(row, SIZE), y, column))
                y -= SIZE * 1.25
            y -= SIZE
    if table:
        y = 300.0
        for cells in TABLE:
            page.lines.extend(Line([Run(cell, SIZE)], y, x) for cell, x in zip(cells, (72, 180, 260),
                                                                               strict=True))
            y -= SIZE * 1.4
    y = 60 + NOTE_SIZE * 1.3 * len(notes)
    for note in notes:
        page.lines.append(Line([Run(note, NOTE_SIZE)], y))
        y -= NOTE_SIZE * 1.3
    return page


def typeset_report() -> tuple[bytes, str]:
    """The PDF and the text it was set from (marks as printed: "group.1"): four pages,
    the second pair setting the first pair's text again (heads recur by parity)."""
    pages = [_page(number, PARAGRAPHS[:2], NOTES[:2], True) if number % 2 else
             _page(number, PARAGRAPHS[2:], NOTES[2:], False) for number in range(1, 5)]
    source = "\n".join([*HEADS, *(p.replace("^", "") for p in PARAGRAPHS),
                        *(" ".join(row) for row in TABLE), *NOTES] * 2)
    return build_pdf(pages), source


def _read() -> tuple[Document, str]:
    data, source = typeset_report()
    return read_document(source_from_bytes("review.pdf", data)), source


def test_every_word_of_the_source_is_kept_and_none_is_glued() -> None:
    doc, source = _read()
    reference, got = Counter(words(source)), Counter(words(doc.text))
    assert recall(reference, got) == 1.0
    assert glued(reference, got) == 0
    assert set(got) - set(words(f"{NOTES_HEADING} {FURNITURE_HEADING}")) <= set(reference)


def test_hyphenated_words_are_rejoined_and_recorded_as_printed() -> None:
    doc, _ = _read()
    broken = {f"{head}-\n{word[len(head):]}" for word, head in HYPHENS.items()}
    printed = [(doc.text[start:end], p) for start, end, p in doc.printed]
    assert printed and all(p in broken and p.replace("-\n", "") == text for text, p in printed)
    assert not re.search(r"[a-z]-\n[a-z]", doc.text)


def test_every_footnote_is_joined_to_its_marker_and_no_marker_is_inserted() -> None:
    doc, _ = _read()
    assert [(n.label, n.text) for n in doc.notes] == [(note[0], note[2:]) for note in NOTES] * 2
    assert all(doc.text[n.start:n.end] == n.label for n in doc.notes)
    assert "[" not in doc.text
    assert doc.notes[1].url == "https://example.org/visit"


def test_running_heads_and_page_numbers_leave_the_body() -> None:
    doc, _ = _read()
    body = doc.text[:min(s for s, _ in doc.apparatus)]
    assert HEADS[0] not in body and HEADS[1] not in body
    assert "Province Incidents Displaced" in body
