"""Plain text and Markdown: front matter, headings, links, footnotes, reference lists."""

from __future__ import annotations

from loaders.readers import read_document
from loaders.source import source_from_bytes
from tests.loaders.conftest import LOADER_FIXTURES, extract_bytes

MARKDOWN = """---
title: A note
publisher: Example Desk
published: 2025-01-02
url: https://example.org/note
---
# A note

## Findings

The Taliban detained two aid workers in Herat, the [agency](https://example.org/agency) said.[^a]
![a map of the province](map.png)

[^a]: Example Agency statement, https://example.org/agency/statement
"""


def read(name: str, text: str) -> object:
    return read_document(source_from_bytes(name, text.encode("utf-8")))


def test_markdown_keeps_links_headings_and_notes_at_exact_offsets() -> None:
    doc = read_document(source_from_bytes("note.md", MARKDOWN.encode()))
    assert doc.title == "A note" and doc.publisher == "Example Desk" and doc.published == "2025-01-02"
    (link,) = doc.links
    assert doc.text[link.start:link.end] == "agency" and link.url == "https://example.org/agency"
    (note,) = doc.notes
    assert doc.text[note.start:note.end] == "[a]"
    assert note.note_start is not None and note.note_end is not None
    assert doc.text[note.note_start:note.note_end] == note.text
    assert note.url == "https://example.org/agency/statement"
    assert [doc.text[s:e] for s, e in doc.headings] == ["A note", "Findings", "Notes"]
    assert "![" not in doc.text and "a map of the province" in doc.text
    assert any(s <= note.note_start < e for s, e in doc.apparatus)


def test_notes_section_is_not_read_as_claims() -> None:
    extraction = extract_bytes("note.md", MARKDOWN.encode())
    assert all("Example Agency statement" not in c.text for c in extraction.claims)
    (claim,) = [c for c in extraction.claims if "Herat" in c.text]
    kinds = {c.kind for c in claim.citations}
    assert kinds == {"hyperlink", "footnote"}


def test_hard_wrapped_text_keeps_sentences_whole_and_joins_numbered_references() -> None:
    extraction = extract_bytes("brief.txt", (LOADER_FIXTURES / "field-brief.txt").read_bytes())
    texts = [" ".join(c.text.split()) for c in extraction.claims]
    assert ("Fighters of the Islamic State Khorasan Province (ISKP) attacked a checkpoint in Jalalabad "
            "on 2 April, according to local officials.[1]") in texts
    (claim,) = [c for c in extraction.claims if "Jalalabad" in c.text]
    cited = {c.target_url for c in claim.citations if c.kind == "bibliography"}
    assert cited == {"https://example.org/nangarhar/statement-2025-04-03"}
    assert {r.target_url for r in extraction.references} == {
        "https://example.org/nangarhar/statement-2025-04-03", "https://example.org/un/monitoring-35"}
    assert not any("Nangarhar provincial council" in c.text for c in extraction.claims)


def test_plain_text_title_line_is_a_heading_not_a_claim() -> None:
    extraction = extract_bytes("x.txt", b"Attacks in the north\n\nThe Houthis fired two missiles at a ship "
                                        b"off Hudaydah on Monday, officials said.\n")
    assert extraction.report.title == "Attacks in the north"
    assert [c.text[:11] for c in extraction.claims] == ["The Houthis"]
