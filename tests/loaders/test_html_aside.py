"""An HTML ``<aside>`` is dropped as an element, by one list (``html.DROP_TAGS``): inside
the article, beside it, and on a page with no article element, with no class, id or role
that would catch it otherwise. Dropping ``aside`` from that list fails these tests."""

from __future__ import annotations

import pytest

from loaders.readers import read_document
from loaders.readers.html import DROP_TAGS
from loaders.readers.html_content import ALWAYS_CLEANED
from loaders.source import source_from_bytes

PROSE = " ".join(["Government forces shelled villages north of the city through the night."] * 6)
BOX = "<aside><p>The quartermaster regiment moved its field kitchens to the river crossing.</p></aside>"

PAGES = {
    "inside the article": f"<article><h1>Shelling</h1><p>{PROSE}</p>{BOX}<p>{PROSE}</p></article>",
    "beside the article": f"<div><article><h1>Shelling</h1><p>{PROSE}</p><p>{PROSE}</p></article>{BOX}</div>",
    "no article element": f"<div><p>{PROSE}</p>{BOX}<p>{PROSE}</p></div>",
}


@pytest.mark.parametrize("where", PAGES)
def test_an_aside_without_class_or_role_is_dropped(where: str) -> None:
    html = f"<!DOCTYPE html><html><head><title>Shelling</title></head><body>{PAGES[where]}</body></html>"
    doc = read_document(source_from_bytes("shelling.html", html.encode()))
    assert "Government forces shelled" in doc.text
    assert "quartermaster" not in doc.text


def test_aside_is_in_one_drop_list_only() -> None:
    """One list says it: a second copy let either be lost without a failing test."""
    assert "aside" in DROP_TAGS and "aside" not in ALWAYS_CLEANED
