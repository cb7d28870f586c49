"""YAML front matter is untrusted: no alias expansion, bounded nesting, sizes and types."""

from __future__ import annotations

import time

import pytest

from loaders.document import Document
from loaders.errors import LoadError
from loaders.readers import read_document
from loaders.source import source_from_bytes
from tests.hostile.inputs import alias_bomb, front_matter


def read(text: str) -> Document:
    return read_document(source_from_bytes("hostile.md", text.encode("utf-8")))


def test_an_alias_bomb_is_refused_at_once() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 600
    started = time.perf_counter()
    with pytest.raises(LoadError, match=r"hostile\.md: front matter uses a YAML alias"):
        read(bomb)
    assert time.perf_counter() - started < 10  # a bound against hanging (it hung), not a speed figure


def test_a_single_harmless_alias_is_refused_too() -> None:
    with pytest.raises(LoadError, match="alias"):
        read("---\npublisher: &p Example\ntitle: *p\n---\nText of the report, officials said.\n")


@pytest.mark.parametrize(("fields", "problem"), [
    ({"title": "x" * 1001}, "'title' is 1,001 characters; the limit is 1,000"),
    ({"title": "{a: 1}"}, "'title' must be text, not a mapping"),
    ({"publisher": "[a, b]"}, "'publisher' must be text, not a list"),
    ({"authors": "[" + ", ".join(["A. B."] * 201) + "]"}, "201 authors"),
    ({"authors": "[" + "x" * 301 + "]"}, "'author' is 301 characters"),
    ({"title": "[" * 20 + "]" * 20}, "nested deeper than 8"),
])
def test_fields_are_checked_for_type_and_size(fields: dict[str, str], problem: str) -> None:
    with pytest.raises(LoadError, match=r"hostile\.md: front matter") as caught:
        read(front_matter(**fields))
    assert problem in str(caught.value)


def test_an_oversized_block_is_refused() -> None:
    lines = "".join(f"k{i}: v\n" for i in range(12_000))
    with pytest.raises(LoadError, match=r"front matter is .* characters; the limit is 65,536"):
        read(f"---\n{lines}---\nBody text here, officials said.\n")


def test_ordinary_front_matter_still_reads() -> None:
    doc = read(front_matter(title="The return", authors="[A. Analyst, B. Writer]", published="2025-03-05"))
    assert doc.title == "The return"
    assert doc.authors == ["A. Analyst", "B. Writer"]
    assert doc.published == "2025-03-05"
