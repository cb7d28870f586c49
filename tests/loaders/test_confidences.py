"""Confidences are data: the packaged file gives every method's value, a user's file
(``CONFLICTKG_CONFIDENCES``) changes what extraction records, and a bad value is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import ConfigurationError
from graph.settings import install
from loaders.extract import confidences
from tests.loaders.conftest import extract_bytes

TEXT = (b"Al Qaeda fighters moved through Afghanistan in March, "
        b"according to [a UN report](https://example.org/un-report).\n")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Read the confidences again with this test's environment, and forget them after."""
    monkeypatch.delenv(confidences.ENVIRONMENT, raising=False)
    install(None)   # read the settings again, as a new process would
    confidences.confidences.cache_clear()
    yield monkeypatch
    confidences.confidences.cache_clear()


def test_every_packaged_value_is_a_confidence(fresh: pytest.MonkeyPatch) -> None:
    groups = confidences.confidences()
    assert {"claims", "mentions", "citations", "attributions", "republications", "datasets"} <= set(groups)
    assert all(0 <= value <= 1 for values in groups.values() for value in values.values())


def test_extraction_records_the_files_values(fresh: pytest.MonkeyPatch, tmp_path: Path) -> None:
    claim, = extract_bytes("report.md", TEXT).claims
    mention = next(m for m in claim.mentions if m.surface == "Al Qaeda")
    link = next(c for c in claim.citations if c.target_url == "https://example.org/un-report")
    assert (mention.confidence, link.confidence) == (
        confidences.method_confidence("mentions", mention.method),
        confidences.method_confidence("citations", link.method))
    own = tmp_path / "ours.yaml"
    own.write_text(f"mentions: {{{mention.method}: 0.42}}\ncitations: {{{link.method}: 0.33}}\n",
                   encoding="utf-8")
    fresh.setenv(confidences.ENVIRONMENT, str(own))
    install(None)   # read the settings again, as a new process would
    confidences.confidences.cache_clear()
    claim, = extract_bytes("report.md", TEXT).claims
    mention = next(m for m in claim.mentions if m.surface == "Al Qaeda")
    link = next(c for c in claim.citations if c.target_url == "https://example.org/un-report")
    assert (mention.confidence, link.confidence) == (0.42, 0.33)
    assert confidences.method_confidence("mentions", "ner") == 0.8   # the rest as packaged


WIRE = (b"KABUL (Reuters) - Taliban fighters attacked a checkpoint in Kunar province on Monday, "
        b"officials said.\n")


def test_wire_credits_and_relations_record_the_files_values(fresh: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text("credits: {dateline: 0.41}\nclaims: {relation-bare-in: 0.21, relation: 0.22}\n",
                   encoding="utf-8")
    fresh.setenv(confidences.ENVIRONMENT, str(own))
    install(None)   # read the settings again, as a new process would
    extraction = extract_bytes("wire.md", WIRE)
    assert [(c.basis, c.confidence) for c in extraction.credits] == [("dateline", 0.41)]
    assert extraction.relations and {r.confidence for r in extraction.relations} <= {0.21, 0.22}


@pytest.mark.parametrize("body", ["mentions: {gazetteer: 1.5}\n", "mentions: {gazetteer: yes}\n",
                                  "mentions: [0.5]\n", "- not a mapping\n"])
def test_a_bad_file_is_refused_with_what_is_wrong(fresh: pytest.MonkeyPatch, tmp_path: Path,
                                                  body: str) -> None:
    own = tmp_path / "ours.yaml"
    own.write_text(body, encoding="utf-8")
    fresh.setenv(confidences.ENVIRONMENT, str(own))
    install(None)   # read the settings again, as a new process would
    with pytest.raises(ConfigurationError, match="confidences"):
        confidences.confidences()


def test_an_unknown_method_is_an_error_that_names_it(fresh: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match=r"mentions\.telepathy"):
        confidences.method_confidence("mentions", "telepathy")
