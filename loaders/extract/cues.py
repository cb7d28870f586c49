"""Cue words: hedges that weaken a claim; the record of an attribution to someone.

A hedge is a word that lowers the certainty a sentence asserts: epistemic modals
(may, might, could, would), appearance and inference verbs (appears, seems,
suggests), likelihood words (likely, probably, possibly), reportative distance
(reportedly, allegedly, said to be), scope limiters (partly, in some cases) and
explicit uncertainty (unconfirmed, unclear) and conditions ("if", "unless"), which make a claim depend on
something it does not assert. Ability and obligation modals ("can",
"must") are not hedges; nor is "could not" (a past inability) or "May" the month.
The words are data (``data/sourcing.yaml``, ``hedges``), extended by ``CONFLICTKG_SOURCING``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from loaders.extract.sourcing_words import sourcing_words
from loaders.extract.words import WordIndex


def _by_first_word(phrases: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    """One small pattern per first word, so a common word ("in") tries only its phrases."""
    grouped: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        grouped.setdefault(phrase.split()[0], []).append(phrase)
    return {first: re.compile("(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in group)
                              + r")(?![\w-])", re.I)
            for first, group in grouped.items()}


@cache
def _hedge_patterns() -> dict[str, re.Pattern[str]]:
    """The hedge words of ``data/sourcing.yaml`` (with the user's), by first word."""
    return _by_first_word(sourcing_words().hedges)


_MONTH_AFTER = re.compile(r"\s+(?:\d|last\b|this\b|next\b|of\b)")
_NOT_A_HEDGE_AFTER = {"could": re.compile(r"\s+(?:not|never|n't)\b", re.I)}
_NUMBER_AFTER = re.compile(r"\s+(?:\$|US\$|€|£)?\d")

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
    # What the parse tells of the source (see loaders/extract/attribution.py): its kind
    # when the words say it (document, person, anonymous, organisation), the stance, the
    # cue's span, the channel ("seen by AFP"), what a pronoun or "the report" refers
    # back to, a named speaker's name and role, time words and the medium ("in a
    # statement"), and the outer source when this one was reached through it.
    kind: str | None = None
    stance: str = "asserts"
    cue_start: int | None = None
    cue_end: int | None = None
    via: str | None = None
    via_start: int | None = None
    via_end: int | None = None
    refers: str | None = None
    role: str | None = None
    person: str | None = None
    when: str | None = None
    in_document: str | None = None
    nested_in: tuple[int, int] | None = None
    description: str | None = None   # the whole phrase, relative clauses too ("the report,
                                     # which was presented to the Security Council")

    def nested(self, outer: Attribution) -> Attribution:
        """This attribution, marked as reached through ``outer`` ("X, citing Y")."""
        return replace(self, nested_in=(outer.start, outer.end))


def find_hedges(text: str, start: int = 0, end: int | None = None,
                words: WordIndex | None = None) -> list[Cue]:
    """Hedge cue words in ``text[start:end]``."""
    index = words or WordIndex(text)
    stop = len(text) if end is None else end
    cues = []
    patterns = _hedge_patterns()
    for i in index.find(patterns, start, stop):
        at = index.starts[i]
        if at and text[at - 1] in "-'’":
            continue
        match = patterns[index.lower[i]].match(text, at, stop)
        if match is None or _not_a_hedge(text, match, match.group(1)):
            continue
        cues.append(Cue(" ".join(match.group(1).lower().split()), match.start(1), match.end(1)))
    return cues


def _not_a_hedge(text: str, match: re.Match[str], word: str) -> bool:
    lowered = word.lower()
    if word == "May":
        starts = _starts_sentence(text, match.start(1))
        return not starts or _MONTH_AFTER.match(text, match.end(1)) is not None
    after = _NOT_A_HEDGE_AFTER.get(lowered)
    if after is not None and after.match(text, match.end(1)):
        return True
    return lowered in sourcing_words().number_hedges and not _NUMBER_AFTER.match(text, match.end(1))


def _starts_sentence(text: str, at: int) -> bool:
    """True when only spaces, opening quotes and brackets stand between ``at`` and the
    text's start or the end of a sentence. It looks back from ``at`` instead of copying
    the text before it, which made each "May" cost the length of the document."""
    while at and text[at - 1] in " \t\"“‘(":
        at -= 1
    return not at or text[at - 1] in ".!?\n"


def find_attributions(text: str, start: int = 0, end: int | None = None) -> list[Attribution]:
    """Attribution phrases in ``text[start:end]``, found on the dependency parse
    (loaders/extract/attribution.py); spans are offsets into ``text``."""
    from loaders.extract.attribution import attributions_in  # it builds on Attribution
    from loaders.extract.nlp import Parses

    stop = len(text) if end is None else end
    return attributions_in(Parses(text), start, stop)
