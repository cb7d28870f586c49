"""RDF import is hostile input too: quotes re-verified, parsers bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.rdf.importer import RdfImportError, import_file, read_graph
from graph.stores.embedded import EmbeddedStore
from tests.rdf.common import TINY_TEXT, exported_text, tiny_batch


@pytest.fixture
def export(tmp_path: Path) -> str:
    store = EmbeddedStore(tmp_path / "source")
    store.write_batch(tiny_batch())
    text = exported_text(store, "nt")
    store.close()
    return text


def imported(tmp_path: Path, text: str) -> tuple[list[str], int]:
    path = tmp_path / "edited.nt"
    path.write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "copy")
    summary = import_file(store, path)
    reports = len(store.find_nodes("Report", {"stub": False}))
    store.close()
    return summary.errors, reports


def test_the_export_imports_cleanly(tmp_path: Path, export: str) -> None:
    assert imported(tmp_path, export) == ([], 1)


def test_an_edited_quote_is_refused(tmp_path: Path, export: str) -> None:
    quote = '"ISIS attacked Kabul."'
    assert quote in export
    errors, reports = imported(tmp_path, export.replace(quote, '"ISIS attacked Paris."'))
    assert reports == 0
    (error,) = errors
    assert "edited.nt" in error and "1 of 2 quote(s) do not match the report text" in error


def test_an_edited_text_is_refused(tmp_path: Path, export: str) -> None:
    assert TINY_TEXT in export
    errors, reports = imported(tmp_path, export.replace(TINY_TEXT, TINY_TEXT.replace("said", "denied")))
    assert reports == 0
    assert "its text does not match its sha256" in errors[0]


def test_a_long_literal_in_n_triples_parses_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "long.nt"
    path.write_text('<http://x/a> <http://x/b> "' + "a" * 5_000_000 + '" .\n', encoding="utf-8")
    started = time.perf_counter()
    assert len(read_graph(path)) == 1
    assert time.perf_counter() - started < 10  # rdflib's N-Triples parser: over 120 s


def test_an_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY e{i} "&e{i - 1};&e{i - 1};&e{i - 1};&e{i - 1};">' for i in range(1, 10))
    path = tmp_path / "bomb.rdf"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e0 "lol">{entities}]>'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                    '<rdf:Description rdf:about="http://x/a"><x:b xmlns:x="http://x/">&e9;</x:b>'
                    "</rdf:Description></rdf:RDF>", encoding="utf-8")
    with pytest.raises(RdfImportError, match=r"bomb\.rdf: RDF/XML with a DOCTYPE or ENTITY"):
        read_graph(path)


def test_an_oversized_file_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    with path.open("wb") as handle:
        handle.truncate(2_000_000)
    with pytest.raises(RdfImportError, match=r"big\.ttl: 2,000,000 bytes is over the 1,000,000-byte"):
        read_graph(path, max_bytes=1_000_000)
