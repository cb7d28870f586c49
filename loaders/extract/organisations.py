"""Organisations that no gazetteer knows but the text clearly names.

A run of capitalised words ending in an organisational head noun ("the Khorasan
Research Institute", "Northern Alliance Front"), optionally continued by "of"/"for"
and more capitalised words ("Example Institute for Security Studies", "Ministry of
Foreign Affairs"), is kept as a provisional entity marked unresolved, so nothing the
report names is silently dropped.

A state's bodies are named by a demonym or the country before a body phrase ("the
Malian army", "Sudan's military"): the demonyms come from a table derived from open
data (``words/demonyms.tsv``), the phrases from ``words/state-bodies.yaml``, so that
the names can be resolved to the country's state actor rather than kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from loaders.extract.gazetteer_data import YAML_LOADER
from loaders.extract.words import WordIndex

HEAD_NOUNS = (
    "Institute", "Institution", "Centre", "Center", "Council", "Committee", "Ministry",
    "Army", "Front", "Brigade", "Brigades", "Battalion", "Movement", "Party", "Forces",
    "Force", "Network", "Organisation", "Organization", "Agency", "Foundation", "Group",
    "Militia", "Corps", "Commission", "Office", "Directorate", "Watch",
    "Times", "Post", "News", "Herald", "Tribune", "Journal", "Review", "Monitor", "Service",
    "Bureau", "Department", "Mission", "Embassy", "Coalition", "Alliance", "Federation",
    "University", "Project", "Initiative", "Programme", "Program", "Daily", "Gazette",
    "Observatory", "Authority", "Association", "Society", "Union", "Wire", "Desk", "Lab",
    "Laboratory", "Radio", "Television", "Channel", "Broadcasting", "Command",
    "Administration", "Apparatus",
)
_CAP = r"[A-Z][\w'’&.-]*"
_LINK = r"(?:\s+(?:of|for|on|the|al|al-)\s+|\s+)"
# Dates are no part of a name: "Human Rights Watch on August 12" ends at "Watch".
_DATE_WORD = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
              r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# "Institute for the Study of War": up to two "of"/"for"/"on" tails.
_ONE_TAIL = (rf"\s+(?:of|for|on)\s+(?!{_DATE_WORD})(?:the\s+)?{_CAP}"
             rf"(?:\s+(?:and\s+|&\s+)?(?!{_DATE_WORD}){_CAP}){{0,4}}")
# "... for the Propagation of Virtue and the Prevention of Vice": after an "of" tail,
# "and the" and a capitalised word go on (never right after the head noun: "the
# Stabilisation Support Apparatus and the Radaa Special Deterrence Force" are two).
_TAIL = rf"(?:{_ONE_TAIL}(?:\s+and\s+the\s+(?!{_DATE_WORD}){_CAP}(?={_ONE_TAIL}))?){{0,3}}"
# "33rd Front", "47th Mechanised Brigade": units are numbered.
_ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)\s+)?"
PROVISIONAL = re.compile(
    rf"(?<![\w])(?:[Tt]he\s+)?(?P<name>{_ORDINAL}(?:{_CAP}{_LINK}){{0,6}}(?:{'|'.join(HEAD_NOUNS)}){_TAIL})(?![\w])")
_POSSESSIVE_END = re.compile(r"(?:['’]s?|\.)$")
_LEADING_VERB = re.compile(r"^[A-Z][a-z]+ing\s+(?:for|on|of)\s+(?:the\s+)?")


HEADS = _HEADS = frozenset(HEAD_NOUNS)
LOOK_BACK = 160
_WORDS = resources.files("loaders").joinpath("gazetteer", "words")
# The word before a body phrase: a demonym of one or two words ("South Sudanese").
_MODIFIER = re.compile(r"(?:^|(?<=[\s(\"“]))(?P<two>(?P<first>[A-Z][\w'’-]*)\s+)?(?P<one>[A-Z][\w'’-]*)\s+$")


@dataclass(frozen=True)
class StateBodies:
    """The demonym table and the body phrases of ``words/state-bodies.yaml``."""

    demonyms: dict[str, tuple[str, ...]]
    kinds: dict[str, str]  # phrase -> forces / government / branches
    first_words: frozenset[str]
    phrase: re.Pattern[str]
    not_modifiers: frozenset[str]
    branch_names: dict[str, str] = field(default_factory=dict)  # branch phrase -> its canonical name


@lru_cache(maxsize=1)
def state_body_words() -> StateBodies:
    """Read the packaged tables once per process (a few hundred lines)."""
    demonyms: dict[str, tuple[str, ...]] = {}
    for table in ("demonyms.tsv", "demonym-variants.tsv"):  # derived, then curated variants
        for line in _WORDS.joinpath(table).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                demonym, _, codes = line.partition("\t")
                demonyms.setdefault(demonym, tuple(codes.split()))
    raw = yaml.load(_WORDS.joinpath("state-bodies.yaml").read_text(encoding="utf-8"),
                    Loader=YAML_LOADER) or {}  # noqa: S506 - a safe loader
    not_modifiers = frozenset(str(w) for w in raw.pop("not_modifiers", None) or ())
    branch_names = {" ".join(str(p).lower().split()): str(name)
                    for name, phrases in (raw.pop("branch_names", None) or {}).items() for p in phrases or ()}
    kinds = {str(phrase).lower(): kind for kind, phrases in raw.items() for phrase in phrases or ()}
    longest_first = sorted(kinds, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in longest_first)
    return StateBodies(demonyms, kinds, frozenset(p.split()[0] for p in kinds),
                       re.compile(rf"(?:{alternatives})(?![\w-])", re.IGNORECASE), not_modifiers,
                       branch_names)


@dataclass(frozen=True)
class StateBody:
    """ "the Malian army": where, the body's kind, and the countries its modifier names."""

    start: int
    end: int
    name: str
    kind: str  # forces, government or branches
    countries: tuple[str, ...]
    phrase: str = ""  # the body phrase, lower case ("defence ministry")


def state_bodies(text: str, start: int, end: int, index: WordIndex,
                 country_before: Callable[[int], tuple[int, str] | None] | None = None) -> list[StateBody]:
    """Bodies of a state named by a demonym or a country before a body phrase, in
    ``text[start:end]``. ``country_before(offset)`` gives (start, ISO code) of a country
    name ending at ``offset``, for "Burkina Faso's army" and "Rwanda government forces"."""
    words = state_body_words()
    found: list[StateBody] = []
    after = start
    for i in index.find(words.first_words, start, end):
        at = index.starts[i]
        phrase = words.phrase.match(text, at, end)
        if at < after or phrase is None:
            continue
        modifier = None
        for before in _modified(text, at, start, words.not_modifiers):  # "Yemen's recognised government"
            modifier = (_demonym_before(text, before, words)
                        or _country_named_before(text, before, country_before))
            if modifier is not None:
                break
        if modifier is not None:
            begin, countries = modifier
            said = " ".join(phrase.group().lower().split())
            found.append(StateBody(begin, phrase.end(), " ".join(text[begin:phrase.end()].split()),
                                   words.kinds[said], countries, said))
            after = phrase.end()
    return found


_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")


def state_bodies_of(text: str, start: int, end: int, index: WordIndex,
                    country_at: Callable[[int], tuple[int, str] | None]) -> list[StateBody]:
    """ "The Armed Forces of the Philippines", "the Government of Sudan": a body phrase
    written as a name (every word capitalised) and the country after "of" name that
    country's body, as "the Philippine armed forces" does. ``country_at(offset)`` gives
    (end, ISO code) of a country name starting at ``offset``."""
    words = state_body_words()
    found: list[StateBody] = []
    for i in index.find(words.first_words, start, end):
        at = index.starts[i]
        phrase = words.phrase.match(text, at, end)
        if phrase is None or not all(w[:1].isupper() for w in phrase.group().split()):
            continue
        link = _OF_COUNTRY.match(text, phrase.end(), end)
        country = country_at(link.end()) if link else None
        if country is None:
            continue
        said = " ".join(phrase.group().lower().split())
        found.append(StateBody(at, country[0], " ".join(text[at:country[0]].split()), words.kinds[said],
                               (country[1],), said))
    return found


_LOWER_WORD = re.compile(r"(?:^|(?<=\s))(?P<word>[a-z][a-z-]*)\s+$")
MAX_MODIFIERS = 2


def _modified(text: str, at: int, start: int, not_modifiers: frozenset[str]) -> list[int]:
    """Where the body's modifier may end: right before the phrase, or before up to two
    lower-case words that qualify it ("internationally recognised", "de facto")."""
    places, here = [at], at
    for _ in range(MAX_MODIFIERS):
        word = _LOWER_WORD.search(text, max(start, here - 30), here)
        if word is None or word.group("word") in not_modifiers:
            break
        here = word.start("word")
        places.append(here)
    return places


def _demonym_before(text: str, at: int, words: StateBodies) -> tuple[int, tuple[str, ...]] | None:
    """A demonym of one or two words right before ``at``: (where it starts, its countries)."""
    match = _MODIFIER.search(text, max(0, at - 40), at)
    if match is None:
        return None
    two = f"{match.group('first')} {match.group('one')}" if match.group("two") else None
    if two and two in words.demonyms:
        return match.start("two"), words.demonyms[two]
    countries = words.demonyms.get(match.group("one"))
    return (match.start("one"), countries) if countries else None


def _country_named_before(text: str, at: int, country_before: Callable[[int], tuple[int, str] | None] | None,
                          ) -> tuple[int, tuple[str, ...]] | None:
    """A country's name, possessive or not, right before ``at`` ("Mali's", "Rwanda")."""
    if country_before is None or at < 2 or text[at - 1] != " ":
        return None
    before = at - 1
    if text[before - 2:before] in ("'s", "’s"):
        before -= 2
    found = country_before(before)
    return (found[0], (found[1],)) if found else None


def provisional_organisations(text: str, start: int, end: int, words: WordIndex | None = None,
                              known: list[tuple[int, int]] = (),  # type: ignore[assignment]
                              with_state_bodies: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, name) of capitalised organisation-like names in ``text[start:end]``;
    the pattern runs only around head nouns that no ``known`` organisation name covers.
    State bodies named by a demonym ("the Malian army") are included unless the caller
    resolves them itself (``with_state_bodies=False``)."""
    index = words or WordIndex(text)
    heads = [i for i in index.find(_HEADS, start, end, exact=True)
             if not any(s <= index.starts[i] < e for s, e in known)]
    found = [(b.start, b.end, b.name) for b in state_bodies(text, start, end, index)
             if not any(s < b.end and b.start < e for s, e in known)] if with_state_bodies else []
    if not heads:
        return found
    scan_from = max(start, index.starts[heads[0]] - LOOK_BACK)
    # state bodies found above are kept; names from head nouns are added
    for match in PROVISIONAL.finditer(text, scan_from, end):
        name = _POSSESSIVE_END.sub("", match.group("name").strip())
        begin = match.start("name")
        lead = _LEADING_VERB.match(name)
        if lead:  # "Writing for Carnegie Middle East Center": the name follows the verb
            begin, name = begin + lead.end(), name[lead.end():]
        if len(name.split()) < 2:
            continue
        for part in _possessor_and_body(begin, name):
            if not any(s < part[1] and part[0] < e for s, e, _ in found):
                found.append(part)
    return sorted(found)


_INNER_POSSESSIVE = re.compile(r"['’]s\s+")
# Words that end a body's name before its possessive ("the Transitional Government's").
POSSESSOR_HEADS = _HEADS | {"Government"}


def _possessor_and_body(begin: int, name: str) -> list[tuple[int, int, str]]:
    """ "The Transitional Government's Ministry of Information": a named body's
    possessive before another body named from a head noun ("Ministry", "Office") is two
    organisations, the body and the one it belongs to, as "Russia's Ministry of Defence"
    is a country and its body; a possessive inside one name ("Sudan People's Liberation
    Movement") has no head noun on either side of it and stays."""
    cut = _INNER_POSSESSIVE.search(name)
    if cut is None:
        return [(begin, begin + len(name), name)]
    owner, body = name[:cut.start()], name[cut.end():]
    owner_words, body_words = owner.split(), body.split()
    if (len(owner_words) < 2 or len(body_words) < 2 or owner_words[-1] not in POSSESSOR_HEADS
            or body_words[0] not in _HEADS):
        return [(begin, begin + len(name), name)]
    return [(begin, begin + len(owner), owner), (begin + cut.end(), begin + len(name), body)]
