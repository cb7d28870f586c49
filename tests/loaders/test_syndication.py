"""Syndication: wire bylines, declared republication, and the same text under another URL."""

from __future__ import annotations

from pathlib import Path

from graph.model import report_id
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.loaders.conftest import EXAMPLES, LOADER_FIXTURES, extract_bytes, extract_file


def test_wire_copy_with_another_publisher_republishes_the_wire_story() -> None:
    extraction = extract_file(LOADER_FIXTURES / "peshawar-wire.md")
    (repub,) = extraction.republishes
    assert repub.basis == "byline+declared" and repub.target_publisher == "Example Wire Service"
    assert extraction.report.text[repub.start:repub.end] == "Example Wire Service"
    assert repub.target_url is None
    assert repub.target_title == "Invented example: Blast hits market in Peshawar"


def test_the_agency_publishing_its_own_story_is_not_a_copy() -> None:
    assert extract_file(EXAMPLES / "03-wire-story.md").republishes == []


def test_front_matter_and_byline_name_one_original() -> None:
    (repub,) = extract_file(EXAMPLES / "04-daily-republished.md").republishes
    assert repub.target_url == "https://example.com/wire/aq-camps-eastern-afghanistan"
    assert repub.basis == "byline+declared"
    assert repub.target_id == report_id(url="https://example.com/wire/aq-camps-eastern-afghanistan")


def test_declared_with_a_link_uses_the_link() -> None:
    extraction = extract_bytes("x.md", b"Militants attacked a police post in Bannu on Friday, killing "
                                       b"three officers.\n\nThis article was first published by "
                                       b"[Example Frontier News](https://example.net/frontier/bannu).\n")
    (repub,) = extraction.republishes
    assert (repub.basis, repub.target_url) == ("declared", "https://example.net/frontier/bannu")


def write(folder: Path, name: str, url: str, published: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"---\ntitle: Same story\nurl: {url}\npublished: {published}\n---\n"
                               "Al-Shabaab fighters seized the town of Bulo Burde on Sunday, "
                               "residents said.\n",
                               encoding="utf-8")


def test_same_text_under_another_url_is_linked_at_ingest(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    write(tmp_path / "a", "first.md", "https://example.org/original", "2025-01-02")
    write(tmp_path / "b", "mirror.md", "https://example.net/mirror", "2025-01-05")
    assert not ingest_paths(store, [tmp_path / "a"]).failed
    assert not ingest_paths(store, [tmp_path / "b"]).failed
    mirror = report_id(url="https://example.net/mirror")
    (edge,) = store.edges([mirror], ["REPUBLISHES"])
    assert edge.target == report_id(url="https://example.org/original")
    assert edge.props["basis"] == "identical-text"
    assert edge.props["quote"].startswith("Al-Shabaab fighters seized")


def test_an_earlier_copy_is_not_said_to_republish_a_later_one(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    write(tmp_path / "a", "late.md", "https://example.org/late", "2025-03-01")
    write(tmp_path / "b", "early.md", "https://example.net/early", "2025-01-01")
    ingest_paths(store, [tmp_path / "a"])
    (outcome,) = ingest_paths(store, [tmp_path / "b"]).outcomes
    assert store.stats()["REPUBLISHES"] == 0
    assert any("published later" in w for w in outcome.warnings)
