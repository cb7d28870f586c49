"""Entity resolution against curated gazetteers: aliases and spellings to one node.

The packaged files (``loaders/gazetteer/*.yaml``) list conflict actors and regions
with aliases, Wikidata ids and the region hierarchy; users add their own with
``CONFLICTKG_GAZETTEER`` (a YAML file or a folder of them). Matching is
leftmost-longest over all aliases, tolerant of hyphen, space and apostrophe variants.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from graph.model import entity_id

_JOINERS = re.compile(r"[\s\-‐‑–]+")
_APOSTROPHES = "'’‘`ʼ"


@dataclass
class Entry:
    """One canonical entity of the gazetteer."""

    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    iso: str | None = None
    kind: str | None = None
    level: str | None = None
    parent: str | None = None

    @property
    def type(self) -> str:
        """``organisation`` or ``region``, as the extraction output names types."""
        return "organisation" if self.label == "Organisation" else "region"


@dataclass(frozen=True)
class Match:
    """An alias found in text."""

    entry: Entry
    start: int
    end: int
    surface: str


def alias_pattern(alias: str) -> str:
    """Regex for an alias that tolerates hyphen/space and apostrophe variants."""
    parts: list[str] = []
    for word in _JOINERS.split(alias.strip()):
        chars = [f"[{_APOSTROPHES}]?" if c in _APOSTROPHES else re.escape(c) for c in word]
        parts.append("".join(chars))
    return r"[\s\-‐‑–]+".join(parts)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 6 and sum(c.isupper() for c in letters) >= 2


class Gazetteer:
    """All known entities with one compiled matcher for case-sensitive and one for the rest."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            self.entries.setdefault(entry.id, entry)
        self.by_name = {e.name.lower(): e for e in self.entries.values()}
        self._exact, self._folded = self._compile()

    def _compile(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        exact: dict[str, Entry] = {}
        folded: dict[str, Entry] = {}
        for entry in self.entries.values():
            for alias in (entry.name, *entry.aliases):
                (exact if _is_acronym(alias) else folded).setdefault(alias, entry)
        self._exact_lookup = {_canonical_surface(k): v for k, v in exact.items()}
        self._folded_lookup = {_canonical_surface(k).lower(): v for k, v in folded.items()}
        return _alternation(exact, 0), _alternation(folded, re.I)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Non-overlapping matches in ``text[start:end]``, longest first at each place."""
        stop = len(text) if end is None else end
        candidates: list[Match] = []
        for pattern, folded in ((self._exact, False), (self._folded, True)):
            if pattern is None:
                continue
            for m in pattern.finditer(text, start, stop):
                entry = self._entry_for(m.group(0), folded)
                if entry is not None:
                    candidates.append(Match(entry, m.start(), m.end(), m.group(0)))
        return _leftmost_longest(candidates)

    def _entry_for(self, surface: str, folded: bool) -> Entry | None:
        key = _canonical_surface(surface)
        if folded:
            return self._folded_lookup.get(key.lower())
        return self._exact_lookup.get(key)

    def resolve(self, name: str) -> Entry | None:
        """The entry whose name or alias is ``name`` (in any accepted spelling)."""
        matches = self.find(name)
        if len(matches) == 1 and matches[0].end - matches[0].start >= len(name.strip()) - 4:
            return matches[0].entry
        return None

    def parent_chain(self, entry: Entry) -> list[Entry]:
        """The regions above ``entry`` (province -> country -> macro-region)."""
        chain: list[Entry] = []
        current = entry
        while current.parent:
            parent = self.by_name.get(current.parent.lower())
            if parent is None or parent in chain:
                break
            chain.append(parent)
            current = parent
        return chain


def _canonical_surface(text: str) -> str:
    folded = _JOINERS.sub(" ", text.strip())
    return "".join(c for c in folded if c not in _APOSTROPHES)


def _alternation(aliases: dict[str, Entry], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    ordered = sorted(aliases, key=len, reverse=True)
    body = "|".join(alias_pattern(a) for a in ordered)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)


def _leftmost_longest(candidates: list[Match]) -> list[Match]:
    chosen: list[Match] = []
    for match in sorted(candidates, key=lambda m: (m.start, -(m.end - m.start))):
        if chosen and match.start < chosen[-1].end:
            continue
        chosen.append(match)
    return chosen


def _entries(raw: dict[str, Any]) -> Iterable[Entry]:
    for label, key in (("Organisation", "organisations"), ("Region", "regions")):
        for item in raw.get(key) or []:
            yield Entry(
                id=entity_id(label, wikidata=item.get("wikidata"), iso=item.get("iso"),
                             name=item["name"]),
                label=label, name=item["name"], aliases=list(item.get("aliases") or []),
                wikidata=item.get("wikidata"), iso=item.get("iso"), kind=item.get("kind"),
                level=item.get("level"), parent=item.get("parent"),
            )


def _user_files() -> list[Path]:
    extra = os.environ.get("CONFLICTKG_GAZETTEER")
    if not extra:
        return []
    path = Path(extra)
    return sorted(path.glob("*.y*ml")) if path.is_dir() else [path]


@lru_cache(maxsize=4)
def _load(extra_files: tuple[str, ...]) -> Gazetteer:
    texts = [f.read_text(encoding="utf-8") for f in resources.files("loaders").joinpath(
        "gazetteer").iterdir() if f.name.endswith(".yaml")]
    texts += [Path(p).read_text(encoding="utf-8") for p in extra_files]
    entries: list[Entry] = []
    for text in reversed(texts):  # user files first, so they win on a shared id
        entries.extend(_entries(yaml.safe_load(text) or {}))
    return Gazetteer(entries)


def default_gazetteer() -> Gazetteer:
    """The packaged gazetteers plus the user's (cached per set of user files)."""
    return _load(tuple(str(p) for p in _user_files()))
