"""Cue words: hedges that weaken a claim, and phrases that attribute it to someone."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEDGES = (
    "appears", "appear", "appeared", "apparently", "seems", "seem", "seemingly", "may", "might",
    "could", "possibly", "possible", "perhaps", "reportedly", "allegedly", "alleged",
    "likely", "unlikely", "probably", "suggests", "suggest", "suggested", "believed",
    "thought to", "said to be", "estimated", "unconfirmed", "unverified", "rumoured",
    "rumored", "purportedly", "claimed", "signs of", "indications", "presumably",
    "it is understood", "potentially", "would",
)
_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
                       + r")\b", re.I)

ANONYMOUS_SOURCES = (
    "officials", "an official", "a senior official", "sources", "a source", "diplomats",
    "a diplomat", "residents", "villagers", "witnesses", "analysts", "security sources",
    "local sources", "intelligence officials", "member state information", "a spokesman",
    "a spokesperson", "experts", "observers", "people familiar with the matter",
)
_ANON = "|".join(re.escape(s) for s in sorted(ANONYMOUS_SOURCES, key=len, reverse=True))
_ANON_SAID = re.compile(
    rf"\b(?P<who>(?:(?:local|senior|western|afghan|pakistani|us|u\.s\.|un|security|government|"
    rf"military|intelligence)\s+)*(?:{_ANON}))\s+(?:have\s+|had\s+)?(?:said|say|says|told|"
    rf"reported|claimed|confirmed|believe|estimate)\b", re.I)
_ACCORDING_TO = re.compile(
    r"\baccording to\s+(?P<who>(?:[Tt]he\s+|an?\s+)?[^,.;:\n]{2,120}?)(?=[,.;:\n]|\s+(?:which|who|that)\b|$)")
_AS_REPORTED = re.compile(
    r"\bas\s+(?P<who>(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,5})\s+"
    r"(?:has\s+|had\s+)?(?:reported|noted|documented|revealed|found)\b")
_NAMED_SAID = re.compile(
    r"(?P<who>\b[A-Z][\w'’-]+(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w'’-]+){0,5})\s+"
    r"(?:has\s+|had\s+)?(?:said|says|told|stated|announced|claimed)\b")


@dataclass(frozen=True)
class Cue:
    """A cue found in a claim: its words and span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Attribution:
    """Who a claim is attributed to: the source phrase, its span, and whether anonymous."""

    who: str
    start: int
    end: int
    cue: str
    anonymous: bool


def find_hedges(text: str, offset: int = 0) -> list[Cue]:
    """Hedge cue words in ``text``, spans shifted by ``offset``."""
    return [Cue(m.group(1).lower(), offset + m.start(1), offset + m.end(1))
            for m in _HEDGE_RE.finditer(text)]


def find_attributions(text: str, offset: int = 0) -> list[Attribution]:
    """Attribution phrases ("according to X", "officials said", "as X reported")."""
    found: list[Attribution] = []
    for pattern, cue in ((_ACCORDING_TO, "according to"), (_AS_REPORTED, "as reported"),
                         (_ANON_SAID, "said"), (_NAMED_SAID, "said")):
        for match in pattern.finditer(text):
            who = match.group("who").strip()
            start = offset + match.start("who")
            if any(a.start <= start < a.end for a in found) or _is_pronoun(who):
                continue
            anonymous = _is_anonymous(who)
            found.append(Attribution(who, start, start + len(who), cue, anonymous))
    return sorted(found, key=lambda a: a.start)


def _is_anonymous(who: str) -> bool:
    lowered = who.lower()
    return any(lowered.endswith(s) or lowered == s for s in ANONYMOUS_SOURCES)


def _is_pronoun(who: str) -> bool:
    return who.lower() in {"he", "she", "they", "it", "we", "i", "this", "that", "the", "but", "and"}
