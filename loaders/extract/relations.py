"""Relationship claims: "A shelters B", "A operates in R", with the trigger's span.

A relation needs two entities mentioned next to each other in the same claim, an
organisation first, and a trigger phrase between them. "B is sheltered by A" is read
with A as the subject; a negated trigger ("does not support", "denies sheltering")
makes no relation. The graph keeps the claim as the relation's evidence; it never
stores the relation as a bare fact.
"""

from __future__ import annotations

import itertools
import re

from loaders.extract.confidences import method_confidence
from loaders.extract.words import WordIndex
from loaders.extraction import Claim, Entity, Relation

PREDICATES: dict[str, tuple[str, ...]] = {
    "supports": ("supports", "supported", "support", "supporting", "backs", "backed", "backing",
                 "aids", "aided", "assists", "assisted", "helps", "helped", "protects",
                 "protected", "protection to", "patronage", "arms", "armed", "equips",
                 "equipped", "supplies", "supplied", "provides support to", "support for"),
    "shelters": ("shelter", "shelters", "sheltered", "sheltering", "harbour", "harbor", "harbours",
                 "harbors", "harboured",
                 "harbored", "harbouring", "harboring", "hosts", "hosted", "hosting",
                 "gives sanctuary to", "provides safe haven to", "safe haven for", "sanctuary to",
                 "sanctuary for", "cover", "under the cover of", "under the protection of"),
    "funds": ("fund", "funds", "funded", "funding", "finance", "finances", "financed", "financing",
              "bankrolls",
              "bankrolled", "pays", "paid"),
    "trains": ("train", "trains", "trained", "training", "trainers to", "instructs", "instructed"),
    "allies_with": ("allies with", "allied with", "allied to", "is allied to", "cooperates with",
                    "cooperated with", "cooperating with", "works with", "worked with",
                    "aligned with", "links between", "linked to", "ties to", "ties with",
                    "partners with", "partnered with", "merged with", "pledged allegiance to",
                    "alliance with"),
    "attacks": ("attack", "attacks", "attacked", "attacking", "strikes", "struck", "targets", "targeted",
                "raids", "raided", "bombed", "shelled", "ambushed", "assaulted", "killed"),
    "opposes": ("oppose", "opposes", "opposed", "fight", "fights", "fought", "fighting", "clashes with",
                "clashed with", "pressure on", "pressured", "battles", "battled", "rival of",
                "rivals", "against"),
    "operates_in": ("operates in", "operating in", "operated in", "active in", "based in",
                    "present in", "presence in", "regroups in", "regrouping in", "regrouped in",
                    "regroup in", "established in", "camps in", "moved into", "entered",
                    "control", "controls", "controlled", "holds", "seized", "inside", "in"),
}
_REGION_ONLY = {"operates_in"}
_TRIGGERS = sorted(((phrase, pred) for pred, phrases in PREDICATES.items() for phrase in phrases),
                   key=lambda item: -len(item[0]))
_PREDICATE_OF = {phrase.lower(): pred for phrase, pred in _TRIGGERS}


def _phrases_by_first_word() -> dict[str, re.Pattern[str]]:
    grouped: dict[str, list[str]] = {}
    for phrase, _ in _TRIGGERS:
        grouped.setdefault(phrase.split()[0].lower(), []).append(phrase)
    return {first: re.compile("(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
                              + r")\b", re.I)
            for first, phrases in grouped.items()}


_TRIGGER_AT = _phrases_by_first_word()
_PASSIVE_BY = re.compile(r"\s+by\b", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer|denies|denied|deny|without|nor|n't)\b", re.I)
MAX_GAP = 80
MAX_BARE_IN_GAP = 50


def find_relations(text: str, claim: Claim, entities: dict[str, Entity],
                   words: WordIndex | None = None) -> list[Relation]:
    """Relations between consecutive mentions that a trigger phrase joins."""
    index = words or WordIndex(text)
    relations: list[Relation] = []
    mentions = claim.mentions
    for left, right in itertools.pairwise(mentions):
        if left.id == right.id or right.start - left.end > MAX_GAP or left.id not in entities:
            continue
        relation = _relation_between(index, claim, left.id, left.type, left.end,
                                     right.id, right.type, right.start)
        if relation is not None:
            relations.append(relation)
    return relations


def _triggers(index: WordIndex, start: int, end: int) -> list[re.Match[str]]:
    found = []
    for i in index.find(_TRIGGER_AT, start, end):
        match = _TRIGGER_AT[index.lower[i]].match(index.text, index.starts[i], end)
        if match is not None:
            found.append(match)
    return found


def _relation_between(index: WordIndex, claim: Claim, left_id: str, left_type: str, gap_start: int,
                      right_id: str, right_type: str, gap_end: int) -> Relation | None:
    text = index.text
    for trigger in _triggers(index, gap_start, gap_end):
        phrase = " ".join(trigger.group(1).lower().split())
        predicate = _PREDICATE_OF[phrase]
        if _NEGATION.search(text, gap_start, trigger.start(1)):
            return None
        passive = _PASSIVE_BY.match(text, trigger.end(1)) is not None
        subject, subject_type, obj, obj_type = ((right_id, right_type, left_id, left_type) if passive
                                                else (left_id, left_type, right_id, right_type))
        if subject_type != "organisation":
            continue
        if (predicate in _REGION_ONLY) != (obj_type == "region"):
            continue
        if phrase in ("in", "inside") and gap_end - gap_start > MAX_BARE_IN_GAP:
            continue
        return Relation(claim.id, subject, predicate, obj, trigger.start(1), trigger.end(1),
                        trigger.group(1), _confidence(phrase))
    return None


def _confidence(phrase: str) -> float:
    """A bare "in" is the weakest wording of a relation (data/confidences.yaml)."""
    return method_confidence("claims", "relation-bare-in" if phrase in ("in", "inside") else "relation")
