"""Relationship evidence: how two entities are linked, with every supporting claim.

Links come from relationship claims (a claim whose SUBJECT is one entity and OBJECT
the other, with a predicate such as ``shelters``) and from co-mentions (both named in
one claim). Each link lists its claims and counts their independent origins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.stores.base import GraphStore
from queries.entities import EntityRef, resolve_entity
from queries.evidence import load_evidence
from queries.grouping import origin_groups
from queries.results import Answer


def _roles(store: GraphStore, a: str, b: str) -> tuple[dict[str, dict[str, str]], set[str]]:
    """Per claim: the predicate and direction of a relation, and the co-mentioning claims."""
    edges = store.edges([a, b], ["SUBJECT", "OBJECT", "MENTIONS"], "in", fields=["predicate"])
    subject: dict[str, dict[str, str]] = {}
    objects: dict[str, dict[str, str]] = {}
    mentions: dict[str, set[str]] = {}
    for edge in edges:
        if edge.type == "MENTIONS":
            mentions.setdefault(edge.source, set()).add(edge.target)
        else:
            side = subject if edge.type == "SUBJECT" else objects
            side.setdefault(edge.source, {})[edge.target] = str(edge.props.get("predicate"))
    relations: dict[str, dict[str, str]] = {}
    for claim, subj in subject.items():
        for s, predicate in subj.items():
            for o in objects.get(claim, {}):
                if {s, o} == {a, b}:
                    relations[claim] = {"subject": s, "object": o, "predicate": predicate}
    co = {c for c, ents in mentions.items() if {a, b} <= ents}
    return relations, co


def independent_origins(store: GraphStore, claim_ids: list[str]) -> int:
    """How many independent origins a set of claims rests on."""
    return len(origin_groups(store, claim_ids))


@dataclass
class RelationshipEvidence(Answer):
    """How two entities are linked: relation claims by predicate, and co-mentions."""

    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    co_mentions: dict[str, Any]


def relationship_evidence(store: GraphStore, first: str, second: str) -> RelationshipEvidence:
    """Every claim linking two entities, grouped into relation predicates and co-mentions."""
    a, b = resolve_entity(store, first), resolve_entity(store, second)
    relations, co = _roles(store, a.id, b.id)
    evidence = load_evidence(store, [*relations, *co])
    by_predicate: dict[tuple[str, str, str], list[str]] = {}
    for claim, rel in relations.items():
        by_predicate.setdefault((rel["subject"], rel["predicate"], rel["object"]), []).append(claim)
    links = []
    for (subject, predicate, obj), claims in sorted(by_predicate.items()):
        links.append({"subject": subject, "predicate": predicate, "object": obj,
                      "independent_origins": independent_origins(store, sorted(claims)),
                      "claims": [evidence[c].to_dict() for c in sorted(claims) if c in evidence]})
    co_claims = sorted(co)
    return RelationshipEvidence(
        entities=[EntityRef.of(a).__dict__, EntityRef.of(b).__dict__],
        relations=links,
        co_mentions={"claims": [evidence[c].to_dict() for c in co_claims if c in evidence],
                     "independent_origins": independent_origins(store, co_claims) if co_claims else 0},
    )
