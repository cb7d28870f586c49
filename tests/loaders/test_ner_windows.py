"""The recogniser reads pieces of a claim around the words nothing else explains, and
finds there what it finds in the whole sentence."""

from __future__ import annotations

from dataclasses import replace

import pytest

import loaders.extract.entities as names
from loaders.extraction import Extraction
from tests.loaders.conftest import extract_bytes

LONG = ("After weeks of shelling along the river and repeated warnings from aid workers that the roads "
        "were no longer safe for convoys, families left Vovchansk on foot at dawn, officials said.\n")


def recognised(extraction: Extraction) -> set[tuple[str, str]]:
    return {(m.surface, m.type) for c in extraction.claims for m in c.mentions if m.method == "ner"}


def recorded_pieces(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pieces of text the recogniser is given from now on (it still runs)."""
    pieces: list[str] = []
    real = names.recognise

    def recording(text: str, spans: list[tuple[int, int]]) -> dict[tuple[int, int], object]:
        pieces.extend(text[s:e] for s, e in spans)
        return real(text, spans)

    monkeypatch.setattr(names, "recognise", recording)
    return pieces


def test_the_model_reads_a_piece_around_the_unknown_name(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = recorded_pieces(monkeypatch)
    found = recognised(extract_bytes("note.md", LONG.encode()))
    assert ("Vovchansk", "region") in found
    assert pieces and all("Vovchansk" in p for p in pieces)
    assert sum(len(p.split()) for p in pieces) <= 2 * names.name_words().recogniser_context + 1
    assert "After weeks" not in " ".join(pieces)


def test_pieces_find_what_the_whole_sentence_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Fighters of the Kachin Independence Army and soldiers loyal to the junta clashed near "
            "Bhamo for a third day, while the Arakan Army said it had taken a base close to "
            "Paletwa, according to Radio Free Asia and residents reached by telephone.\n")
    windowed = recognised(extract_bytes("note.md", text.encode()))
    whole_sentences = replace(names.name_words(), recogniser_context=10_000)
    monkeypatch.setattr(names, "name_words", lambda path=None: whole_sentences)
    whole = recognised(extract_bytes("note.md", text.encode()))
    assert windowed == whole and windowed


def test_a_repeated_piece_is_read_once_and_named_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = recorded_pieces(monkeypatch)
    found = extract_bytes("note.md", ("\n\n".join([LONG.strip()] * 30) + "\n").encode())
    named = [c for c in found.claims
             if any(m.surface == "Vovchansk" and m.method == "ner" for m in c.mentions)]
    assert len(named) == 30
    assert len(pieces) == 1


def test_the_recogniser_stops_at_its_budget_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join(f"Families left {town} on foot at dawn after the shelling, officials said."
                       for town in ("Vovchansk", "Kupiansk", "Pokrovsk", "Myrnohrad"))
    small = replace(names.name_words(), recogniser_budget=len("on foot at dawn after the shelling") * 2)
    monkeypatch.setattr(names, "name_words", lambda path=None: small)
    found = extract_bytes("note.md", (text + "\n").encode())
    assert any("name recogniser read only" in w for w in found.warnings)
    with_names = [c for c in found.claims if any(m.method == "ner" for m in c.mentions)]
    assert 0 < len(with_names) < 4
