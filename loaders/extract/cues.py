"""Cue words: hedges that weaken a claim, and phrases that attribute it to someone.

A hedge is a word that lowers the certainty a sentence asserts: epistemic modals
(may, might, could, would), appearance and inference verbs (appears, seems,
suggests), likelihood words (likely, probably, possibly), reportative distance
(reportedly, allegedly, said to be), scope limiters (partly, in some cases) and
explicit uncertainty (unconfirmed, unclear) and conditions ("if", "unless"), which make a claim depend on
something it does not assert. Ability and obligation modals ("can",
"must") are not hedges; nor is "could not" (a past inability) or "May" the month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEDGES = (
    "appears", "appear", "appeared", "appearing", "apparently", "seems", "seem", "seemed",
    "seemingly", "may", "might", "could", "would", "possibly", "possible", "perhaps",
    "maybe", "reportedly", "allegedly", "alleged", "purportedly", "purported", "likely",
    "unlikely", "probably", "probable", "presumably", "potentially", "suggests",
    "suggest", "suggested", "suggesting", "indicates", "indicate", "indicated",
    "believed to", "thought to", "said to be", "estimated", "an estimated", "unconfirmed",
    "unverified", "rumoured", "rumored", "unclear", "not clear", "uncertain",
    "signs of", "indications", "it is understood", "partly", "partially", "in some cases",
    "to some extent", "some reports", "roughly", "approximately", "about", "around",
    "suspected", "speculated", "if", "unless",
)
_NUMBER_HEDGES = {"about", "around", "roughly", "approximately"}
_HEDGE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(h).replace(r"\ ", r"\s+")
                              for h in sorted(HEDGES, key=len, reverse=True)) + r")(?![\w-])", re.I)
_MONTH_AFTER = re.compile(r"\s+(?:\d|last\b|this\b|next\b|of\b)")
_NOT_A_HEDGE_AFTER = {"could": re.compile(r"\s+(?:not|never|n't)\b", re.I)}
_NUMBER_AFTER = re.compile(r"\s+(?:\$|US\$|€|£)?\d")

ANONYMOUS_HEADS = (
    "officials", "official", "sources", "source", "diplomats", "diplomat", "residents",
    "resident", "villagers", "witnesses", "witness", "analysts", "analyst", "elders",
    "member state information", "member states", "member state", "spokesman",
    "spokesperson", "spokeswoman", "experts", "expert", "observers", "commanders",
    "commander", "people familiar with the matter", "insiders", "investigators",
    "security sources", "local sources", "aid workers", "humanitarian workers", "activists",
    "intelligence officials", "interlocutors", "tribal elders", "fighters", "locals",
    "panel of experts", "companies", "police", "authorities", "security forces", "medics",
    "doctors", "rescue workers", "aid groups", "monitors", "journalists", "reporters",
)
_HEADS = "|".join(re.escape(s) for s in sorted(ANONYMOUS_HEADS, key=len, reverse=True))
_DETERMINER = (r"(?:(?:one|a|an|two|three|four|five|several|some|many|other|multiple|various|"
               r"the|these|those|unnamed|anonymous)\s+)?")
_MODIFIER = (r"(?:(?:(?-i:[A-Z][A-Za-z]+)|local|senior|western|regional|government|military|security|"
             r"intelligence|police|foreign|former|current|tribal|unnamed|anonymous|humanitarian|"
             r"provincial|district)\s+){0,3}")
_ANON_HEAD = re.compile(rf"{_DETERMINER}{_MODIFIER}(?:{_HEADS})\b", re.I)
_SAY_VERBS = (r"(?:said|say|says|told|tell|reported|report|reports|claimed|claim|claims|confirmed|"
              r"confirm|believe|believes|believed|estimate|estimates|estimated|assessed|assess|"
              r"assesses|noted|warned|added|alleged|stated|indicated|described|insisted|denied|"
              r"acknowledged|suggested|suggest|wrote|suspected|suspect|accused|blamed|described|found)")
_ANON_SAID = re.compile(
    rf"(?<![\w-])(?P<who>{_DETERMINER}{_MODIFIER}(?:{_HEADS}))(?:\s+(?:for|of|from|in|at|with)"
    rf"\s+(?P<org>(?:the\s+)?(?-i:[A-Z][\w'’&.-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+)?[A-Z][\w'’&.-]*){{0,6}})))?"
    rf"(?:,[^,]{{1,60}},)?\s+(?:have\s+|had\s+|has\s+)?{_SAY_VERBS}\b", re.I)
_ACCORDING_TO = re.compile(
    r"\b(?i:according)\s+to\s+(?P<who>(?:[Tt]he\s+|an?\s+|one\s+)?(?:[^,.;:\n()]|\n(?!\n)){2,120}?)"
    r"(?=[,.;:()]|\n\n|\s+(?:which|who|that|published|released|issued|dated|seen|in\s+(?:19|20)\d\d)\b|$)")
_AS_REPORTED = re.compile(
    r"\bas\s+(?P<who>(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,5})\s+"
    r"(?:has\s+|had\s+|have\s+)?(?:reported|noted|documented|revealed|found|wrote|said|stated)\b")
_NAMED_SAID = re.compile(
    r"(?P<who>\b[A-Z][\w'’-]+(?:\s+(?:of\s+the\s+|of\s+|for\s+the\s+|for\s+)?[A-Z][\w'’.-]+){0,5})\s+"
    r"(?:has\s+|had\s+|have\s+)?(?:said|says|told|stated|announced|claimed|warned|alleged|wrote|"
    r"assessed|reported|confirmed|denied|denies|insisted)\b")
_SAID_NAMED = re.compile(
    r"[,\"”]\s*(?:said|says|according\s+to)\s+(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){0,4})")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "this", "that", "the", "but", "and",
                       "you", "there", "these", "those", "which", "who", "his", "her", "its", "our"})


@dataclass(frozen=True)
class Cue:
    """A cue found in a claim: its words and span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Attribution:
    """Who a claim is attributed to: the source phrase, its span, and whether anonymous.

    ``organisation`` names the body an anonymous speaker speaks for ("a spokesman for
    the Interim Afghan Government"), when the phrase says so.
    """

    who: str
    start: int
    end: int
    cue: str
    anonymous: bool
    organisation: str | None = None


def find_hedges(text: str, offset: int = 0) -> list[Cue]:
    """Hedge cue words in ``text``, spans shifted by ``offset``."""
    cues = []
    for match in _HEDGE_RE.finditer(text):
        word = match.group(1)
        if _not_a_hedge(text, match, word):
            continue
        cues.append(Cue(" ".join(word.lower().split()), offset + match.start(1), offset + match.end(1)))
    return cues


def _not_a_hedge(text: str, match: re.Match[str], word: str) -> bool:
    lowered = word.lower()
    if word == "May":
        return match.start(1) > 0 or _MONTH_AFTER.match(text, match.end(1)) is not None
    after = _NOT_A_HEDGE_AFTER.get(lowered)
    if after is not None and after.match(text, match.end(1)):
        return True
    return lowered in _NUMBER_HEDGES and not _NUMBER_AFTER.match(text, match.end(1))


def find_attributions(text: str, offset: int = 0) -> list[Attribution]:
    """Attribution phrases ("according to X", "officials said", "as X reported")."""
    found: list[Attribution] = []
    patterns = ((_ACCORDING_TO, "according to"), (_AS_REPORTED, "as reported"),
                (_ANON_SAID, "said"), (_SAID_NAMED, "said"), (_NAMED_SAID, "said"))
    for pattern, cue in patterns:
        for match in pattern.finditer(text):
            attribution = _attribution(match, cue, offset)
            if attribution is None or any(_overlaps(attribution, a) for a in found):
                continue
            found.append(attribution)
    return sorted(found, key=lambda a: a.start)


def _attribution(match: re.Match[str], cue: str, offset: int) -> Attribution | None:
    who = " ".join(match.group("who").split())
    if not who or who.lower() in _PRONOUNS or who.split()[0].lower() in _PRONOUNS - {"the"}:
        return None
    start = offset + match.start("who")
    organisation = match.groupdict().get("org")
    anonymous = (cue == "said" and match.re is _ANON_SAID) or _is_anonymous(who)
    if organisation:
        end = offset + match.end("org")
        phrase = " ".join(match.string[match.start("who"):match.end("org")].split())
        return Attribution(phrase, start, end, cue, anonymous,
                           " ".join(organisation.split()).removeprefix("the "))
    return Attribution(who, start, offset + match.start("who") + len(match.group("who").rstrip()),
                       cue, anonymous)


def _overlaps(a: Attribution, b: Attribution) -> bool:
    return a.start < b.end and b.start < a.end


def _is_anonymous(who: str) -> bool:
    """True for an unnamed source: "officials", "a senior official in Kabul", "residents"."""
    match = _ANON_HEAD.match(who)
    if match is None:
        return False
    rest = who[match.end():].strip().lower()
    return not rest or rest.split()[0] in {"in", "of", "from", "at", "for", "with", "close", "familiar",
                                           "near", "inside", "who", "based"}
