"""Helpers for loader tests: extract a fixture or some bytes, and check every span."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.settings import install
from loaders.extract import gazetteer as gazetteer_module
from loaders.extraction import Extraction
from loaders.ingest import extract_source
from loaders.source import read_source, source_from_bytes
from tests.conftest import FIXTURES

LOADER_FIXTURES = FIXTURES / "loaders"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"


def extract_file(path: Path) -> Extraction:
    """Read and extract a file the way ``conflictkg extract`` does."""
    return extract_source(read_source(path))


def extract_bytes(name: str, data: bytes) -> Extraction:
    """Extract bytes that arrive under ``name`` (the name decides nothing but the suffix hint)."""
    return extract_source(source_from_bytes(name, data))


def assert_spans_exact(extraction: Extraction) -> None:
    """Every span lies in the stored text and every quoted piece is exactly text[start:end]."""
    text = extraction.report.text
    for claim in extraction.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        for mention in claim.mentions:
            assert claim.start <= mention.start < mention.end <= claim.end
            assert text[mention.start:mention.end] == mention.surface
        for citation in claim.citations:
            assert 0 <= citation.start < citation.end <= len(text)
        assert claim.text == claim.text.strip()
    for citation in extraction.references:
        assert 0 <= citation.start < citation.end <= len(text)
    for relation in extraction.relations:
        assert text[relation.start:relation.end] == relation.trigger
    for repub in extraction.republishes:
        assert 0 <= repub.start < repub.end <= len(text)


@pytest.fixture(scope="session")
def fixture_extractions() -> dict[str, Extraction]:
    """Every annotated loader fixture, extracted once per session."""
    return {p.name: extract_file(p) for p in sorted(LOADER_FIXTURES.iterdir())
            if p.suffix in (".txt", ".md", ".html", ".pdf") and p.stem != "README"}


@pytest.fixture
def gazetteer_cache_dir(tmp_path: Path) -> Iterator[Path]:
    """The gazetteer cached in a folder of this test's own, read afresh as by a new process;
    afterwards the run's own environment and settings are back."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONFLICTKG_CACHE_DIR", str(tmp_path))
        install(None)   # read the settings again, as a new process would
        gazetteer_module._load.cache_clear()
        yield tmp_path
        gazetteer_module._load.cache_clear()
    install(None)       # the environment is restored: read the settings again
