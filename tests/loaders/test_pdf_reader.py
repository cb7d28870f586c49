"""PDF: text by page, footnotes at page bottoms joined to their markers, bad PDFs refused."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from loaders.document import Document
from loaders.errors import LoadError
from loaders.extract.sentences import sentence_spans
from loaders.extraction import Claim
from loaders.readers import read_document
from loaders.source import source_from_bytes
from tests.loaders.conftest import LOADER_FIXTURES, extract_bytes
from tests.loaders.pdfwriter import ENCRYPTED, build_pdf, red_sea_report

REPORT = (LOADER_FIXTURES / "red-sea-report.pdf").read_bytes()


def test_committed_fixture_matches_its_generator() -> None:
    assert red_sea_report() == REPORT


def _body(doc: Document) -> str:
    return doc.text[:min(s for s, _ in doc.apparatus)]


def test_text_by_page_with_running_headers_kept_outside_the_body() -> None:
    doc = read_document(source_from_bytes("r.pdf", REPORT))
    assert doc.format == "pdf" and doc.title == "Invented example: Maritime attacks in the Red Sea"
    assert doc.published == "2025-04-10" and doc.authors == ["Example Maritime Security Centre"]
    assert "Invented example report - Example" not in _body(doc)
    furniture = doc.text.index("\nRunning headers and footers\n")
    assert doc.text.count("Invented example report - Example Maritime Security Centre") == 2
    assert doc.text.index("Invented example report - Example") > furniture
    assert any(s <= furniture + 1 < e for s, e in doc.apparatus)
    second_page = next(start for start, page in doc.pages if page == 2)
    assert doc.text[second_page:].startswith("Al-Shabaab may have received weapons")
    assert doc.text.count("Al-Shabaab may have received") == 1


def test_footnote_markers_are_joined_to_the_notes_at_the_page_foot() -> None:
    doc = read_document(source_from_bytes("r.pdf", REPORT))
    assert [(doc.text[n.start:n.end], n.label) for n in doc.notes] == [("1", "1"), ("2", "2"), ("3", "3")]
    assert "March 2025.1 Most" in doc.text and "[" not in _body(doc)
    first, ibid, third = doc.notes
    assert first.url == "https://example.org/emsc/q1-2025" and ibid.text == "Ibid."
    assert third.text == "Interviews with Somali officials, March 2025."
    assert third.note_start is not None
    assert doc.text[third.note_start:third.note_end] == third.text


def test_claims_keep_their_page_and_ibid_points_at_the_previous_note() -> None:
    extraction = extract_bytes("r.pdf", REPORT)
    pages = {c.text.split()[1]: c.page for c in extraction.claims}
    assert pages["Houthis"] == 1 and pages["may"] == 2 and pages["United"] == 2
    (attacks,) = [c for c in extraction.claims if "twelve" in c.text]
    (hudaydah,) = [c for c in extraction.claims if "Hudaydah" in c.text]
    assert attacks.text.endswith("March 2025.1") and hudaydah.text.startswith("Most of the attacks")

    def footnotes(claim: Claim) -> set[tuple[str, str | None]]:
        return {(extraction.report.text[c.start:c.end], c.target_url)
                for c in claim.citations if c.kind == "footnote"}
    assert footnotes(attacks) == {("1", "https://example.org/emsc/q1-2025")}
    assert footnotes(hudaydah) == {("2", "https://example.org/emsc/q1-2025")}  # "Ibid."
    notes_section = next(s for s, e in extraction.pages[2:])
    assert notes_section > hudaydah.end


def test_references_list_is_cited_by_the_report() -> None:
    extraction = extract_bytes("r.pdf", REPORT)
    assert {r.target_url for r in extraction.references} == {
        "https://example.org/emsc/q1-2025", "https://example.org/un/yemen-panel-2025"}
    assert not any(c.text.startswith("UN Panel of Experts on Yemen") for c in extraction.claims)


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(REPORT)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needs_a_password() -> None:
    with pytest.raises(LoadError, match=r"locked\.pdf: PDF is encrypted and needs a password"):
        read_document(source_from_bytes("locked.pdf", _encrypted("secret")))


def test_pdf_with_only_an_owner_password_is_read() -> None:
    doc = read_document(source_from_bytes("owner.pdf", _encrypted("")))
    assert "Houthis attacked" in doc.text


def test_aes_encrypted_pdf_with_only_an_owner_password_is_read() -> None:
    data = (ENCRYPTED / "aes-256-owner-password-only.pdf").read_bytes()
    doc = read_document(source_from_bytes("aes.pdf", data))
    assert "Houthis attacked" in doc.text and [n.label for n in doc.notes] == ["1", "2", "3"]


def test_aes_encrypted_pdf_with_a_user_password_is_refused_as_such() -> None:
    data = (ENCRYPTED / "aes-256-user-password.pdf").read_bytes()
    with pytest.raises(LoadError, match=r"aes\.pdf: PDF is encrypted and needs a password$"):
        read_document(source_from_bytes("aes.pdf", data))


@pytest.mark.parametrize("data", [REPORT[:700], b"%PDF-1.7\n" + bytes(range(256)) * 8],
                         ids=["truncated", "garbage"])
def test_corrupt_pdf_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(LoadError, match=r"bad\.pdf: not a readable PDF"):
        read_document(source_from_bytes("bad.pdf", data))


def test_pdf_without_text_layer_is_refused() -> None:
    with pytest.raises(LoadError, match=r"scan\.pdf: PDF has no text layer"):
        read_document(source_from_bytes("scan.pdf", build_pdf(None, text_layer=False)))


def test_a_pdf_with_a_few_characters_of_text_is_refused_saying_what_it_holds() -> None:
    # "Hello, world!" is a text layer: "no text layer" would be untrue.
    from tests.loaders.pdfwriter import Line, Page, Run

    data = build_pdf([Page([Line([Run("Hello, world!")], 700)])])
    refusal = r"^tiny\.pdf: PDF has only 13 characters of text \(scanned pages\?\)"
    with pytest.raises(LoadError, match=refusal):
        read_document(source_from_bytes("tiny.pdf", data))


def test_a_sentence_ends_after_a_printed_marker_that_follows_its_full_stop() -> None:
    text = ("Residents fled in March 2025.1 Most returned. Dr.2 Aden spoke. It cost 240.3 million "
            "people waited.4 then left. They said so.5")
    markers = [(text.index(f"{label}", text.index(before)), text.index(f"{label}", text.index(before)) + 1)
               for before, label in (("2025.", "1"), ("Dr.", "2"), ("240.", "3"), ("waited.", "4"),
                                     ("so.", "5"))]
    assert [text[s:e] for s, e in sentence_spans(text, markers)] == [
        "Residents fled in March 2025.1", "Most returned.", "Dr.2 Aden spoke.",
        "It cost 240.3 million people waited.4 then left.", "They said so.5"]
    without = sentence_spans(text)  # without positions, no digit is a marker
    assert text[without[0][0]:without[0][1]] == "Residents fled in March 2025.1 Most returned."
