"""The sourcing word lists (``data/sourcing.yaml``, ``data/news_media.yaml``), read once.

Kept as data so users extend them the way they extend the gazetteer: a YAML file named
by ``CONFLICTKG_SOURCING`` with the same keys adds to every list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from loaders.extract.word_lists import read_lists

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Medium:
    """A news agency or outlet: its name, the ways it is written, whether a wire."""

    name: str
    aliases: tuple[str, ...]
    wire: bool


@dataclass(frozen=True)
class SourcingWords:
    """Every list the attribution finder consults, in the shape it needs."""

    verb_stance: dict[str, str]            # lemma -> stance
    verb_forms: frozenset[str]              # every written form of a cue verb (lower case)
    conditional_objects: dict[str, frozenset[str]]
    conditional_particles: dict[str, frozenset[str]]
    clause_only: frozenset[str]              # cues only with a clause: "observed that ..."
    negated_stance: dict[str, str]
    channel_verbs: frozenset[str]
    prepositions: tuple[tuple[str, ...], ...]
    basis_phrases: frozenset[tuple[str, str]]
    document_kind: dict[str, str]           # noun -> kind of document
    anonymous_heads: frozenset[str]
    role_nouns: frozenset[str]
    referring: dict[str, str]               # head noun -> what it refers to
    person_pronouns: frozenset[str]
    any_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    not_a_source: frozenset[str]
    time_windows: dict[str, tuple[int, int]]
    default_window: tuple[int, int]
    access_window: tuple[int, int]
    media: tuple[Medium, ...]
    hedges: tuple[str, ...]                  # words and phrases that hedge a claim
    number_hedges: frozenset[str]            # hedges only before a number ("about 40")
    reportative: frozenset[str]              # hedges of reported distance ("reportedly")

    media_by_key: dict[str, Medium]          # every name and alias, by _media_key

    def medium(self, name: str) -> Medium | None:
        """The agency or outlet ``name`` writes, if it is one (case-insensitive for
        names, exact for short abbreviations like "AP")."""
        return self.media_by_key.get(_media_key(name))


def _media_key(name: str) -> str:
    bare = name.strip().removeprefix("the ").removeprefix("The ")
    return bare if len(bare) <= 4 else bare.lower()


def _index_media(media: tuple[Medium, ...]) -> dict[str, Medium]:
    index: dict[str, Medium] = {}
    for medium in media:
        for name in (medium.name, *medium.aliases):
            index.setdefault(_media_key(name), medium)
    return index


def _regular_forms(lemma: str) -> set[str]:
    """-s, -ed and -ing forms of a regular verb ("warn" -> warns, warned, warning)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        forms.add(lemma + "es")
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}   # admit -> admitted
    return forms


def _load_raw() -> dict[str, Any]:
    return read_lists([DATA / "sourcing.yaml", DATA / "news_media.yaml"], "CONFLICTKG_SOURCING",
                      "the sourcing word lists' keys")


@lru_cache(maxsize=1)
def sourcing_words() -> SourcingWords:
    """The word lists, built once per process."""
    raw = _load_raw()
    verb_stance = {lemma: stance for stance, lemmas in raw["cue_verbs"].items() for lemma in lemmas}
    forms: set[str] = set()
    for lemma in verb_stance:
        forms |= _regular_forms(lemma)
    for extra in raw.get("forms", {}).values():
        forms |= set(extra)
    media = tuple(Medium(m["name"], tuple(m.get("aliases") or ()), bool(m.get("wire")))
                  for m in raw.get("media", []))
    return SourcingWords(
        verb_stance=verb_stance,
        verb_forms=frozenset(forms),
        conditional_objects={k: frozenset(v) for k, v in raw.get("conditional_objects", {}).items()},
        conditional_particles={k: frozenset(v) for k, v in raw.get("conditional_particles", {}).items()},
        clause_only=frozenset(raw.get("clause_only", [])),
        negated_stance=dict(raw.get("negated_stance", {})),
        channel_verbs=frozenset(raw.get("channel_verbs", [])),
        prepositions=tuple(tuple(p) for p in raw.get("source_prepositions", [])),
        basis_phrases=frozenset((a, b) for a, b in raw.get("basis_phrases", [])),
        document_kind={noun: kind for kind, nouns in raw["document_nouns"].items() for noun in nouns},
        anonymous_heads=frozenset(raw["anonymous_heads"]),
        role_nouns=frozenset(raw["role_nouns"]),
        referring={noun: what for what, nouns in raw["referring_heads"].items() for noun in nouns},
        person_pronouns=frozenset(raw["pronouns"]["person"]),
        any_pronouns=frozenset(raw["pronouns"]["any"]),
        relative_pronouns=frozenset(raw["relative_pronouns"]),
        not_a_source=frozenset(raw["not_a_source"]),
        time_windows={k: (int(v[0]), int(v[1])) for k, v in raw["time_windows"].items()},
        default_window=(int(raw["default_window"][0]), int(raw["default_window"][1])),
        access_window=(int(raw["access_window"][0]), int(raw["access_window"][1])),
        media=media,
        hedges=tuple(dict.fromkeys(" ".join(str(w).lower().split()) for w in raw["hedges"]["words"])),
        number_hedges=frozenset(str(w).lower() for w in raw["hedges"]["before_numbers"]),
        reportative=frozenset(" ".join(str(w).lower().split()) for w in raw["hedges"]["reportative"]),
        media_by_key=_index_media(media),
    )
