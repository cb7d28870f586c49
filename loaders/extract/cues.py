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

from loaders.extract.words import WordIndex

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


def _by_first_word(phrases: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    """One small pattern per first word, so a common word ("in") tries only its phrases."""
    grouped: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        grouped.setdefault(phrase.split()[0], []).append(phrase)
    return {first: re.compile("(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in group)
                              + r")(?![\w-])", re.I)
            for first, group in grouped.items()}


_HEDGE_AT = _by_first_word(HEDGES)
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
    "panel of experts", "companies", "agencies", "aid agencies", "rights groups", "police",
    "authorities", "security forces", "medics",
    "doctors", "rescue workers", "aid groups", "monitors", "journalists", "reporters",
)
_HEADS = "|".join(re.escape(s) for s in sorted(ANONYMOUS_HEADS, key=len, reverse=True))
_DETERMINER = (r"(?:(?:one|a|an|two|three|four|five|several|some|many|other|multiple|various|"
               r"the|these|those|unnamed|anonymous)\s+)?")
_MODIFIER = (r"(?:(?:(?-i:[A-Z][A-Za-z]+)|local|senior|western|regional|government|military|security|"
             r"intelligence|police|foreign|former|current|tribal|unnamed|anonymous|humanitarian|"
             r"provincial|district)\s+){0,3}")
_ANON_HEAD = re.compile(rf"{_DETERMINER}{_MODIFIER}(?:{_HEADS})\b", re.I)
SAY_VERBS = (
    "said", "say", "says", "told", "tell", "reported", "report", "reports", "claimed", "claim",
    "claims", "confirmed", "confirm", "believe", "believes", "believed", "estimate", "estimates",
    "estimated", "assessed", "assess", "assesses", "noted", "warned", "added", "alleged",
    "stated", "indicated", "described", "insisted", "denied", "denies", "acknowledged",
    "suggested", "suggest", "wrote", "suspected", "suspect", "accused", "blamed", "announced",
    "documented", "revealed", "found", "showed", "shows", "concluded", "record", "records",
    "recorded",
)
_SAY_VERBS = "(?:" + "|".join(v for v in SAY_VERBS if v not in {
    "announced", "documented", "revealed", "found", "showed", "shows", "concluded", "record",
    "records", "recorded", "denies"}) + ")"
_CUE_WORDS = frozenset(SAY_VERBS)
_WHO_AFTER_ORG = (r"(?:\s+(?:for|of|from|in|at|with)\s+(?P<org>(?:the\s+)?(?-i:[A-Z][\w'’&.-]*"
                  r"(?:\s+(?:of\s+|for\s+|and\s+|the\s+)?[A-Z][\w'’&.-]*){0,6})))?")
_BEFORE_VERB = r"\s+(?:have\s+|had\s+|has\s+)?\Z"
# Patterns that end where a speech verb begins; each is tried only in a window before a
# verb it may precede, so no pattern scans the whole text.
_ANON_BEFORE = re.compile(
    rf"(?<![\w-])(?P<who>{_DETERMINER}{_MODIFIER}(?:{_HEADS})){_WHO_AFTER_ORG}(?:,[^,]{{1,60}},)?{_BEFORE_VERB}",
    re.I)
_AS_BEFORE = re.compile(
    rf"\bas\s+(?P<who>(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){{0,5}}){_BEFORE_VERB}")
_NAMED_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<who>[A-Z][\w'’-]+(?:\s+(?:of\s+the\s+|of\s+|for\s+the\s+|for\s+)?[A-Z][\w'’.-]+){{0,5}})"
    rf"{_BEFORE_VERB}")
# "the UN mission said", "the Kenyan foreign ministry said": a body named by a common noun.
BODY_NOUNS = frozenset({"mission", "ministry", "army", "military", "government", "police", "agency",
                        "office", "council", "committee", "commission", "embassy", "court",
                        "presidency", "administration", "command"})
_BODY_BEFORE = re.compile(
    rf"(?P<who>\b(?i:the)\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:[a-z]+\s+)?(?:{'|'.join(sorted(BODY_NOUNS))}))"
    rf"{_BEFORE_VERB}")
_DOCUMENT_BEFORE = re.compile(
    rf"(?P<who>\b(?i:an?|the|one|this)\s+(?:(?:[A-Z][\w'’&.-]*|\d{{4}})\s+){{1,6}}"
    rf"(?:investigation|report|study|survey|analysis|review|assessment|audit|inquiry|paper|brief))"
    rf"{_BEFORE_VERB}")
_SAID_NAMED = re.compile(r"(?:said|says)\s+(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){0,4})")
_ACCORDING_TO = re.compile(
    r"(?i:according)\s+to\s+(?P<who>(?:[Tt]he\s+|an?\s+|one\s+)?(?:[^,.;:\n()]|\n(?!\n)){2,120}?)"
    r"(?=[,.;:()]|\n\n|\s+(?:which|who|that|published|released|issued|dated|seen|in\s+(?:19|20)\d\d)\b|$)")
_AS_VERBS = frozenset({"reported", "noted", "documented", "revealed", "found", "wrote", "said", "stated"})
_DOCUMENT_VERBS = frozenset({"found", "showed", "shows", "concluded", "revealed", "documented", "says",
                             "said", "estimated"})
_NAMED_VERBS = frozenset({"said", "says", "told", "stated", "announced", "claimed", "warned", "alleged",
                          "wrote", "assessed", "reported", "confirmed", "denied", "denies", "insisted"})
_ANON_VERBS = frozenset(_SAY_VERBS[3:-1].split("|"))
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


def find_hedges(text: str, start: int = 0, end: int | None = None,
                words: WordIndex | None = None) -> list[Cue]:
    """Hedge cue words in ``text[start:end]``."""
    index = words or WordIndex(text)
    stop = len(text) if end is None else end
    cues = []
    for i in index.find(_HEDGE_AT, start, stop):
        at = index.starts[i]
        if at and text[at - 1] in "-'’":
            continue
        match = _HEDGE_AT[index.lower[i]].match(text, at, stop)
        if match is None or _not_a_hedge(text, match, match.group(1)):
            continue
        cues.append(Cue(" ".join(match.group(1).lower().split()), match.start(1), match.end(1)))
    return cues


def _not_a_hedge(text: str, match: re.Match[str], word: str) -> bool:
    lowered = word.lower()
    if word == "May":
        before = text[:match.start(1)].rstrip(" \t\"“‘(")
        sentence_start = not before or before.endswith((".", "!", "?", "\n"))
        return not sentence_start or _MONTH_AFTER.match(text, match.end(1)) is not None
    after = _NOT_A_HEDGE_AFTER.get(lowered)
    if after is not None and after.match(text, match.end(1)):
        return True
    return lowered in _NUMBER_HEDGES and not _NUMBER_AFTER.match(text, match.end(1))


_HEAD_WORDS = frozenset(h.split()[-1] for h in ANONYMOUS_HEADS)
_DOCUMENT_NOUNS = frozenset(("investigation", "report", "study", "survey", "analysis", "review",
                             "assessment", "audit", "inquiry", "paper", "brief"))
_ACCORDING = frozenset({"according"})
ATTRIBUTION_WORDS = _CUE_WORDS | _ACCORDING
WINDOW = 160
LOOK_BACK = 80
_AS = frozenset({"as"})
# Tried in this order before each verb (an earlier find wins an overlap): the pattern,
# its cue, the verbs it may precede, a word it needs in the window, the window length.
_BEFORE: tuple[tuple[re.Pattern[str], str, frozenset[str], frozenset[str] | None, int], ...] = (
    (_AS_BEFORE, "as reported", _AS_VERBS, _AS, 110),
    (_DOCUMENT_BEFORE, "found", _DOCUMENT_VERBS, _DOCUMENT_NOUNS, 130),
    (_ANON_BEFORE, "said", _ANON_VERBS, _HEAD_WORDS, WINDOW),
    (_BODY_BEFORE, "said", _NAMED_VERBS, BODY_NOUNS, 100),
    (_NAMED_BEFORE, "said", _NAMED_VERBS, None, 100),
)


def find_attributions(text: str, start: int = 0, end: int | None = None,
                      words: WordIndex | None = None) -> list[Attribution]:
    """Attribution phrases in ``text[start:end]`` ("according to X", "officials said",
    "as X reported"); each pattern runs only next to the cue word it needs."""
    index = words or WordIndex(text)
    stop = len(text) if end is None else end
    found: list[Attribution] = []

    def keep(match: re.Match[str] | None, cue: str, anonymous: bool = False) -> None:
        attribution = _attribution(match, cue, anonymous) if match else None
        if attribution is not None and not any(_overlaps(attribution, a) for a in found):
            found.append(attribution)

    for i in index.find(_ACCORDING, start, stop):
        keep(_ACCORDING_TO.match(text, index.starts[i], stop), "according to")
    for i in index.find(_CUE_WORDS, start, stop):
        verb, at = index.lower[i], index.starts[i]
        for pattern, cue, verbs, needs, length in _BEFORE:
            if verb not in verbs:
                continue
            window = max(start, at - length)
            if needs is not None:
                needed = index.find(needs, window, at)
                if not needed:
                    continue
                window = max(window, index.starts[needed[0]] - LOOK_BACK)
            keep(pattern.search(text, window, at), cue, pattern is _ANON_BEFORE)
        if verb in ("said", "says") and text[max(start, at - 4):at].rstrip()[-1:] in (",", '"', "”"):
            keep(_SAID_NAMED.match(text, at, stop), "said")
    return sorted(found, key=lambda a: a.start)


def _attribution(match: re.Match[str], cue: str, anonymous: bool) -> Attribution | None:
    who = " ".join(match.group("who").split())
    if not who or who.lower() in _PRONOUNS or who.split()[0].lower() in _PRONOUNS - {"the"}:
        return None
    start = match.start("who")
    organisation = match.groupdict().get("org")
    anonymous = anonymous or _is_anonymous(who)
    if organisation:
        phrase = " ".join(match.string[start:match.end("org")].split())
        return Attribution(phrase, start, match.end("org"), cue, anonymous,
                           " ".join(organisation.split()).removeprefix("the "))
    return Attribution(who, start, start + len(match.group("who").rstrip()), cue, anonymous)


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
