"""Do two claims state the same fact? And if so, where do they disagree?

Two claims match when the features they share (``queries.features``: rare words,
concepts, numbers, dates, the entities they mention) weigh at least ``MATCH_THRESHOLD``
of what the shorter claim says, and at least ``MIN_SHARED`` in all, so that two
one-word claims never match on one word. Claims that state different years are
different facts. A match says why, feature by feature, so a journalist can check it;
it also names its conflicts: counts of the same thing that cannot both be true
("32 killed" / "eight killed") and one claim denying what the other asserts.
Thresholds live in ``data/matching.yaml``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

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
            known = self._totals[id(features)] = (features, _total(features, entities, self))
        return known[1]


NO_TOPIC = Topic(())


def compare_texts(text_a: str, entities_a: set[str], text_b: str, entities_b: set[str],
                  topic: Topic = NO_TOPIC, names: Iterable[str] = ()) -> Match:
    """Compare two claims given their texts and the entity ids they mention (``names``:
    the words naming those entities, which count through the entities only)."""
    named = list(names)
    return compare(without_names(claim_features(text_a), named), entities_a,
                   without_names(claim_features(text_b), named), entities_b, topic)


def could_match(a: ClaimFeatures, entities_a: set[str], b: ClaimFeatures, entities_b: set[str]) -> bool:
    """A cheap bound, exact in one direction: False only when ``compare`` cannot match the
    two (they cannot share ``min_content`` of what they say, however their numbers and
    days line up). The chain asks it first of every claim of a cited report."""
    rule = settings()
    pairs = min(len(a.quantities), len(b.quantities))
    most_counted = (rule["number_weight"] + rule["same_count_bonus"]) * pairs
    if _said_alike(a, b) + most_counted + DATE_WEIGHT * len(a.days & b.days) >= rule["min_content"]:
        return True
    return any(k.startswith("~") for k in a.words.keys() & b.words.keys()) and \
        len(entities_a & entities_b) >= rule["entities_with_a_predicate"]


def compare(a: ClaimFeatures, entities_a: set[str], b: ClaimFeatures, entities_b: set[str],
            topic: Topic = NO_TOPIC) -> Match:
    """Compare two claims' features (see the module docstring for the rule)."""
    rule = settings()
    shared: dict[str, list[str]] = {}
    counts, dates = _shared_numbers(a, b, shared), _shared_dates(a, b, shared)
    content = _shared_words(a, b, shared, topic) + counts + dates
    # what both say of the fact, before the topic's discount; a shared year places it
    # but says nothing of what happened
    said_alike = _said_alike(a, b) + counts + DATE_WEIGHT * len(a.days & b.days)
    weight = content
    common = sorted(entities_a & entities_b)
    if common:
        shared["entities"] = common
        weight += sum(rule["entity_weight"] * topic.factor(e) for e in common)
    if topic is NO_TOPIC:   # one-off comparisons keep nothing
        total_a, total_b = _total(a, entities_a, topic), _total(b, entities_b, topic)
    else:
        total_a, total_b = topic.total(a, entities_a), topic.total(b, entities_b)
    score = round(weight / max(min(total_a, total_b, rule["fact_weight"]), rule["min_shared"]), 3)
    match = Match(score, False, shared, _conflicts(a, b), _opposed(a, b))
    if a.years and b.years and not a.years & b.years:
        match.blocked = f"different years: {sorted(a.years)} / {sorted(b.years)}"
    elif a.days and b.days and not a.days & b.days:
        match.blocked = f"different days: {sorted(a.days)} / {sorted(b.days)}"
    said = sum(len(v) for k, v in shared.items() if k != "entities")
    # one predicate between three or more named parties and places ("the UAE supplied
    # the RSF via Chad", told by the UN) says enough: who did what to whom, and where
    pinned = bool(shared.get("concepts")) and len(common) >= rule["entities_with_a_predicate"]
    if match.blocked is None and not pinned and (said_alike < rule["min_content"]
                                                 or said < rule["min_content_features"]):
        match.blocked = "they share entities but say too little else alike"
    match.matched = match.blocked is None and weight >= rule["min_shared"] and score >= rule["threshold"]
    if match.opposed and match.matched:
        match.conflicts.append({"kind": "stance", "what": "one claim denies or negates what the other says"})
    return match


def _opposed(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """One claim negates or denies a feature both state and the other does not ("is not
    supplying arms" / "supplied arms"; "denied arming" / "armed")."""
    both = a.words.keys() & b.words.keys()
    return bool((a.negated_keys ^ b.negated_keys) & both)


def _total(features: ClaimFeatures, entities: set[str], topic: Topic) -> float:
    """What a claim says in all, weighed as its shared features are."""
    words = sum(w * topic.factor(k) for k, w in features.words.items())
    numbers = sum(settings()["number_weight"] if max(q.values) >= settings()["big_number"]
                  else settings()["small_number_weight"] for q in features.quantities)
    dates = DATE_WEIGHT * (len(features.years) + len(features.days))
    return words + numbers + dates + sum(settings()["entity_weight"] * topic.factor(e) for e in entities)


def _shared_words(a: ClaimFeatures, b: ClaimFeatures, shared: dict[str, list[str]], topic: Topic) -> float:
    keys = sorted(a.words.keys() & b.words.keys())
    concepts = [k for k in keys if k.startswith("~")]
    words = [k for k in keys if not k.startswith("~")]
    if concepts:
        shared["concepts"] = [k[1:] for k in concepts]
    if words:
        shared["words"] = [a.shown.get(k, k) for k in words]
    return sum(min(a.words[k], b.words[k]) * topic.factor(k) for k in keys)


def _said_alike(a: ClaimFeatures, b: ClaimFeatures) -> float:
    """The weight of the words and concepts both say, before any topic discount."""
    return sum(min(a.words[k], b.words[k]) for k in a.words.keys() & b.words.keys())


def same_number(x: float, y: float) -> bool:
    """Two stated values are one number (2,505 and about 2,500 are; 32 and 8 are not)."""
    return abs(x - y) <= SAME_NUMBER * max(abs(x), abs(y))


def _shared_numbers(a: ClaimFeatures, b: ClaimFeatures, shared: dict[str, list[str]]) -> float:
    rule = settings()
    weight = 0.0
    used: set[int] = set()
    for qa in a.quantities:
        for index, qb in enumerate(b.quantities):
            if index not in used and any(same_number(x, y) for x in qa.values for y in qb.values):
                used.add(index)
                shared.setdefault("numbers", []).append(qa.text)
                big = max(qa.values) >= rule["big_number"]
                value = rule["number_weight"] if big else rule["small_number_weight"]
                if qa.counts and qa.counts == qb.counts:
                    value += rule["same_count_bonus"]
                elif qa.counts and qb.counts:   # "1.2 million displaced" / "1.2 million children"
                    value /= 2
                weight += value
                break
    return weight


def _shared_dates(a: ClaimFeatures, b: ClaimFeatures, shared: dict[str, list[str]]) -> float:
    dates = [str(y) for y in sorted(a.years & b.years)] + sorted(a.days & b.days)
    if dates:
        shared["dates"] = dates
    return DATE_WEIGHT * len(dates)


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
