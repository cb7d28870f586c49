"""The form of UN documents is neither a title nor a claim: mastheads ("S Security
Council", "Distr.: General"), placeholders ("Information", "<<") and a letter's
courtesies ("I have the honour to transmit ...") are dropped, while what the letter
reports is kept. Fixtures: tests/fixtures/loaders/un-letters/, written in the style of
UN letters (invented bodies and events)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import install
from loaders.document import Document
from loaders.extract import boilerplate as bp
from loaders.extract.boilerplate import boilerplate, choose_title, document_title, is_boilerplate
from loaders.ingest import extract_source
from loaders.manifest import manifest_entry
from loaders.source import read_source
from tests.loaders.conftest import LOADER_FIXTURES, assert_spans_exact, extract_bytes, extract_file
from tests.loaders.pdfwriter import LEFT, Line, Page, Run, build_pdf

LETTERS = LOADER_FIXTURES / "un-letters"
PANEL_TITLE = ("Letter dated 10 January 2031 from the Panel of Experts on the Lake Region addressed "
               "to the President of the Security Council")


@pytest.mark.parametrize("title", ["Information", "<<", "S Security Council", "United Nations",
                                   "Security Council S/2031/14", "Distr.: General", "  — ",
                                   "Microsoft Word - Document1", "31-00412 (E) 170131", "S"])
def test_mastheads_and_placeholders_are_not_titles(title: str) -> None:
    rules = boilerplate()
    assert rules.is_form_title(rules.cleaned(title))
    warnings: list[str] = []
    assert choose_title(title, "", warnings) is None and len(warnings) == 1


def test_a_word_processors_file_name_is_cut_from_a_title() -> None:
    warnings: list[str] = []
    assert choose_title("Microsoft Word - Lake Region panel report.docx", "", warnings) == \
        "Lake Region panel report"
    assert not warnings


@pytest.mark.parametrize("title", ["Up to 15,000 dead in Darfur town, UN experts say", "S/2031/14",
                                   PANEL_TITLE, "Security Council extends sanctions on the Lake Region",
                                   "Information war over Senna"])
def test_real_titles_are_kept(title: str) -> None:
    assert not boilerplate().is_form_title(title)
    warnings: list[str] = []
    assert choose_title(title, "", warnings) == title and not warnings


@pytest.mark.parametrize("sentence", [
    "I have the honour to transmit herewith the report of the Panel.",
    "Upon instructions from my Government, I have the honour to transmit herewith a statement.",
    "The members of the Panel of Experts have the honour to transmit herewith the final report.",
    "I should be grateful if the present letter and its annex could be circulated as a document "
    "of the Security Council.",
    "It would be appreciated if the present letter could be brought to the attention of the members.",
    "Please accept, Excellency, the assurances of my highest consideration.",
    "I avail myself of this opportunity to renew to you the assurances of my highest consideration.",
    "(Signed) Amina Okafor Coordinator Panel of Experts",
    "“I have the honour to transmit the annex to the present letter.”",
    "3. I have the honour to refer to resolution 9901 (2029) and to transmit the report.",
    "United Nations S/2031/14 Security Council Distr.: General 12 January 2031 Original: English",
])
def test_letter_courtesies_and_mastheads_are_not_claims(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize("sentence", [
    "I have the honour to inform you that armed elements crossed the border at Senna.",
    "The report, circulated as a document of the Security Council, said 14 civilians were killed.",
    "The ambassador said the Government would be grateful for any support in rebuilding Amaro.",
    "Witnesses told the Panel that fighters looted the clinic in Amaro.",
])
def test_what_a_letter_reports_is_a_claim(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_a_panel_letter_keeps_its_findings_and_drops_its_form() -> None:
    extraction = extract_file(LETTERS / "panel-letter.txt")
    texts = [c.text for c in extraction.claims]
    assert extraction.report.title == PANEL_TITLE   # not "United Nations": the letter's own name line
    assert any("'United Nations'" in w and "masthead" in w and repr(PANEL_TITLE) in w
               for w in extraction.warnings)
    assert document_title(extraction.report.text) == PANEL_TITLE
    assert not [t for t in texts if "honour" in t or "(Signed)" in t or "Distr." in t
                or "brought to the attention" in t or t.startswith(("Letter dated", "Annex to"))]
    assert any(t.startswith("The Panel found that the Northern Front shelled") for t in texts)
    assert any(t.startswith("Witnesses told the Panel") for t in texts)
    assert any(t.startswith("The report, circulated as a document") for t in texts)
    assert any(t.startswith("The report was provided to the Committee") for t in texts)
    assert_spans_exact(extraction)


def test_a_mission_letter_keeps_what_it_informs_of() -> None:
    extraction = extract_file(LETTERS / "mission-letter.md")
    texts = [c.text for c in extraction.claims]
    assert texts == ["I have the honour to inform you that on 1 May 2031 armed elements of the "
                     "Northern Front crossed the border at Senna and attacked a police post, "
                     "killing three officers."]
    assert extraction.report.title.startswith("Identical letters dated 2 May 2031")   # type: ignore[union-attr]


def test_a_placeholder_title_in_front_matter_is_set_aside_with_a_warning() -> None:
    extraction = extract_file(LETTERS / "press-information.md")
    assert extraction.report.title == "press information"     # the file name, as a last resort
    assert any("'Information'" in w and "set aside" in w for w in extraction.warnings)
    assert [c.text[:40] for c in extraction.claims] == ["The mission said on Thursday that 2,300 "]


def test_a_un_pdf_is_not_titled_by_its_logo_or_a_placeholder_in_its_metadata() -> None:
    body = [Line([Run(PANEL_TITLE[:60], 11)], 560), Line([Run(PANEL_TITLE[60:], 11)], 546),
            Line([Run("The Panel found that the Northern Front shelled the market of Amaro.", 11)], 500)]
    masthead = [Line([Run("S", 30)], 720), Line([Run("Security Council", 18)], 690, LEFT + 40)]
    data = build_pdf([Page([*masthead, *body])], info={"Title": "<<"})
    extraction = extract_bytes("s-2031-14.pdf", data)
    assert extraction.report.title == "s 2031 14"          # neither the logo nor "<<": the file name
    set_aside = [w for w in extraction.warnings if "masthead" in w]
    assert len(set_aside) == 2 and "'<<'" in set_aside[1]


def test_a_title_set_later_goes_through_the_same_choice() -> None:
    doc = Document(text=f"United Nations\n\n{PANEL_TITLE}\n\nThe Panel met.\n", source_name="x.txt",
                   format="text", title="S Security Council")
    assert doc.title is None and len(doc.warnings) == 1
    doc.title = "<<"
    assert doc.title is None and len(doc.warnings) == 2
    doc.title = "<<"
    assert len(doc.warnings) == 2                    # said once
    doc.title = "A real headline about Senna"
    assert doc.title == "A real headline about Senna"


def test_a_metadata_file_titles_a_letter_whose_own_title_was_its_masthead(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "s-2031-14.txt").write_bytes((LETTERS / "panel-letter.txt").read_bytes())
    (folder / "metadata.csv").write_text("file,title,published\ns-2031-14.txt,Final report of the Panel,"
                                         "2031-01-12\n", encoding="utf-8")
    path = folder / "s-2031-14.txt"
    extraction = extract_source(read_source(path), manifest_entry(path))
    assert extraction.report.title == "Final report of the Panel"
    assert extraction.report.published == "2031-01-12"


def test_users_add_patterns_in_a_file_of_the_same_keys(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "more.yaml"
    extra.write_text("titles:\n  never: [Communiqué de presse]\n"
                     "claims:\n  opening: ['Je saisis cette occasion']\n", encoding="utf-8")
    monkeypatch.setenv(bp.ENVIRONMENT, str(extra))
    install(None)   # read the settings again, as a new process would
    bp.boilerplate.cache_clear()
    try:
        assert is_boilerplate("Je saisis cette occasion pour vous renouveler les assurances de ma "
                              "haute considération.")
        assert boilerplate().is_form_title("Communiqué de presse")
        assert is_boilerplate("I have the honour to transmit herewith the report.")   # the shipped list stays
    finally:
        monkeypatch.delenv(bp.ENVIRONMENT)
        install(None)   # read the settings again, as a new process would
        bp.boilerplate.cache_clear()


def test_a_broken_pattern_is_an_error_that_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "broken.yaml"
    extra.write_text("claims:\n  anywhere: ['(unclosed']\n", encoding="utf-8")
    monkeypatch.setenv(bp.ENVIRONMENT, str(extra))
    install(None)   # read the settings again, as a new process would
    bp.boilerplate.cache_clear()
    try:
        with pytest.raises(ValueError, match="not a regular expression"):
            boilerplate()
    finally:
        monkeypatch.delenv(bp.ENVIRONMENT)
        install(None)   # read the settings again, as a new process would
        bp.boilerplate.cache_clear()
