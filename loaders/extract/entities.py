"""Organisations and regions beyond the gazetteers: what the text defines, what the
statistical model finds, and what "the group" stands for.

The gazetteers find the names they know; this module adds, per claim:

- acronyms the text defines ("Rapid Support Forces (RSF)"): the acronym and the long
  form are one entity in that document, whichever of the two a gazetteer knows;
- administrative units no gazetteer lists ("Sagaing Region's Pale Township"), kept as
  unresolved regions under the region that owns them;
- possessors ("Myanmar's military junta" also names Myanmar);
- names found by spaCy's named-entity recogniser, resolved through the gazetteers
  when they can be and kept unresolved, with their type, when not. The model runs
  only on sentences with a capitalised word nothing else accounted for, in one batch
  per document, and reuses a sentence's parse when the attribution step made one;
- back-references ("the group", "the junta"), which mention the organisation of a
  fitting kind named most recently before them.

Each mention records its method and confidence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.model import entity_id
from graph.settings import current
from loaders.extract.citations import provisional_organisation, register_entry
from loaders.extract.confidences import method_confidence
from loaders.extract.gazetteer import LOCATIVES, Gazetteer, Match
from loaders.extract.gazetteer_data import YAML_LOADER, Entry, region_id
from loaders.extract.organisations import (
    HEADS,
    StateBody,
    provisional_organisations,
    state_bodies,
    state_bodies_of,
    state_body_words,
)
from loaders.extract.words import WordIndex
from loaders.extraction import Entity, Extraction, Mention

__all__ = ["NameFinder", "NameWords", "acronym_definitions", "name_words"]

# Windows the recogniser reads per batch: its transition steps run over a whole batch at
# once, so bigger batches of these short pieces cost less per piece (1,024 against 64:
# about a quarter less CPU on the windows of 1 MB of distinct prose, same names).
NER_BATCH = 1024
NER_LABELS = {"ORG": "organisation", "GPE": "region", "LOC": "region"}
CONNECTORS = frozenset("of for the and on in de la le du des al el & y".split())
_ACRONYM = re.compile(r"\((?P<acr>[A-Z][A-Za-z0-9&.-]{1,11})\)")
_WORD = re.compile(r"[\w'’&.-]+")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAILING = re.compile(r"(?:['’]s?|[.,;:])$")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_LOCATED = re.compile(r" in (?:the )?")
_CAN_OPEN_ACRONYM = re.compile(r"(?<![\w-])[A-Z]")
_WORD_OR_HYPHEN = re.compile(r"[\w-]")
_PART_LINK = re.compile(r"\s+of\s+(?:the\s+)?")
_WORD_BEFORE = re.compile(r"(?P<word>[A-Z][\w'’-]*)\s+$")
_REGIONAL_GAP = re.compile(r"(?:['’]s)?\s+(?:(?:regional|special|state|local)\s+)?")
# Trailing lower-case words, but not an article joined to a capital ("Deir al-Balah",
# "wal-Muslimin"): those are part of the name.
_LOWER_TAIL = re.compile(r"(?:\s+(?![a-z]+-[A-Z])[a-z][\w'’-]*)+$")
_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:an|ian|ean|ese|ish|ic|i)$")
MAX_NAME_WORDS = 8
# Arabic names keep a lower-case article before a capital ("az-Zallaqa", "al-Nusra").
ARTICLES = frozenset("al el az as ash at ad ar an".split())
_ARTICLE = r"(?:(?:al|el|az|as|ash|at|ad|ar|an)-)?"
# A name of up to five capitalised words, linked by "of", "for", "the", "and", "al".
_NAME_RUN = r"[A-Z][\w'’&.-]*(?:\s+(?:(?:of|for|the|and|al|de)\s+)?[A-Z][\w'’&.-]*){0,4}"
# Lower-case words for administrative units ("Hiran region", "Hajjah province"), and the
# suffixes under which the gazetteer lists first-level units (pycountry's types).
UNIT_NOUNS = frozenset("region province state governorate oblast department prefecture territory".split())
# Words that, before a city's name and a place noun, name a unit called after the city.
UNIT_BEARINGS = frozenset("""North South East West Central Upper Lower Northern Southern Eastern Western
Northeast Northwest Southeast Southwest North-East North-West South-East South-West""".split())
UNIT_SUFFIXES = ("Region", "Province", "State", "Governorate", "Oblast", "Department", "Prefecture")


# ------------------------------------------------------------------ word lists

@dataclass(frozen=True)
class NameWords:
    """The word lists of ``loaders/gazetteer/words/names.yaml``."""

    back_references: dict[str, tuple[str, ...]]
    window: int
    admin_units: tuple[str, ...]
    not_names: frozenset[str]
    max_sentence_chars: int
    person_titles: frozenset[str] = frozenset()
    organisation_words: frozenset[str] = frozenset()
    recogniser_context: int = 6
    recogniser_budget: int = 400_000
    located_heads: frozenset[str] = frozenset()
    compass: frozenset[str] = frozenset()
    place_nouns: tuple[str, ...] = ()
    organisation_nouns: tuple[str, ...] = ()
    groups: frozenset[str] = frozenset()
    organisation_nouns_before: tuple[str, ...] = ()
    feature_heads: tuple[str, ...] = ()
    national_sections: frozenset[str] = frozenset()
    part_nouns: frozenset[str] = frozenset()
    noun_before: re.Pattern[str] = field(init=False, compare=False, repr=False)
    feature: re.Pattern[str] = field(init=False, compare=False, repr=False)
    place_noun: re.Pattern[str] = field(init=False, compare=False, repr=False)
    place_noun_words: frozenset[str] = field(init=False, compare=False, repr=False)
    organisation_noun: re.Pattern[str] = field(init=False, compare=False, repr=False)
    organisation_noun_words: frozenset[str] = field(init=False, compare=False, repr=False)
    back_reference: re.Pattern[str] = field(init=False, compare=False, repr=False)
    admin_unit: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        phrases = "|".join(re.escape(p) for p in sorted(self.back_references, key=len, reverse=True))
        object.__setattr__(self, "back_reference", re.compile(
            rf"(?<![\w-])[Tt]he\s+(?P<phrase>{phrases})(?:['’]s)?(?![\w-])(?!\s+[A-Z])"))
        for kind, nouns in (("place", self.place_nouns), ("organisation", self.organisation_nouns)):
            object.__setattr__(self, f"{kind}_noun", _names_before(nouns))
            object.__setattr__(self, f"{kind}_noun_words", frozenset(n.split()[0] for n in nouns))
        before = "|".join(r"\s+".join(map(re.escape, n.split()))
                          for n in sorted(self.organisation_nouns_before, key=len, reverse=True))
        object.__setattr__(self, "noun_before", re.compile(
            rf"(?<![\w-])(?:{before or '(?!)'})\s+(?P<name>{_NAME_RUN})"))
        heads = "|".join(map(re.escape, self.feature_heads))
        object.__setattr__(self, "feature", re.compile(
            rf"(?<![\w'’-])(?:{heads or '(?!)'})\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}"))
        units = "|".join(re.escape(u) for u in self.admin_units)
        object.__setattr__(self, "admin_unit", re.compile(
            rf"(?<![\w'’-])(?P<name>(?:[A-Z][\w'’-]+\s+){{1,3}}(?:{units}))(?![\w-])"))


def _names_before(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """Capitalised names (a list of them: "A, B and C") right before one of ``nouns``."""
    longest_first = sorted(nouns, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in longest_first)
    run = rf"{_ARTICLE}[A-Z][\w'’-]+(?:\s+{_ARTICLE}[A-Z][\w'’-]+){{0,2}}"
    return re.compile(rf"(?<![\w'’-])(?P<names>{run}(?:(?:\s*,\s*|\s+and\s+){run})*)\s+"
                      rf"(?P<noun>{alternatives or '(?!)'})(?![\w-])")


@lru_cache(maxsize=4)
def name_words(path: str | None = None) -> NameWords:
    """The packaged lists, or the file ``CONFLICTKG_NAME_WORDS`` names."""
    chosen = path or current().name_words
    if chosen:
        text = Path(chosen).read_text(encoding="utf-8")
    else:
        packaged = resources.files("loaders").joinpath("gazetteer", "words", "names.yaml")
        text = packaged.read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=YAML_LOADER) or {}  # noqa: S506 - a safe loader
    return NameWords(
        back_references={str(k): tuple(str(v) for v in kinds)
                         for k, kinds in (raw.get("back_references") or {}).items()},
        window=int(raw.get("back_reference_window", 4)),
        admin_units=tuple(str(u) for u in raw.get("admin_units") or ()),
        not_names=frozenset(str(w) for w in raw.get("not_names") or ()),
        max_sentence_chars=int(raw.get("max_sentence_chars", 1200)),
        person_titles=frozenset(str(w) for w in raw.get("person_titles") or ()),
        organisation_words=frozenset(str(w) for w in raw.get("organisation_words") or ()),
        recogniser_context=int(raw.get("recogniser_context_words", 6)),
        recogniser_budget=int(raw.get("recogniser_budget_chars", 400_000)),
        located_heads=frozenset(str(w) for w in raw.get("located_heads") or ()),
        compass=frozenset(str(w) for w in raw.get("compass_words") or ()),
        place_nouns=tuple(str(w) for w in raw.get("place_nouns") or ()),
        organisation_nouns=tuple(str(w) for w in raw.get("organisation_nouns") or ()),
        groups=frozenset(str(w) for w in raw.get("group_words") or ()),
        organisation_nouns_before=tuple(str(w) for w in raw.get("organisation_nouns_before") or ()),
        feature_heads=tuple(str(w) for w in raw.get("feature_heads") or ()),
        national_sections=frozenset(str(w).lower() for w in raw.get("national_sections") or ()),
        part_nouns=frozenset(str(w) for w in raw.get("part_nouns") or ()),
    )


def ner_enabled() -> bool:
    """``CONFLICTKG_NER=off`` finds names by the gazetteers and rules alone."""
    return current().ner


# ------------------------------------------------------------------ acronyms

def acronym_definitions(text: str) -> dict[str, tuple[int, int, str]]:
    """``{"RSF": (start, end, "Rapid Support Forces")}`` for each acronym the text
    defines in brackets after its long form (first definition wins). The long form is
    the shortest run of capitalised words before the bracket whose initials account for
    the acronym's capitals, in any order ("Mozambique Defence Armed Forces (FADM)")."""
    found: dict[str, tuple[int, int, str]] = {}
    for match in _ACRONYM.finditer(text):
        acronym = match.group("acr")
        letters = [c for c in acronym if c.isupper()]
        if len(letters) < 2 or acronym in found:
            continue
        run = _capitalised_run(text, match.start())
        long_form = _shortest_cover(run, letters)
        if long_form is not None:
            found[acronym] = (long_form[0].start(), long_form[-1].end(),
                              text[long_form[0].start():long_form[-1].end()])
    return found


def _capitalised_run(text: str, before: int) -> list[re.Match[str]]:
    """The capitalised words (and connectors between them) that end right before ``before``."""
    words = list(_WORD.finditer(text, max(0, before - 200), before))
    run: list[re.Match[str]] = []
    for word in reversed(words):
        gap = text[word.end():run[0].start() if run else before]
        if gap.strip() or len(run) >= 12:
            break
        if not (word.group()[:1].isupper() or word.group().lower() in CONNECTORS):
            break
        run.insert(0, word)
    while run and not run[0].group()[:1].isupper():
        run.pop(0)
    return run


def _shortest_cover(run: list[re.Match[str]], letters: list[str]) -> list[re.Match[str]] | None:
    """The shortest tail of ``run`` whose capitalised words' initials hold every capital
    of the acronym; failing that, every capital but one (four letters or more, or three
    when the first letters agree: "Defence Headquarters (DHQ)")."""
    for allowed in (0, 1):
        for first in range(len(run) - 1, -1, -1):
            initials = [w.group()[0] for w in run[first:] if w.group()[:1].isupper()]
            if not run[first].group()[:1].isupper() or len(initials) < 2:
                continue
            missing = list(letters)
            for initial in initials:
                if initial in missing:
                    missing.remove(initial)
            loose = len(letters) >= 4 or initials[0] == letters[0]
            if len(missing) <= (allowed if loose else 0):
                return run[_widened(run, first, letters) if missing else first:]
    return None


def _widened(run: list[re.Match[str]], first: int, letters: list[str]) -> int:
    """A translated acronym leaves a letter unaccounted for ("Security Service of Ukraine
    (SBU)", from the Ukrainian name): the long form then takes the capitalised words
    before the cover whose initials are the acronym's letters too, not the shortest tail."""
    while first > 0:
        word = run[first - 1]
        if word.group()[:1] not in letters or word.group().endswith(("'s", "’s", ".")) or \
                "\n" in word.string[word.end():run[first].start()]:
            break  # a possessive, a sentence's end or a line break is no part of the name
        first -= 1
    return first


# ------------------------------------------------------------------ candidates

@dataclass
class Candidate:
    """A name in a claim before it becomes a mention: where, what it resolves to, how."""

    start: int
    end: int
    surface: str
    method: str
    type: str
    entry: Entry | None = None
    name: str = ""
    parent: str | None = None
    alias: str | None = None
    confidence: float | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class NameFinder:
    """The names of one document's claims, claim by claim in reading order."""

    def __init__(self, text: str, gaz: Gazetteer, matches: list[Match], parses: Any | None = None,
                 words: NameWords | None = None):
        """``matches``: the gazetteer's matches over the whole text, settled in context;
        ``parses``: the document's shared :class:`~loaders.extract.nlp.Parses`, if any (the
        recogniser reads pieces of claims, not the parsed sentences, so it keeps them only
        for callers)."""
        self.text, self.gaz, self.parses = text, gaz, parses
        self.words = words or name_words()
        self.acronyms = acronym_definitions(text)
        self._defined = self._resolve_acronyms(matches)
        # The acronyms whose uses are looked for (those defined now), in definition order, and
        # the long forms by start: each claim takes its own by bisection, whatever their number.
        self._usable = {acronym: order for order, acronym in enumerate(self._defined)}
        self._usable_lengths = sorted({len(a) for a in self._usable}, reverse=True)
        self._long_forms = sorted((s, acronym) for acronym, (s, _, _) in self.acronyms.items())
        self._long_starts = [s for s, _ in self._long_forms]
        self._ner: dict[tuple[int, int], list[tuple[tuple[int, int], list[Recognised]]]] = {}  # per claim
        self.cut_short = False  # the recogniser's budget stopped it before the last claim
        self._pattern: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._recent: list[tuple[int, Mention, str | None]] = []
        self._claim_number = 0
        places = [m for m in matches if m.entry.label == "Region" and not (m.alternatives or m.minor)]
        self._countries = {str(m.entry.country) for m in places if m.entry.country}  # the report's countries
        self._country_ends = {m.end: (m.start, str(m.entry.iso)) for m in matches  # as settled in context
                              if m.entry.level == "country" and m.entry.iso and not m.minor}
        self._country_starts = {m.start: m for m in matches
                                if m.entry.level == "country" and m.entry.iso and not m.minor}

    # ------------------------------------------------------------ document level

    def _resolve_acronyms(self, matches: list[Match]) -> dict[str, tuple[Entry | None, str]]:
        """Acronym -> (entry, name) it stands for in this document: the long form's entry
        when a gazetteer knows it, else the acronym's own, else the long form unresolved."""
        defined: dict[str, tuple[Entry | None, str]] = {}
        for acronym, (start, end, long_form) in self.acronyms.items():
            inside = [m for m in matches
                      if start <= m.start and m.end <= end and m.entry.label == "Organisation"]
            whole = next((m.entry for m in inside if m.end - m.start >= (end - start) * 0.8), None)
            own = self.gaz.resolve(acronym)
            if own is not None and (own.label != "Organisation" or inside or not _same_name(long_form, own)):
                own = None  # the text defines the acronym as something else ("Alliance for ... (AFC)")
            entry = whole or own
            words = long_form.split()
            if entry is None and (len(words) < 2 or words[0] in self.words.person_titles):
                continue
            defined[acronym] = (entry, entry.name if entry else _clean(long_form))
        return defined

    def prepare(self, spans: Iterable[tuple[int, int]], matches: list[Match], words: WordIndex) -> None:
        """Run the model, in one batch, where it may help: around the capitalised words
        of a claim that no gazetteer name, provisional name, defined acronym or word list
        explains, each with a few words of context on either side (see :meth:`_windows`).
        A piece of text the document repeats is read once, and the model reads at most
        ``recogniser_budget_chars`` of distinct pieces per document, so its work is bounded
        whatever the file's size (``cut_short`` says when the budget stopped it)."""
        if not ner_enabled():
            return
        starts = [m.start for m in matches]
        wanted: dict[tuple[int, int], tuple[int, int]] = {}  # window -> its claim
        for span in spans:
            if span[1] - span[0] > self.words.max_sentence_chars:
                continue
            inside = matches[bisect.bisect_left(starts, span[0]):bisect.bisect_left(starts, span[1])]
            organisations = [(m.start, m.end) for m in inside if m.entry.label == "Organisation"]
            self._pattern[span] = found = provisional_organisations(self.text, *span, words, organisations,
                                                                    with_state_bodies=False)
            covered = sorted([(m.start, m.end) for m in inside] + [(s, e) for s, e, _ in found])
            opened = self._open(span, covered)
            wanted.update((window, span) for window in self._windows(span, opened))
        read = self._read_once(list(wanted))
        for window, claim in wanted.items():
            names = read.get(self.text[window[0]:window[1]])
            if names is not None:
                self._ner.setdefault(claim, []).append((window, names))

    def _read_once(self, windows: list[tuple[int, int]]) -> dict[str, list[Recognised]]:
        """The model's names in each distinct window text, within the budget."""
        distinct: dict[str, tuple[int, int]] = {}
        budget = self.words.recogniser_budget
        for s, e in windows:
            piece = self.text[s:e]
            if piece in distinct:
                continue
            budget -= e - s
            if budget < 0:
                self.cut_short = True
                break
            distinct[piece] = (s, e)
        found = recognise(self.text, list(distinct.values())) if distinct else {}
        return {piece: found[window] for piece, window in distinct.items()}

    def _open(self, span: tuple[int, int], covered: list[tuple[int, int]]) -> list[int]:
        """Offsets of the capitalised words in ``span`` that nothing else explains."""
        start, end = span
        inside = [(s, e) for s, e in covered if start <= s < end]
        opened = []
        for word in _CAPITALISED.finditer(self.text, start, end):
            token = word.group().rstrip(".'’")
            if token in self.words.not_names or token in self._defined or len(token) < 2:
                continue
            if any(s <= word.start() < e for s, e in inside):
                continue
            after = self.text[word.end():word.end() + 2]
            if _ADJECTIVE.match(token) and after[:1] == " " and after[1:2].islower():
                continue  # "Colombian army", "Russian troops": an adjective
            opened.append(word.start())
        return opened

    def _windows(self, span: tuple[int, int], opened: list[int]) -> list[tuple[int, int]]:
        """Pieces of the claim around its open words, ``recogniser_context`` words each
        side, overlapping pieces joined. The recogniser's view of a word reaches four
        tokens either way (its encoder) and its decisions look only near the entity being
        built, so a name well inside a piece is read as it is in the whole sentence, at a
        fraction of the cost when a long sentence has one unknown name."""
        if not opened:
            return []
        bounds = [m.span() for m in _WORD.finditer(self.text, *span)]
        word_starts = [s for s, _ in bounds]
        reach = self.words.recogniser_context
        windows: list[list[int]] = []
        for offset in opened:
            i = bisect.bisect_right(word_starts, offset) - 1
            first, last = bounds[max(0, i - reach)][0], bounds[min(len(bounds) - 1, i + reach)][1]
            first = span[0] if i - reach <= 0 else first
            last = span[1] if i + reach >= len(bounds) - 1 else last
            if windows and first <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], last)
            else:
                windows.append([first, last])
        return [(a, b) for a, b in windows]

    # ------------------------------------------------------------ one claim

    def mentions(self, result: Extraction, span: tuple[int, int], matches: list[Match],
                 words: WordIndex) -> list[Mention]:
        """The claim's mentions: gazetteer matches, then what this module adds."""
        start, end = span
        found = [self._from_match(m) for m in matches if m.end <= end]
        self._acronym_candidates(found, start, end)
        self._features(found, start, end)
        self._national_sections(found)
        known = [(c.start, c.end) for c in found if c.type == "organisation"]
        self._provisional(found, words, span, known)
        self._state_bodies(found, words, span)
        self._regional_bodies(found, span)
        self._admin_units(found, start, end)
        self._before_nouns(found, words, span, "region")
        self._before_nouns(found, words, span, "organisation")
        self._after_nouns(found, span)
        self._possessors(found)
        self._recognised(found, span)
        mentions = [self._register(result, c) for c in sorted(found, key=lambda c: (c.start, -c.end))]
        mentions += self._back_references(result, mentions, start, end)
        mentions.sort(key=lambda m: (m.start, -m.end))
        self._remember(result, mentions)
        return mentions

    def _from_match(self, match: Match) -> Candidate:
        """A gazetteer match; one of several entities sharing a name is marked as chosen
        by the report's countries (``gazetteer+context``) or by the default order."""
        method = "gazetteer+context" if match.by_context else "gazetteer"
        curated = match.entry.source in ("curated", "derived")
        confidence = method_confidence("mentions", "gazetteer" if curated else "generated")
        if match.alternatives:
            confidence -= _shared_name_discount(match.by_context)
        alias = " ".join(match.surface.split()) if match.only_in else None  # a context alias stays findable
        return Candidate(match.start, match.end, match.surface, method, match.entry.type, match.entry,
                         alias=alias, confidence=round(confidence, 2))

    def _acronym_uses(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """(start, end, acronym) of each use of a defined acronym in ``text[start:end]``,
        as one regular expression of them all would find them (no word character or hyphen
        on either side; at one place the first defined wins; uses do not overlap), but
        looked up at the capitals that can open one, so the cost does not grow with the
        number of acronyms a long document defines."""
        after = start
        for opening in _CAN_OPEN_ACRONYM.finditer(self.text, start, end):
            at = opening.start()
            if at < after:
                continue
            fitting = [self.text[at:at + n] for n in self._usable_lengths
                       if at + n <= end and self.text[at:at + n] in self._usable
                       and not _WORD_OR_HYPHEN.match(self.text, at + n, end)]
            if fitting:
                acronym = min(fitting, key=self._usable.__getitem__)
                after = at + len(acronym)
                yield at, after, acronym

    def _acronym_candidates(self, found: list[Candidate], start: int, end: int) -> None:
        """Uses of a defined acronym, and its long form, take the document's meaning."""
        if not self._usable:
            return
        for use_start, use_end, acronym in self._acronym_uses(start, end):
            entry, name = self._defined[acronym]
            found[:] = [c for c in found if not (c.overlaps(use_start, use_end) and c.entry is not entry)]
            if not any(c.overlaps(use_start, use_end) for c in found):
                found.append(Candidate(use_start, use_end, acronym, "acronym", "organisation", entry,
                                       name, alias=acronym))
        first, last = (bisect.bisect_left(self._long_starts, at) for at in (start, end))
        for _, acronym in self._long_forms[first:last]:
            long_start, long_end, _ = self.acronyms[acronym]
            if acronym not in self._defined:
                continue
            entry, name = self._defined[acronym]
            if entry is None or not any(c.entry is entry and c.overlaps(long_start, long_end) for c in found):
                # one organisation's name: "United Nations Integrated Office in Haiti (BINUH)"
                found[:] = [c for c in found if not (long_start <= c.start and c.end <= long_end)]
                if not any(c.overlaps(long_start, long_end) for c in found):
                    found.append(Candidate(long_start, long_end, self.text[long_start:long_end], "acronym",
                                           "organisation", entry, name, alias=acronym))

    def _provisional(self, found: list[Candidate], words: WordIndex, span: tuple[int, int],
                     known: list[tuple[int, int]]) -> None:
        """Capitalised names ending in an organisational head noun ("... Institute"),
        as :meth:`prepare` found them when it ran."""
        names = self._pattern.pop(span, None)
        if names is None:
            names = provisional_organisations(self.text, *span, words, known, with_state_bodies=False)
        for s, e, name in names:
            inside = [c for c in found if c.overlaps(s, e)]
            if not all(s <= c.start and c.end <= e for c in inside):
                continue
            place = self._located_in(found, name, e)
            located = f"{name}{self.text[e:place.end]}" if place else name
            if any(c.type == "organisation" and not _qualifier(c, s, located) for c in inside):
                continue
            if self._compass_unit(name):
                continue  # "West Department": a region, found by the unit step
            found[:] = [c for c in found if c not in inside]
            if place is not None:  # "... Monitoring Mission in Ukraine": the place stays a mention too
                e, name = place.end, located
            written, name = name, self._without_country_code(name)
            entry = self.gaz.by_word_set(name)
            if name != written:
                begin = e - len(name)
                found.append(Candidate(begin, e, self.text[begin:e], "pattern", "organisation", entry, name,
                                       alias=written))
                continue
            found.append(Candidate(s, e, self.text[s:e], "word-set" if entry else "pattern", "organisation",
                                   entry, name, alias=name if entry else None))

    def _without_country_code(self, name: str) -> str:
        """ "US Drug Enforcement Administration", "UK Ministry of Defence": a country's
        abbreviation written before a body's own name qualifies it, as a demonym would;
        the name is the rest (at least two words; the written form stays an alias)."""
        first, _, rest = name.partition(" ")
        code = first.replace(".", "")
        if not (code.isupper() and len(code) <= 3 and len(rest.split()) >= 2):
            return name
        place = self.gaz.resolve(first)
        return rest if place is not None and place.level == "country" and rest[:1].isupper() else name

    def _compass_unit(self, name: str) -> bool:
        words = name.split()
        return (len(words) == 2 and words[0] in self.words.compass
                and words[1] in self.words.admin_units)

    def _located_in(self, found: list[Candidate], name: str, end: int) -> Candidate | None:
        """The known place after "in" that a mission or office is named with."""
        if not self.words.located_heads.intersection(name.split()):
            return None
        gap = _LOCATED.match(self.text, end)
        if gap is None:
            return None
        return next((c for c in found if c.start == gap.end() and c.type == "region" and c.entry), None)

    def _state_bodies(self, found: list[Candidate], words: WordIndex, span: tuple[int, int]) -> None:
        """ "The Malian army", "Burkina Faso's army", "the Sudanese government": the
        country's state forces or government, kept as written when no entry stands for it."""
        named_of = state_bodies_of(self.text, *span, words, self._country_starting)
        for body in state_bodies(self.text, *span, words, self._country_ending) + named_of:
            entry, method = self._state_entry(body)
            written = [c for c in found if c.type == "organisation" and c.overlaps(body.start, body.end)]
            # the pattern's name, whole or after the possessor ("[Russia's] Ministry of Defence")
            as_written = written and all(c.entry is None and c.start >= body.start and c.end == body.end
                                         for c in written)
            if entry is not None and (entry.source == "state-branch" or body in named_of) and as_written:
                found[:] = [c for c in found if c not in written]  # "Russia's Ministry of Defence"
                self._defined_as(entry, body, found)
            elif written:
                continue  # a known name ("Sudanese Armed Forces") or a longer one covers it
            if body in named_of:
                self._keep_country(found, body)
            surface = self.text[body.start:body.end]
            found.append(Candidate(body.start, body.end, surface, method, "organisation", entry, body.name,
                                   alias=body.name))

    def _regional_bodies(self, found: list[Candidate], span: tuple[int, int]) -> None:
        """ "Puntland's security forces", "Amhara regional forces", "the Kachin State police":
        a province's forces or police (a body phrase after a known province, possessive or
        not, with up to one lower-case word between) are one entity per province and
        phrase, apart from the country's state forces."""
        words = state_body_words()
        for place in [c for c in found if c.type == "region" and c.entry is not None
                      and c.entry.level == "province" and span[0] <= c.start and c.end <= span[1]]:
            region = place.entry
            assert region is not None  # chosen so above
            after = _REGIONAL_GAP.match(self.text, place.end, span[1])
            phrase = words.phrase.match(self.text, after.end(), span[1]) if after else None
            if phrase is None or any(c.type == "organisation" and c.overlaps(place.start, phrase.end())
                                     for c in found):
                continue
            said = " ".join(phrase.group().lower().split())
            if words.kinds.get(said) == "government" or self.text[phrase.end():][:1].isalpha():
                continue
            name = f"{said.capitalize()} ({region.name})"
            entry = Entry(id=entity_id("Organisation", name=f"{region.id} {said}"), label="Organisation",
                          name=name, kind="regional-forces", source="regional-body", country=region.country)
            written = " ".join(self.text[place.start:phrase.end()].split())
            found.append(Candidate(place.start, phrase.end(), self.text[place.start:phrase.end()],
                                   "state-body", "organisation", entry, written, alias=written))

    def _country_starting(self, offset: int) -> tuple[int, str] | None:
        """(end, ISO code) of the country name the document has starting at ``offset``."""
        match = self._country_starts.get(offset)
        return (match.end, str(match.entry.iso)) if match else None

    def _keep_country(self, found: list[Candidate], body: StateBody) -> None:
        """The country after "of" in a body's name stays a mention of the country."""
        match = next((m for s, m in self._country_starts.items() if body.start < s < body.end), None)
        if match is not None and not any(c.overlaps(match.start, match.end) for c in found):
            found.append(self._from_match(match))

    def _country_ending(self, offset: int) -> tuple[int, str] | None:
        """(start, ISO code) of the country name the document has ending at ``offset``."""
        return self._country_ends.get(offset)

    def _state_entry(self, body: StateBody) -> tuple[Entry | None, str]:
        """The entry for a state body, and how it was chosen: a demonym that several
        countries share ("Congolese") is read as the one the document names, if any."""
        named = [c for c in body.countries if c in self._countries]
        country = (named or list(body.countries))[0]
        if body.kind == "branches":
            return self._branch(body, country, len(body.countries) == 1 or bool(named))
        entry = self.gaz.state_actor(country, body.kind)
        if entry is None:
            return None, "pattern"
        if len(body.countries) == 1:
            return entry, "state-body"
        return entry, "state-body+context" if named else "state-body-shared"

    def _defined_as(self, entry: Entry, body: StateBody, found: list[Candidate]) -> None:
        """An acronym the text defined for the body ("Haitian National Police (PNH)")
        stands for the branch too, here and in later claims."""
        for acronym, (start, end, _) in self.acronyms.items():
            if (start, end) != (body.start, body.end):
                continue
            self._defined[acronym] = (entry, entry.name)
            for c in found:
                if c.surface == acronym and c.entry is None:
                    c.entry, c.name = entry, entry.name

    def _branch(self, body: StateBody, country: str, certain: bool) -> tuple[Entry | None, str]:
        """A state's branch the word lists name ("defence ministry" is the Ministry of
        Defence): one entity per country and branch, keyed by both; left as written when
        the country is in doubt or the branch is not listed."""
        canonical = state_body_words().branch_names.get(body.phrase)
        place = self.gaz.by_id(region_id(iso=country))
        if canonical is None or place is None or not certain:
            return None, "pattern"
        name = f"{canonical} ({place.name})"
        entry = Entry(id=entity_id("Organisation", name=f"{country} {canonical}"), label="Organisation",
                      name=name, kind="state-branch", source="state-branch", country=country)
        return entry, "state-body"

    def _admin_units(self, found: list[Candidate], start: int, end: int) -> None:
        """ "Pale Township", "Rutshuru Territory": an administrative unit no gazetteer has,
        under the region that owns it ("Sagaing Region's Pale Township")."""
        for unit in self.words.admin_unit.finditer(self.text, start, end):
            begin, e = unit.span("name")
            s = self._after_possessor(found, begin, e)
            if s is None or any(c.overlaps(s, e) for c in found):
                continue
            owner = next((c for c in found if c.type == "region" and 0 <= s - c.end <= 3
                          and self.text[c.end:s].strip() in ("'s", "’s")), None)
            found.append(Candidate(s, e, self.text[s:e], "admin-unit", "region", None, self.text[s:e],
                                   parent=owner.entry.id if owner and owner.entry else None))

    def _before_nouns(self, found: list[Candidate], words: WordIndex, span: tuple[int, int],
                      kind: str) -> None:
        """ "Tudun Biri village", "the La Saline and Cite Soleil areas", "the Viv Ansanm
        coalition", "its Amaq outlet": capitalised names before a lower-case place or
        organisation noun, kept unresolved (a name another step found, a demonym, a lone
        adjective or a word that names no one is left alone); "X coalition" stays an alias."""
        start, end = span
        place = kind == "region"
        vocabulary = self.words.place_noun_words if place else self.words.organisation_noun_words
        pattern = self.words.place_noun if place else self.words.organisation_noun
        for i in words.find(vocabulary, start, end):
            at = words.starts[i]
            if not words.words[i].islower():
                continue
            for match in pattern.finditer(self.text, max(start, at - 120), min(end, at + 40)):
                if match.end("names") < at - 2:
                    continue
                noun = " ".join(match.group("noun").split())
                if not place and self._part_of_named(found, noun, match.end()):
                    continue
                for s, e in self._place_names(match):
                    name = self.text[s:e]
                    if place and (self._unit_of(found, s, e, noun) or self._unit_after_city(found, s, e)):
                        continue
                    if any(c.overlaps(s, e) for c in found) or name in state_body_words().demonyms:
                        continue
                    if not place and " " not in name and (_ADJECTIVE.match(name) or name in self.words.groups
                                                          or _opens_sentence(self.text, s, start)):
                        continue  # "Sunni militia", "Arab militias", "Terrorist group al-Shabab claimed"
                    alias = None if place else f"{name} {match.group('noun')}"
                    found.append(Candidate(s, e, name, "place-noun" if place else "organisation-noun", kind,
                                           None, name, alias=alias))

    def _part_of_named(self, found: list[Candidate], noun: str, end: int) -> bool:
        """ "The Mayo Zambada faction of the Sinaloa Cartel": a part of a named
        organisation is named after its leader; the words before the noun are a person."""
        if noun not in self.words.part_nouns:
            return False
        link = _PART_LINK.match(self.text, end)
        return link is not None and any(c.type == "organisation" and c.start == link.end() for c in found)

    def _features(self, found: list[Candidate], start: int, end: int) -> None:
        """ "The Gulf of Sirte", "the Cape of Good Hope": a feature named with "of" is one
        place (a known one when the gazetteer has the whole name), not the shorter names
        inside it ("Gulf", "Sirte")."""
        for match in self.words.feature.finditer(self.text, start, end):
            s, e = match.span()
            inside = [c for c in found if c.overlaps(s, e)]
            if any(c.type != "region" or not (s <= c.start and c.end <= e) for c in inside):
                continue
            if any((c.start, c.end) == (s, e) for c in inside):
                continue
            entry = self.gaz.resolve(match.group())
            found[:] = [c for c in found if c not in inside]
            name = " ".join(match.group().split())
            found.append(Candidate(s, e, self.text[s:e], "gazetteer" if entry else "place-noun", "region",
                                   entry, name))

    def _national_sections(self, found: list[Candidate]) -> None:
        """ "The Lebanese Red Cross", "Kenya Red Cross": a demonym or a country before a
        body that has national societies names the society, not the international body."""
        for candidate in [c for c in found if c.type == "organisation" and c.entry is not None]:
            if " ".join(candidate.surface.lower().split()) not in self.words.national_sections:
                continue
            before = _WORD_BEFORE.search(self.text, max(0, candidate.start - 40), candidate.start)
            if before is None:
                continue
            word = before.group("word")
            country = next((c for c in found if c.type == "region" and c.end == before.end("word")
                            and c.entry is not None and c.entry.level == "country"), None)
            if word not in state_body_words().demonyms and country is None:
                continue
            s = country.start if country else before.start("word")
            name = " ".join(self.text[s:candidate.end].split())
            found[:] = [c for c in found if c is not candidate]
            found.append(Candidate(s, candidate.end, self.text[s:candidate.end], "organisation-noun",
                                   "organisation", None, name))

    def _after_nouns(self, found: list[Candidate], span: tuple[int, int]) -> None:
        """ "the maritime security firm Ambrey", "the peacekeeping mission MINUSCA": a
        capitalised name right after a lower-case organisation noun is an organisation
        (it ends before a word that opens a clause or names a day; a lone adjective or
        demonym names no one)."""
        for match in self.words.noun_before.finditer(self.text, *span):
            s = match.start("name")
            kept = []
            for word in match.group("name").split():
                if word.rstrip(".,'’s") in self.words.not_names | self.words.person_titles:
                    break
                kept.append(word)
            while kept and kept[-1].lower() in CONNECTORS:
                kept.pop()
            name = _TRAILING.sub("", " ".join(kept))
            if not name or any(c.overlaps(s, s + len(name)) for c in found):
                continue
            if " " not in name and (_ADJECTIVE.match(name) or name in self.words.groups
                                    or name in state_body_words().demonyms):
                continue
            e = s + len(name)
            if self.text[s:e] != name:
                continue  # the name ran over a line break: left to the other steps
            found.append(Candidate(s, e, name, "organisation-noun", "organisation", None, name))

    def _unit_of(self, found: list[Candidate], s: int, e: int, noun: str) -> bool:
        """ "Hajjah province", "Kharkiv region", "the Tillaberi and Dosso regions": a name
        before a lower-case administrative unit is the province of that name when the
        gazetteer has one (it replaces a city or town of the same name); True when so."""
        unit = noun.removesuffix("s") if noun.endswith("s") and noun[:-1] in UNIT_NOUNS else noun
        if unit not in UNIT_NOUNS:
            return False
        entry = self._province(self.text[s:e], unit)
        if entry is None:
            return False
        same = [c for c in found if c.overlaps(s, e)]
        if any(not (c.type == "region" and c.entry is not None and c.entry.level in ("city", "town", None)
                    and (c.start, c.end) == (s, e)) for c in same):
            return any(c.entry is entry for c in same)
        found[:] = [c for c in found if c not in same]
        found.append(Candidate(s, e, self.text[s:e], "admin-unit+gazetteer", "region", entry))
        return True

    def _unit_after_city(self, found: list[Candidate], s: int, e: int) -> bool:
        """ "Tigray's South Mekele zone": a bearing and a city's name before a place noun
        name the unit called after the city, not the city (which the gazetteer found
        inside); the unit replaces it, unresolved. True when so."""
        s = self._after_possessor(found, s, e) or s  # "Tigray's": the region it lies in
        inside = [c for c in found if c.overlaps(s, e)]
        if len(inside) != 1:
            return False
        city = inside[0]
        bearing = self.text[s:city.start].strip()
        if not (city.type == "region" and city.entry is not None and city.entry.level in ("city", "town")
                and city.end == e and s < city.start and bearing in UNIT_BEARINGS):
            return False
        found.remove(city)
        name = " ".join(self.text[s:e].split())
        found.append(Candidate(s, e, name, "place-noun", "region", None, name))
        return True

    def _province(self, name: str, unit: str) -> Entry | None:
        """The first-level unit called ``name`` ("Hajjah" + "province": Hajjah Governorate)."""
        for suffix in dict.fromkeys((unit.title(), *UNIT_SUFFIXES)):
            entry = self.gaz.resolve(f"{name} {suffix}")
            if entry is not None and entry.label == "Region" and entry.level in ("province", None):
                return entry
        return None

    def _place_names(self, match: re.Match[str]) -> list[tuple[int, int]]:
        """The names of a place- or organisation-noun match, each without words that open
        sentences or name kinds of people; "Russian-held" (a lower-case part) names none."""
        spans = []
        begin = match.start("names")
        pieces = [*_LIST_SEPARATOR.finditer(self.text, begin, match.end("names"))]
        bounds = zip([begin, *(p.end() for p in pieces)], [*(p.start() for p in pieces), match.end("names")],
                     strict=True)
        for s, e in bounds:
            for word in self.text[s:e].split():  # "In Tudun Biri", "Arab Janjaweed", "IDP"
                if not {word} & (self.words.not_names | self.words.person_titles | self.words.groups):
                    break
                s += len(word) + 1
            parts = [part for word in self.text[s:e].split() for part in word.split("-")]
            if s < e and all(part[:1].isupper() or part.lower() in CONNECTORS or part in ARTICLES
                             for part in parts):
                spans.append((s, e))
        return spans

    def _after_possessor(self, found: list[Candidate], s: int, e: int) -> int | None:
        """Where the unit's own name starts when a known region's possessive opens the
        match ("Sagaing Region's Pale Township" -> "Pale Township"); ``None`` when the
        words are only a known name's tail."""
        text = self.text[s:e]
        cut = max(text.rfind("'s "), text.rfind("’s "))
        if cut >= 0:
            return s + cut + 3
        leading = [c for c in found if c.start <= s < c.end]
        return None if leading else s

    def _possessors(self, found: list[Candidate]) -> None:
        """ "Myanmar's military junta" names Myanmar too, when the gazetteer's name for the
        junta swallowed the possessive."""
        for candidate in list(found):
            surface = candidate.surface
            cut = max(surface.find("'s "), surface.find("’s "))
            if cut <= 0 or candidate.type != "organisation":
                continue
            owner = self.gaz.resolve(surface[:cut])
            named = any(c.type == "region" and (c.start, c.end) == (candidate.start, candidate.start + cut)
                        for c in found)
            if owner is not None and owner.label == "Region" and not named:
                found.append(Candidate(candidate.start, candidate.start + cut, surface[:cut], "possessor",
                                       "region", owner))

    def _recognised(self, found: list[Candidate], span: tuple[int, int]) -> None:
        """The model's organisations and places that nothing else found (a name cut by a
        piece's edge inside the claim is left out: the piece did not see all of it)."""
        for (start, end), names in self._ner.pop(span, ()):
            for name in names:
                kind = NER_LABELS.get(name.label)
                cut = (name.first and start > span[0]) or (name.last and end < span[1])
                if kind is None or cut:
                    continue
                for part_start, part_end in self._parts(start + name.start, start + name.end):
                    self._recognised_part(found, kind, part_start, part_end)

    def _parts(self, s: int, e: int) -> list[tuple[int, int]]:
        """The model joins lists ("The Irrawaddy and Radio Free Asia"): its span's pieces
        between "and" and commas."""
        pieces, at = [], s
        for separator in _LIST_SEPARATOR.finditer(self.text, s, e):
            pieces.append((at, separator.start()))
            at = separator.end()
        pieces.append((at, e))
        return [(a, b) for a, b in pieces if b > a]

    def _recognised_part(self, found: list[Candidate], kind: str, start: int, end: int) -> None:
        s, e, name = self._trimmed(start, end)
        if not name or name in self.words.not_names or not _plausible(name):
            return
        if kind == "region" and name in state_body_words().demonyms:
            return  # "Ukrainian" names people of a place, not the place
        inside = [c for c in found if c.overlaps(s, e)]
        if inside and kind == "region" and all(_generated_part(c, s, e) for c in inside):
            found[:] = [c for c in found if c not in inside]  # "Cape of Good Hope", not "Cape"
        elif inside:
            return
        entry = self.gaz.resolve(name)
        if entry is not None and self._out_of_context(entry, name):
            entry = None
        if entry is not None:
            found.append(Candidate(s, e, self.text[s:e], "ner", entry.type, entry))
        else:
            kind = _unresolved_type(kind, name, self.text, s)
            if not self._doubtful(kind, name):
                found.append(Candidate(s, e, self.text[s:e], "ner", kind, None, name,
                                       confidence=method_confidence("mentions", "ner-unresolved")))

    def _out_of_context(self, entry: Entry, name: str) -> bool:
        """A derived group of one country named by one word, in a report that does not
        name that country (as :func:`~loaders.extract.gazetteer.choose_in_context` reads it)."""
        one_word = " " not in _LEADING.sub("", name).strip()
        return (entry.source == "derived" and entry.label == "Organisation" and one_word
                and entry.country is not None and entry.country not in self._countries)

    def _cut_tail(self, tail: str) -> bool:
        """Whether trailing lower-case words are no part of the name: a bearing ("east"),
        an administrative unit ("province") or a linking word; "Lido beach" keeps its noun."""
        words = tail.split()
        units = UNIT_NOUNS | {f"{u}s" for u in UNIT_NOUNS}
        cut = {w.lower() for w in self.words.compass} | units | CONNECTORS
        return all(w in cut for w in words)

    def _doubtful(self, kind: str, name: str) -> bool:
        """Model names no gazetteer confirms that are too often people, titles, buildings
        or equipment: digits ("AIM-120"), a title first ("Chief of Defence Staff"), an
        organisation of one word ("Bell", "NASAMS") or with no word that names a body
        ("American Patriot", "State House")."""
        words = name.split()
        if any(c.isdigit() for c in name) or words[0] in self.words.person_titles:
            return True
        if kind != "organisation":
            return False
        heads = self.words.organisation_words | HEADS
        return len(words) == 1 or not any(w.strip(".,'’") in heads for w in words)

    def _trimmed(self, s: int, e: int) -> tuple[int, int, str]:
        """The entity's span without a leading article, a trailing possessive or trailing
        bearings, units and linking words: "Tishreen Dam east of", "Hajjah province" (the
        unit is found by the place-noun step)."""
        surface = self.text[s:e]
        lead = _LEADING.match(surface)
        if lead:
            s += lead.end()
        tail = _TRAILING.search(self.text[s:e])
        if tail:
            e -= len(tail.group())
        lower = _LOWER_TAIL.search(self.text, s, e)
        if lower and lower.start() > s and self._cut_tail(lower.group()):
            e = lower.start()
        return s, e, " ".join(self.text[s:e].split())

    # ------------------------------------------------------------ registration

    def _register(self, result: Extraction, c: Candidate) -> Mention:
        if c.entry is not None:
            entity = register_entry(result, self.gaz, c.entry)
        elif c.type == "organisation":
            entity = provisional_organisation(result, c.name)
        else:
            entity = provisional_region(result, c.name, c.parent)
        # "Malian army", "UN Integrated Office in Haiti" (its words in another order) stay findable
        as_written = (c.entry is None or c.method.startswith("state-body") or c.method == "word-set"
                      or c.method == "gazetteer+context")
        if c.alias and c.alias != entity.name and c.alias not in entity.aliases and as_written:
            entity.aliases.append(c.alias)
        confidence = c.confidence if c.confidence is not None else method_confidence("mentions", c.method)
        return Mention(entity.id, entity.name, entity.type, c.start, c.end, c.surface, c.method, confidence)

    def _back_references(self, result: Extraction, mentions: list[Mention], start: int,
                         end: int) -> list[Mention]:
        """ "The group", "the junta": the organisation of a fitting kind named last."""
        added: list[Mention] = []
        for ref in self.words.back_reference.finditer(self.text, start, end):
            s, e = ref.span()
            if any(m.start < e and s < m.end for m in mentions):
                continue
            phrase = ref.group("phrase").lower()
            target = self._antecedent(result, mentions, s, self.words.back_references[phrase], phrase)
            if target is not None:
                added.append(Mention(target.id, target.name, "organisation", s, e, self.text[s:e],
                                     "back-reference", method_confidence("mentions", "back-reference")))
        return added

    def _antecedent(self, result: Extraction, mentions: list[Mention], before: int,
                    kinds: tuple[str, ...], phrase: str = "") -> Mention | None:
        """The last organisation named before ``before`` (this claim first, then the
        claims before it within the window) whose kind fits; one the text named with the
        phrase itself comes first ("M23 rebels ... the rebels", though Wazalendo fighters
        were named in between)."""
        here = [(self._claim_number, m, result.entities[m.id].kind) for m in mentions
                if m.type == "organisation" and m.end <= before]
        fitting = []
        for number, mention, kind in reversed(self._recent + here):
            if self._claim_number - number > self.words.window:
                break
            if kind in kinds or ("any" in kinds and kind is None):
                fitting.append(mention)
        described = f" {phrase}"
        named_so = next((m for m in fitting if phrase and self.text[m.end:m.end + len(described)].lower()
                         == described and not self.text[m.end + len(described):][:1].isalpha()), None)
        return named_so or (fitting[0] if fitting else None)

    def _remember(self, result: Extraction, mentions: list[Mention]) -> None:
        self._recent += [(self._claim_number, m, result.entities[m.id].kind) for m in mentions
                         if m.type == "organisation" and m.method != "back-reference"]
        self._recent = self._recent[-50:]
        self._claim_number += 1


# ------------------------------------------------------------------ helpers

def provisional_region(result: Extraction, name: str, parent: str | None = None) -> Entity:
    """A place no gazetteer knows, kept and marked unresolved (under its owner, if named)."""
    eid = entity_id("Region", name=name)
    entity = result.entities.setdefault(eid, Entity(id=eid, name=name, type="region", resolved=False,
                                                    source="text"))
    if parent and parent not in entity.parents and parent in result.entities:
        entity.parents.append(parent)
    return entity


def _opens_sentence(text: str, at: int, claim_start: int) -> bool:
    """Whether the word at ``at`` opens its sentence (its capital then says nothing)."""
    before = text[claim_start:at].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?:\n"


def _generated_part(candidate: Candidate, start: int, end: int) -> bool:
    """A generated place name (pycountry, GeoNames) inside a longer place the model found."""
    entry = candidate.entry
    inside = start <= candidate.start and candidate.end <= end
    longer = (candidate.start, candidate.end) != (start, end)
    generated = entry is not None and entry.source in ("pycountry", "geonames")
    return generated and candidate.type == "region" and inside and longer


def _qualifier(candidate: Candidate, start: int, name: str) -> bool:
    """A known organisation opening a longer body's name ("UN Human Rights Monitoring
    Mission"): the body is its own entity."""
    rest = name[candidate.end - start:].split()
    return candidate.start == start and len(rest) >= 3


def _same_name(long_form: str, entry: Entry) -> bool:
    """Whether a long form is a spelling of the entry's names: at least half of its
    content words appear in them ("Mozambican Armed Defence Forces" and FADM's names)."""
    words = {w.lower() for w in _WORD.findall(long_form) if w.lower() not in CONNECTORS}
    known = {w.lower() for n in [entry.name, *entry.aliases] for w in _WORD.findall(n)}
    return bool(words) and len(words & known) * 2 >= len(words)


def _clean(name: str) -> str:
    return " ".join(_LEADING.sub("", name).split())


def _plausible(name: str) -> bool:
    """A model span worth keeping: capitalised, one line, not too long, with letters."""
    words = name.split()
    return (0 < len(words) <= MAX_NAME_WORDS and name[:1].isupper() and "\n" not in name
            and any(c.isalpha() for c in name))


def _unresolved_type(kind: str, name: str, text: str, start: int) -> str:
    """The model calls some villages ORG ("near Tibú"): a one-word name after a locative
    preposition is a place."""
    if kind == "organisation" and " " not in name:
        before = text[max(0, start - 12):start].split()
        quoted = text[start - 1:start] in ('"', "“", "'", "‘")  # in "Okhmatdyt": a named building
        if before and before[-1].lower() in LOCATIVES and not quoted:
            return "region"
    return kind


@dataclass(frozen=True)
class Recognised:
    """A name the model found in a piece of text: its label, offsets in the piece, and
    whether it touches the piece's first or last token (then the piece may have cut it)."""

    label: str
    start: int
    end: int
    first: bool
    last: bool


def recognise(text: str, spans: list[tuple[int, int]]) -> dict[tuple[int, int], list[Recognised]]:
    """Named entities of each span: the named-entity recogniser alone (its own encoder;
    no tagger or parser) on the spans' tokens, in one batch. The pipeline is the one the
    attribution step loaded, so the model is read from disk once per process. Only the
    names are kept, not the model's documents, so memory does not grow with the text."""
    from loaders.extract.nlp import pipeline

    nlp = pipeline()
    ner = nlp.get_pipe("ner")
    docs = nlp.tokenizer.pipe(text[s:e] for s, e in spans)
    return {span: [Recognised(ent.label_, ent.start_char, ent.end_char, ent.start == 0, ent.end == len(doc))
                   for ent in doc.ents]
            for span, doc in zip(spans, ner.pipe(docs, batch_size=NER_BATCH), strict=True)}


def _shared_name_discount(by_context: bool) -> float:
    """How much less sure a mention is when several entities share the name found."""
    chosen = "chosen-by-context" if by_context else "chosen-by-default"
    return method_confidence("shared-name-discount", chosen)
