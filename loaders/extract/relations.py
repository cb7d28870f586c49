"""Relationship claims: "A shelters B", "A operates in R", with the trigger's span.

A relation needs two entities mentioned in the same claim and a trigger phrase
between them. The graph keeps the claim as the relation's evidence; it never stores
the relation as a bare fact.
"""

from __future__ import annotations

import itertools
import re

from loaders.extraction import Claim, Entity, Relation

PREDICATES: dict[str, tuple[str, ...]] = {
    "supports": ("supports", "supported", "backs", "backed", "aids", "aided", "assists",
                 "assisted", "helps", "helped", "protects", "protected", "patronage"),
    "shelters": ("shelters", "sheltered", "harbours", "harbors", "harboured", "harbored",
                 "hosts", "hosted", "gives sanctuary to", "provides safe haven to", "cover"),
    "funds": ("funds", "funded", "finances", "financed", "bankrolls", "pays"),
    "trains": ("trains", "trained", "training"),
    "allied_with": ("allies with", "allied with", "is allied to", "cooperates with",
                    "works with", "aligned with", "links between", "linked to", "ties to"),
    "attacks": ("attacks", "attacked", "strikes", "struck", "targets", "targeted",
                "raids", "raided", "bombed", "ambushed"),
    "opposes": ("opposes", "opposed", "fights", "fought", "clashes with", "clashed with",
                "pressure on", "pressured"),
    "operates_in": ("operates in", "operating in", "active in", "based in", "present in",
                    "regroups in", "regrouping in", "regrouped in", "inside", "in"),
}
_REGION_ONLY = {"operates_in"}
_TRIGGERS = sorted(((phrase, pred) for pred, phrases in PREDICATES.items() for phrase in phrases),
                   key=lambda item: -len(item[0]))
_TRIGGER_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p, _ in _TRIGGERS) + r")\b", re.I)
_PREDICATE_OF = {phrase.lower(): pred for phrase, pred in _TRIGGERS}
MAX_GAP = 80


def find_relations(text: str, claim: Claim, entities: dict[str, Entity]) -> list[Relation]:
    """Relations between consecutive mentions that a trigger phrase joins."""
    relations: list[Relation] = []
    mentions = claim.mentions
    for left, right in itertools.pairwise(mentions):
        if left.id == right.id or right.start - left.end > MAX_GAP:
            continue
        if entities.get(left.id) is None or left.type != "organisation":
            continue
        for trigger in _TRIGGER_RE.finditer(text, left.end, right.start):
            predicate = _PREDICATE_OF[trigger.group(1).lower()]
            if (predicate in _REGION_ONLY) != (right.type == "region"):
                continue
            relations.append(Relation(claim.id, left.id, predicate, right.id,
                                      trigger.start(1), trigger.end(1), trigger.group(1)))
            break
    return relations
