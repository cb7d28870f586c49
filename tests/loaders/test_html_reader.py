"""HTML: the article without boilerplate, its own metadata, links and notes in place."""

from __future__ import annotations

import pytest

from loaders.errors import LoadError
from loaders.readers import read_document
from loaders.source import source_from_bytes
from tests.loaders.conftest import LOADER_FIXTURES, extract_bytes

ARTICLE = (LOADER_FIXTURES / "idlib-article.html").read_bytes()


def read(name: str, data: bytes) -> object:
    return read_document(source_from_bytes(name, data))


def page(body: str, head: str = "<title>T</title>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


LONG = " ".join(["The Haqqani Network moved fighters from Khost into Paktia during the spring."] * 8)


def test_metadata_comes_from_the_page_itself() -> None:
    doc = read_document(source_from_bytes("a.html", ARTICLE))
    assert doc.title == "Invented example: Drone strikes reported near Idlib"
    assert doc.publisher == "Example Frontline News"
    assert doc.authors == ["G. Correspondent"]
    assert doc.published == "2025-07-14T08:30:00+00:00" and doc.modified == "2025-07-15T10:00:00+00:00"
    assert doc.url == "https://example.com/frontline/2025/07/idlib-drones"


def test_navigation_share_related_sidebar_and_footer_are_dropped() -> None:
    doc = read_document(source_from_bytes("a.html", ARTICLE))
    for boilerplate in ("Home", "Share on X", "Fighting flares", "Who are HTS", "Most read",
                        "Taliban tighten grip", "Privacy", "display: flex"):
        assert boilerplate not in doc.text
    urls = {link.url for link in doc.links}
    assert urls == {"https://example.org/observatory/idlib-2025-07-13",
                    "https://example.net/levant-desk/hts-analysis"}


def test_links_and_footnote_markers_sit_at_their_exact_offsets() -> None:
    doc = read_document(source_from_bytes("a.html", ARTICLE))
    for link in doc.links:
        assert doc.text[link.start:link.end] == link.anchor
    assert [doc.text[n.start:n.end] for n in doc.notes] == ["[1]", "[2]"]
    first = doc.notes[0]
    assert first.note_start is not None and first.note_end is not None
    assert doc.text[first.note_start:first.note_end].startswith("Example Observatory for Human Rights")
    assert first.url == "https://example.org/observatory/idlib-2025-07-13"
    assert "↩" not in doc.text


def test_footnotes_are_joined_to_the_sentences_that_cite_them() -> None:
    extraction = extract_bytes("a.html", ARTICLE)
    (claim,) = [c for c in extraction.claims if "Residents of Aleppo" in c.text]
    (note,) = [c for c in claim.citations if c.kind == "footnote"]
    assert note.target and note.target.startswith("Telephone interviews by our correspondent")
    assert {c.target for c in claim.citations if c.kind == "attribution"} == {"Residents of Aleppo"}


def test_declared_windows_1252_is_decoded_and_syndication_source_read() -> None:
    data = (LOADER_FIXTURES / "juba-analysis.html").read_bytes()
    assert b"caf\xe9" in data
    doc = read_document(source_from_bytes("j.html", data))
    assert "café" in doc.text
    assert doc.republished_from == "https://example.org/horn-review/juba-valley"
    assert doc.url == "https://example.net/mirror/juba-valley"
    assert doc.published == "2025-02-11" and doc.authors == ["H. Scholar"]
    assert "Reader" not in doc.text and "Baidoa" not in doc.text


def test_author_year_citation_is_joined_to_its_bibliography_entry() -> None:
    extraction = extract_bytes("j.html", (LOADER_FIXTURES / "juba-analysis.html").read_bytes())
    (claim,) = [c for c in extraction.claims if "(Warsame 2023)" in c.text]
    assert [(c.kind, c.target_url) for c in claim.citations] == [
        ("bibliography", "https://example.org/journal/warsame-2023")]


def test_byte_order_mark_wins_over_a_wrong_meta_charset() -> None:
    data = b"\xef\xbb\xbf" + page(f"<article><p>{LONG} Caf\u00e9 owners in Gard\u0113z.</p></article>",
                                  '<meta charset="iso-8859-1">').decode().encode("utf-8")
    doc = read_document(source_from_bytes("bom.html", data))
    assert "Café owners in Gardēz." in doc.text


def test_unknown_charset_is_a_clear_error() -> None:
    with pytest.raises(LoadError, match=r"x\.html: .*unknown character encoding 'klingon-8'"):
        read(name="x.html", data=page(f"<p>{LONG}</p>", '<meta charset="klingon-8">'))


def test_login_wall_is_refused_with_a_reason() -> None:
    wall = page('<div class="login"><h2>Sign in to continue reading</h2><form><input type="email">'
                '<input type="password"><button>Log in</button></form></div>')
    with pytest.raises(LoadError, match=r"wall\.html: page is a login or subscription wall"):
        read("wall.html", wall)


def test_page_without_article_text_is_refused() -> None:
    with pytest.raises(LoadError, match=r"empty\.html: no article text found"):
        read("empty.html", page("<nav><a href='/'>Home</a></nav><p>Hello.</p>"))


def test_truncated_html_is_read_with_a_warning() -> None:
    cut = ARTICLE[: ARTICLE.index(b"Analysts at the")]
    doc = read_document(source_from_bytes("cut.html", cut))
    assert "Turkish officials said" in doc.text
    assert any("truncated" in w for w in doc.warnings)


def test_malformed_markup_still_gives_the_text() -> None:
    broken = f"<html><body><article><p>{LONG}<p>Unclosed <b>bold <i>and</b> crossed</i> tags".encode()
    doc = read_document(source_from_bytes("broken.html", broken))
    assert "Haqqani Network" in doc.text and "crossed tags" in doc.text


def test_paywalled_teaser_is_kept_with_a_warning() -> None:
    teaser = page(f"<article><p>{LONG}</p><p>Subscribe to continue reading this article.</p></article>")
    doc = read_document(source_from_bytes("teaser.html", teaser))
    assert any("paywall" in w for w in doc.warnings)
