"""Helpers for the sourcing tests: extract a text written here, with front matter."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.provenance import sha256_hex
from loaders.extract.pipeline import extract
from loaders.extraction import Claim, Extraction
from loaders.readers import read_document
from loaders.source import RawSource


def extract_text(text: str, name: str = "report.md") -> Extraction:
    """Extract a report given as text (front matter allowed), no store touched."""
    data = text.encode("utf-8")
    return extract(read_document(RawSource(name=name, data=data, sha256=sha256_hex(data))))


def claim_with(extraction: Extraction, words: str) -> Claim:
    """The one claim containing ``words``."""
    (claim,) = [c for c in extraction.claims if words in c.text]
    return claim


@pytest.fixture
def extracted() -> Callable[[str], Extraction]:
    return extract_text
