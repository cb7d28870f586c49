"""Do two claims state the same fact? And if so, where do they disagree?

Two claims match when the features they share (``queries.features``: rare words,
concepts, numbers, dates, the entities they mention) weigh at least ``MATCH_THRESHOLD``
of what the shorter claim says, and at least ``MIN_SHARED`` in all, so that two
one-word claims never match on one word. Claims that state different years are
different facts. A match says why, feature by feature, so a journalist can check it;
it also names its conflicts: counts of the same thing that cannot both be true
("32 killed" / "eight killed") and one claim denying what the other asserts.
Thresholds live in ``data/matching.yaml``.

There is one rule, :func:`decide`: :func:`compare` asks it to write down why (the
shared features as written), while :func:`restates`, which the source chain asks a
hundred thousand times in one origin count, asks only for the yes or no, on features
weighed once per text (:class:`Weighed`), and stops at what already answers it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from queries.features import (
    DATE_WEIGHT,
    SAME_NUMBER,
    ClaimFeatures,
    Quantity,
    claim_features,
    without_names,
)

_SETTINGS = Path(__file__).with_name("data") / "matching.yaml"


@cache
def settings() -> dict[str, float]:
    """Thresholds and weights of the match rule (``data/matching.yaml``)."""
    with _SETTINGS.open(encoding="utf-8") as handle:
        data: dict[str, float] = yaml.safe_load(handle)
    return data


@dataclass
class Match:
    """How two claims compare: the score, whether they match, and why."""

    score: float
    matched: bool
    shared: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    opposed: bool = False   # one claim denies or negates what the other asserts
    blocked: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the score, the shared features by kind, the conflicts."""
        return {"score": self.score, "shared": self.shared, "conflicts": self.conflicts,
                "opposed": self.opposed}


class Topic:
    """How common each feature is among the claims being compared (the claim and its
    candidates): a word that most of them use ("RSF" among claims about the RSF) names
    the topic, not the fact, and counts for less, as in a search engine's idf."""

    def __init__(self, claims: Iterable[tuple[ClaimFeatures, set[str]]]):
        self.counts: Counter[str] = Counter()
        self.size = 0
        self._factors: dict[str, float] = {}
        self._totals: dict[int, tuple[ClaimFeatures, float]] = {}
        for features, entities in claims:
            self.size += 1
            self.counts.update(features.words.keys())
            self.counts.update(entities)

    def factor(self, key: str) -> float:
        """1.0 for a feature only one claim has, falling towards 0 as all claims share it."""
        if self.size < settings()["topic_min_claims"]:
            return 1.0
        if key not in self._factors:
            seen = max(self.counts.get(key, 0), 1)
            floor = settings()["topic_floor"]
            rarity = math.log((self.size + 1) / seen) / math.log(self.size + 1)
            self._factors[key] = floor + (1 - floor) * rarity
        return self._factors[key]

    def total(self, features: ClaimFeatures, entities: set[str]) -> float:
        """What a claim says in all, weighed as its shared features are (kept per claim)."""
        known = self._totals.get(id(features))
        if known is None or known[0] is not features:   # keep the object, so its id stays its own
            known = self._totals[id(features)] = (features, _total(weighed(features), entities, self))
        return known[1]

    @cached_property
    def flat(self) -> bool:
        """Every feature counts fully (too few claims to tell the topic's words)."""
        return self.size < settings()["topic_min_claims"]


NO_TOPIC = Topic(())


@dataclass(frozen=True)
class Weighed:
    """A claim's features with what the rule adds up for the claim alone worked out once:
    each stated number's weight, the weight of its words, numbers and dates with every
    feature counting fully (``plain``), as a comparison without a topic weighs them, and
    the range of each number's values (two numbers far apart need no closer look)."""

    features: ClaimFeatures
    numbers: tuple[float, ...]
    plain: float
    ranges: tuple[tuple[float, float], ...]   # each number's smallest and largest value


def weighed(features: ClaimFeatures) -> Weighed:
    """The claim's weights (see :class:`Weighed`)."""
    rule = settings()
    numbers = tuple(rule["number_weight"] if max(q.values) >= rule["big_number"]
                    else rule["small_number_weight"] for q in features.quantities)
    words = sum(w * 1.0 for w in features.words.values())
    return Weighed(features, numbers, words + sum(numbers) + DATE_WEIGHT * (len(features.years)
                                                                              + len(features.days)),
                   tuple(_value_range(q) for q in features.quantities))


FAR_APART = 1 - 1.5 * SAME_NUMBER   # values of 0 or more whose ratio is below this are never one number


def _value_range(quantity: Quantity) -> tuple[float, float]:
    """The number's smallest and largest value; a negative value gives the widest range,
    which no other number is ever told apart from by :func:`_far_apart`."""
    low, high = min(quantity.values), max(quantity.values)
    return (low, high) if low >= 0 else (-math.inf, math.inf)


def _far_apart(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """No value of one number is within ``SAME_NUMBER`` of a value of the other, told
    from their ranges alone (with a margin, so that rounding never decides): most pairs
    of numbers two claims state are, and need not be compared value by value."""
    return a[1] < FAR_APART * b[0] or b[1] < FAR_APART * a[0]


@lru_cache(maxsize=200_000)
def weighed_text(text: str) -> Weighed:
    """The weighed features of a claim's text (cached: a chain walk meets a claim many times)."""
    return weighed(claim_features(text))


class Verdict(NamedTuple):
    """The rule's answer for one pair: the score, whether they match, what blocks a match."""

    score: float
    matched: bool
    blocked: str | None


def compare_texts(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str],
                  topic: Topic = NO_TOPIC, names: Iterable[str] = ()) -> Match:
    """Compare two claims given their texts and the entity ids they mention (``names``:
    the words naming those entities, which count through the entities only)."""
    named = list(names)
    return compare(without_names(claim_features(text_a), named), entities_a,
                   without_names(claim_features(text_b), named), entities_b, topic)


def compare(a: ClaimFeatures, entities_a: set[str], b: ClaimFeatures, entities_b: set[str],
            topic: Topic = NO_TOPIC) -> Match:
    """Compare two claims' features, saying why (see the module docstring for the rule)."""
    shared: dict[str, list[str]] = {}
    verdict = decide(weighed(a), entities_a, weighed(b), entities_b, topic, shared)
    match = Match(verdict.score, verdict.matched, shared, _conflicts(a, b), _opposed(a, b), verdict.blocked)
    if match.opposed and match.matched:
        match.conflicts.append({"kind": "stance", "what": "one claim denies or negates what the other says"})
    return match


def restates(a: Weighed, entities_a: set[str], b: Weighed, entities_b: set[str]) -> bool:
    """The two claims match and neither negates what the other says: ``compare(...)``'s
    ``matched and not opposed``, without a topic and without writing down why. Claims of
    different dates, or of opposite polarity, are answered before anything is added up."""
    if _dates_differ(a.features, b.features) or _opposed(a.features, b.features):
        return False
    return decide(a, entities_a, b, entities_b).matched


def decide(a: Weighed, entities_a: set[str], b: Weighed, entities_b: set[str], topic: Topic = NO_TOPIC,
           shared: dict[str, list[str]] | None = None) -> Verdict:
    """The match rule: the weight of what both claims say against what the shorter one
    says. ``shared``, when given, receives the shared features as written (the why)."""
    rule = settings()
    said = _said(a, b, topic, shared)
    weight = said.content
    common = sorted(entities_a & entities_b)
    if common:
        if shared is not None:
            shared["entities"] = common
        weight += sum(rule["entity_weight"] * topic.factor(e) for e in common)
    if topic is NO_TOPIC:   # one-off comparisons keep nothing
        total_a, total_b = _total(a, entities_a, topic), _total(b, entities_b, topic)
    else:
        total_a, total_b = topic.total(a.features, entities_a), topic.total(b.features, entities_b)
    score = round(weight / max(min(total_a, total_b, rule["fact_weight"]), rule["min_shared"]), 3)
    # one predicate between three or more named parties and places ("the UAE supplied
    # the RSF via Chad", told by the UN) says enough: who did what to whom, and where
    pinned = said.concept and len(common) >= rule["entities_with_a_predicate"]
    blocked = _dates_differ(a.features, b.features)
    if blocked is None and not pinned and (said.alike < rule["min_content"]
                                           or said.features < rule["min_content_features"]):
        blocked = "they share entities but say too little else alike"
    matched = blocked is None and weight >= rule["min_shared"] and score >= rule["threshold"]
    return Verdict(score, matched, blocked)


class _Said(NamedTuple):
    """What two claims both say, entities aside: its weight after the topic's discount
    (``content``), what of it says what happened before the discount (``alike``: a
    shared year places the fact but says nothing of it), how many features, and whether
    a concept is among them."""

    content: float
    alike: float
    features: int
    concept: bool


def _said(a: Weighed, b: Weighed, topic: Topic, shared: dict[str, list[str]] | None) -> _Said:
    """Add up what both claims say (writing it into ``shared`` when given)."""
    fa, fb = a.features, b.features
    counts, numbers = _shared_numbers(a, b, shared)
    years, days = sorted(fa.years & fb.years), sorted(fa.days & fb.days)
    if shared is not None and (years or days):
        shared["dates"] = [str(y) for y in years] + days
    keys = sorted(fa.words.keys() & fb.words.keys())
    raw, words = _shared_words(fa, fb, keys, topic, shared)
    dated = DATE_WEIGHT * (len(years) + len(days))
    return _Said(words + counts + dated, raw + counts + DATE_WEIGHT * len(days),
                 len(keys) + numbers + len(years) + len(days), any(k[0] == "~" for k in keys))


def _dates_differ(a: ClaimFeatures, b: ClaimFeatures) -> str | None:
    """Claims that state different years, or different days, are different facts."""
    if a.years and b.years and not a.years & b.years:
        return f"different years: {sorted(a.years)} / {sorted(b.years)}"
    if a.days and b.days and not a.days & b.days:
        return f"different days: {sorted(a.days)} / {sorted(b.days)}"
    return None


def _opposed(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """One claim negates or denies a feature both state and the other does not ("is not
    supplying arms" / "supplied arms"; "denied arming" / "armed")."""
    both = a.words.keys() & b.words.keys()
    return bool((a.negated_keys ^ b.negated_keys) & both)


def _total(claim: Weighed, entities: set[str], topic: Topic) -> float:
    """What a claim says in all, weighed as its shared features are."""
    features = claim.features
    if topic.flat:
        said = claim.plain
    else:
        words = sum(w * topic.factor(k) for k, w in features.words.items())
        said = words + sum(claim.numbers) + DATE_WEIGHT * (len(features.years) + len(features.days))
    weight = settings()["entity_weight"]
    if topic.flat:
        return said + sum(weight for _ in entities)
    return said + sum(weight * topic.factor(e) for e in entities)


def _shared_words(a: ClaimFeatures, b: ClaimFeatures, keys: list[str], topic: Topic,
                  shared: dict[str, list[str]] | None) -> tuple[float, float]:
    """The weight of the words and concepts both say (``keys``, sorted), before the
    topic's discount and after it."""
    if shared is not None:
        concepts = [k[1:] for k in keys if k.startswith("~")]
        words = [a.shown.get(k, k) for k in keys if not k.startswith("~")]
        if concepts:
            shared["concepts"] = concepts
        if words:
            shared["words"] = words
    raw = sum(min(a.words[k], b.words[k]) for k in keys)
    if topic.flat:
        return raw, raw
    return raw, sum(min(a.words[k], b.words[k]) * topic.factor(k) for k in keys)


def same_number(x: float, y: float) -> bool:
    """Two stated values are one number (2,505 and about 2,500 are; 32 and 8 are not)."""
    return abs(x - y) <= SAME_NUMBER * max(abs(x), abs(y))


def _shared_numbers(a: Weighed, b: Weighed, shared: dict[str, list[str]] | None) -> tuple[float, int]:
    """The weight of the numbers both state (each of the other's numbers used once), and
    how many they are."""
    rule = settings()
    weight, count = 0.0, 0
    used: set[int] = set()
    theirs = tuple(zip(b.features.quantities, b.ranges, strict=True))
    for qa, stated, range_a in zip(a.features.quantities, a.numbers, a.ranges, strict=True):
        for index, (qb, range_b) in enumerate(theirs):
            if index in used or _far_apart(range_a, range_b):
                continue
            if any(same_number(x, y) for x in qa.values for y in qb.values):
                used.add(index)
                count += 1
                if shared is not None:
                    shared.setdefault("numbers", []).append(qa.text)
                value = stated
                if qa.counts and qa.counts == qb.counts:
                    value += rule["same_count_bonus"]
                elif qa.counts and qb.counts:   # "1.2 million displaced" / "1.2 million children"
                    value /= 2
                weight += value
                break
    return weight, count


def _conflicts(a: ClaimFeatures, b: ClaimFeatures) -> list[dict[str, Any]]:
    """Counts of the same thing whose intervals cannot both hold."""
    found = []
    for concept in sorted({q.counts for q in a.quantities if q.counts} & {q.counts for q in b.quantities}):
        mine = [q for q in a.quantities if q.counts == concept]
        theirs = [q for q in b.quantities if q.counts == concept]
        if _consistent(mine, theirs, a, b):
            continue
        found.append({"kind": "number", "what": concept,
                      "values": [[q.text for q in mine], [q.text for q in theirs]]})
    return found


def _consistent(mine: list[Quantity], theirs: list[Quantity], a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Some stated count fits the other's, or one claim's counts add up to the other's
    ("44 in Nondin and 179 in Soro" is the 223 of the other claim)."""
    if any(q.low <= r.high and r.low <= q.high for q in mine for r in theirs):
        return True
    sum_a = sum(q.values[0] for q in a.quantities if len(q.values) == 1)
    sum_b = sum(q.values[0] for q in b.quantities if len(q.values) == 1)
    return any(same_number(sum_a, v) for q in theirs for v in q.values) or \
        any(same_number(sum_b, v) for q in mine for v in q.values)
