"""HTML: which part of a page is the article, what it cites, what the page says about itself."""

from __future__ import annotations

import re

import pytest

from loaders.document import Document
from loaders.readers import read_document
from loaders.readers.html_meta import split_authors
from loaders.source import source_from_bytes
from tests.conftest import ROOT, SHARED

FIXTURES = ROOT / "tests" / "fixtures" / "html"
WIRE = (FIXTURES / "wire-story.html").read_bytes()
BENCHMARK = SHARED / "benchmarks" / "html" / "readability"
SENTENCE = ("Fighters moved supplies along the river road at night, residents said, while the "
            "council argued about who should pay for the repairs to the bridge. ")


def read(body: str, head: str = "<title>Example</title>", name: str = "page.html") -> Document:
    data = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()
    return read_document(source_from_bytes(name, data))


def test_boilerplate_words_inside_longer_class_names_keep_the_article() -> None:
    doc = read_document(source_from_bytes("wire.html", WIRE))
    for kept in ("reopened on Tuesday", "staffed by police", "through the harvest season",
                 "hard to square with the queues", "fragile but welcome"):
        assert kept in doc.text
    for dropped in ("Share on X", "Most read", "Another story", "Privacy", "Business", "TOM EXAMPLE"):
        assert dropped not in doc.text


def test_only_links_in_the_article_body_are_citations() -> None:
    doc = read_document(source_from_bytes("wire.html", WIRE))
    assert [link.url for link in doc.links] == ["https://example.org/monitor/2025-03-report"]
    assert "Ana Sample and other reporters" in doc.text  # the author link stays as text


def test_links_sit_at_their_exact_offsets() -> None:
    doc = read_document(source_from_bytes("wire.html", WIRE))
    assert doc.links
    for link in doc.links:
        assert doc.text[link.start:link.end] == link.anchor


def test_metadata_decoded_placeholder_date_rejected_byline_split() -> None:
    doc = read_document(source_from_bytes("wire.html", WIRE))
    assert doc.title == "Convoy route reopens north of Example City’s port"
    assert doc.published == "2025-03-04T09:15:00+00:00"  # from <time>, not JSON-LD's 0001-01-01
    assert doc.authors == ["Tom Example", "Ana Sample"]
    assert doc.publisher == "Example Wire"  # JSON-LD publisher, not og:site_name "U.S."
    assert any("'0001-01-01T00:00:00Z' is a placeholder" in w for w in doc.warnings)


def test_article_of_divs_and_line_breaks_beats_a_list_of_paragraph_links() -> None:
    links = "".join(f"<p><a href='/story/{i}'>Headline number {i} about something else</a></p>"
                    for i in range(8))
    body = (f"<div class='teasers'>{links}</div>"
            f"<div class='story'>{SENTENCE * 2}<br><br>{SENTENCE * 2}<br><br>{SENTENCE}</div>")
    doc = read(body)
    assert doc.text.count("Fighters moved supplies") == 5
    assert "Headline number" not in doc.text


def test_article_split_across_sibling_blocks_is_read_whole() -> None:
    part = f"<div class='article-part'><p>{SENTENCE * 3}</p><p>{SENTENCE * 2}</p></div>"
    other = part.replace("Fighters", "Guards")
    body = f"<main>{part}<div class='ad-slot'><a href='/ad'>Advertisement</a></div>{other}</main>"
    doc = read(body)
    assert doc.text.count("Fighters moved") == 5 and doc.text.count("Guards moved") == 5
    assert "Advertisement" not in doc.text


def test_japanese_article_without_spaces_is_not_refused() -> None:
    japanese = "川沿いの道で夜に物資が運ばれたと住民が話した。橋の修理費を誰が払うかで議会はもめている。"
    doc = read(f"<article><p>{japanese}</p><p>{japanese}</p></article>",
               '<title>記事</title><meta charset="utf-8">')
    assert japanese in doc.text


def test_short_cjk_story_in_a_layout_table_leaves_the_link_sidebar_out() -> None:
    """300 Japanese characters are a whole story: the first pass's article is kept rather
    than a retry that no longer cleans out the sidebar's table of links."""
    doc = read_document(source_from_bytes("tale.html", (FIXTURES / "cjk-table-layout.html").read_bytes()))
    assert "キツネはチーズをくわえると" in doc.text and "おしまい" in doc.text
    for sidebar in ("きょうの記念日", "サンゴの日", "姉妹サイト", "世界の国旗と国歌"):
        assert sidebar not in doc.text
    assert doc.links == []


def test_breadcrumb_trail_is_navigation_not_article_text() -> None:
    doc = read_document(source_from_bytes("flood.html", (FIXTURES / "section-links.html").read_bytes()))
    assert "Home > World" not in doc.text and "World >" not in doc.text
    assert "https://daily.example.com/world/" not in {link.url for link in doc.links}
    assert doc.text.count("Flood barrier holds") == 1  # the headline, not the trail's last step


def test_story_link_to_a_section_page_of_the_site_menu_is_not_a_citation() -> None:
    doc = read_document(source_from_bytes("flood.html", (FIXTURES / "section-links.html").read_bytes()))
    assert "first reported in our science pages" in doc.text  # the link stays as text
    assert [link.url for link in doc.links] == [
        "https://daily.example.com/2025/04/08/dam-inspection-report",  # a story the menu also lists
        "https://relief.example.org/"]  # another site's home page is not this site's menu
    for link in doc.links:
        assert doc.text[link.start:link.end] == link.anchor


def test_social_profiles_and_reprint_links_are_not_citations_but_a_post_is() -> None:
    body = (f"<article><p>{SENTENCE * 2} The ministry <a href='https://twitter.com/ExampleMinistry/status/"
            "1234567890'>announced the closure</a> on Monday.</p>"
            f"<p>{SENTENCE * 2} Follow Jane Example on Twitter <a href='https://twitter.com/janeexample'>"
            "@janeexample</a> and <a href='https://www.facebook.com/jane.example.9'>Facebook</a>.</p>"
            "<p><a href='https://www.examplereprints.com/'>Order Reprints</a></p></article>")
    doc = read(body)
    assert "@janeexample" in doc.text  # the handle stays as text
    assert [link.url for link in doc.links] == ["https://twitter.com/ExampleMinistry/status/1234567890"]


def test_a_link_inside_a_sentence_keeps_its_words_whatever_its_class() -> None:
    """A study page's note pop-ups are links classed "popup", a furniture word; inside a
    sentence they are the sentence's words. A lone share link with a furniture class goes."""
    body = ("<article><p><a href='javascript:void(0);' class='popup'>I</a> am a "
            "<a href='javascript:void(0);' "
            f"class='popup'>rather elderly</a> man. {SENTENCE * 3}</p><p>{SENTENCE * 2}</p>"
            "<p><a class='share' href='https://example.com/share?u=1'>Share this</a></p></article>")
    doc = read(body)
    assert "I am a rather elderly man." in doc.text
    assert "Share this" not in doc.text and doc.links == []


def test_links_with_a_separator_in_article_text_are_not_a_breadcrumb() -> None:
    body = (f"<article><p>{SENTENCE * 3}</p><ul><li><a href='https://spec.example.org/blob'>Blob</a>/"
            "<a href='https://spec.example.org/file'>File</a></li><li>string</li></ul>"
            f"<p>{SENTENCE * 2}</p></article>")
    doc = read(body)
    assert "Blob/File" in doc.text
    assert [link.anchor for link in doc.links] == ["Blob", "File"]


def test_utf8_bytes_under_a_legacy_charset_declaration_are_read_as_utf8() -> None:
    doc = read(f"<article><p>{SENTENCE * 3} Café owners in Gardēz.</p></article>",
               '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>T</title>')
    assert "Café owners in Gardēz." in doc.text
    assert any("declares gb2312" in w for w in doc.warnings)


def test_contents_entries_and_back_links_are_not_footnotes() -> None:
    body = ("<article><p><a href='#s2'>2</a> Contents</p>"
            f"<p id='p1'>{SENTENCE}<sup id='ref1'><a href='#note1'>1</a></sup></p>"
            f"<h2 id='s2'>Section two</h2><p>{SENTENCE * 2}</p>"
            "<ol><li id='note1'><a href='#ref1'>^</a> Interviews by the author, May 2025.</li></ol>"
            "</article>")
    doc = read(body)
    assert "Section two" in doc.text and doc.text.count("Fighters moved") == 3
    assert [note.label for note in doc.notes] == ["1"]
    assert doc.notes[0].text.startswith("Interviews by the author")


@pytest.mark.parametrize(("byline", "people"), [
    ("By TOM KRISHER, AP Auto Writer", ["Tom Krisher"]),
    ("By Jane Doe and John Smith, Reuters", ["Jane Doe", "John Smith"]),
    ("Dan Example - Apr 16, 2015 8:02 pm UTC", ["Dan Example"]),
    ("by Lucas Example22 Dec 2016651", ["Lucas Example"]),
    ("Associated Press", []),
    ("Staff Writer", []),
    ("Par Jean Exemple", ["Jean Exemple"]),
    ("Written by Rob Example\n    Edited by Betsy Example", ["Rob Example"]),
    ("Joe Example, Monday; February 29, 2016", ["Joe Example"]),
    ("By Brenda  Example, MA\n   Example Health News", ["Brenda Example"]),
    ("By GILLIAN EXAMPLE\n   March 11, 2015 3:46 PM", ["Gillian Example"]),
    ("By Jane Doe\nand John Smith", ["Jane Doe", "John Smith"]),
])
def test_bylines_are_split_into_people(byline: str, people: list[str]) -> None:
    assert split_authors(byline) == people


def test_byline_in_a_dropped_header_is_found_and_a_sidebar_author_is_not() -> None:
    """The page's metadata names nobody; the byline sits in the entry header, which the
    article choice drops, after a sidebar widget and an "authority control" box that
    are not bylines."""
    body = ("<div class='authority-control'>Authority control</div>"
            "<aside><div class='widget'><span class='author'>Other Person</span></div></aside>"
            "<article><header class='entry-header'><h1>Example</h1><div class='entry-byline'>"
            "<span class='entry-author' itemprop='author'><a rel='author' href='/author/sarah'>"
            "<span itemprop='name'>Sarah Example</span></a></span></div></header>"
            f"<div class='entry-content'><p>{SENTENCE * 3}</p><p>{SENTENCE * 2}</p></div></article>"
            "<div class='comments'><span class='comment-author'>A Reader</span><p>Nice.</p></div>")
    doc = read(body)
    assert doc.authors == ["Sarah Example"]
    assert "Sarah Example" not in doc.text


@pytest.mark.parametrize(("stamp", "day"), [
    ("<div class='post-meta'><span class='posted-on'>Posted on April 21, 2015, at 11:29 a.m.</span></div>",
     "2015-04-21"),
    ("<div class='FeatureByline'>By Nathan Example<br>March 25, 2015</div>", "2015-03-25"),
    ("<span class='pubTime'>2016年10月14日07:17</span>", "2016-10-14"),
    ("<p class='entry-date'>Tuesday 15 October 2019</p>", "2019-10-15"),
])
def test_a_date_shown_in_the_byline_or_date_line_is_the_published_date(stamp: str, day: str) -> None:
    """No metadata, <time> or dated URL: the date the page prints is read, but not a
    birthday in an infobox, a "Last updated" stamp or a comment's date before it."""
    body = ("<table class='infobox'><tr><td><span class='bday'>1998-02-28</span></td></tr></table>"
            "<p class='last-updated'>Last updated: May 2, 2016</p>"
            "<div class='comments'><span class='comment-date'>June 1, 2014</span></div>"
            f"<article>{stamp}<p>{SENTENCE * 3}</p><p>{SENTENCE * 2}</p></article>")
    assert read(body).published == day


def test_real_pages_are_read_with_exact_link_offsets() -> None:
    """Real third-party pages (a sample of the shared benchmark): none refused, and every
    recorded link's anchor is exactly the text at its offsets."""
    if not BENCHMARK.is_dir():
        pytest.skip("../shared/benchmarks/html is not present")
    cases = sorted(p for p in BENCHMARK.iterdir() if (p / "source.html").exists())[::6]
    words = re.compile(r"\w+")
    for case in cases:
        doc = read_document(source_from_bytes(f"{case.name}.html", (case / "source.html").read_bytes()))
        assert len(words.findall(doc.text)) > 50, case.name
        for link in doc.links:
            assert doc.text[link.start:link.end] == link.anchor, case.name
