"""Corroboration: who else states the same fact, on what sources, and where they disagree.

Candidates come from the text index (``queries.candidates``: claims sharing the
claim's rarest words); each is compared feature by feature (``queries.matching``),
weighing a feature less when most candidates share it (it names the topic, not the
fact). A matching claim that asserts the same thing corroborates; one that denies or
negates it, or whose source denies it, is listed under ``conflicts``, as are counts of
the same thing that cannot both be true. The claim and its corroborating claims are
then grouped by the source nodes they rest on (``queries.grouping``), giving the
number of **independent origins** and, for each group, why its claims count as one.
"""

from __future__ import annotations

from typing import Any

from graph.model import Node
from graph.stores.base import GraphStore
from queries.candidates import Candidates, find_candidates
from queries.chain import MAX_DEPTH, NotFoundError
from queries.evidence import load_evidence
from queries.features import claim_features, without_names
from queries.grouping import MAX_PATHS_PER_CLAIM, OPPOSING, OriginGroup, origins_and_caps
from queries.matching import Match, Topic, compare

RULE = ("features shared (rare words, concepts, numbers, dates, entities, weighed by rarity and "
        "by how few candidates share them) >= the match threshold of the shorter claim's weight")


def _claim(store: GraphStore, claim_id: str) -> Node:
    node = store.get_nodes([claim_id], ("text", "report_id")).get(claim_id)
    if node is None or node.label != "Claim":
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return node


def matching_claims(store: GraphStore, claim_id: str) -> tuple[list[tuple[str, Match]], Candidates]:
    """Claims in other reports that state the same fact (asserting or denying it)."""
    claim = _claim(store, claim_id)
    candidates = find_candidates(store, claim_id, claim.props["text"])
    nodes = store.get_nodes(candidates.ids, ("text", "report_id"))
    others = [n for n in nodes.values() if n.props.get("report_id") != claim.props["report_id"]]
    entities, names, denied = _mentions(store, [claim_id, *(n.id for n in others)])
    features = {n.id: without_names(claim_features(n.props["text"]), names.get(n.id, []))
                for n in [claim, *others]}
    topic = Topic((features[n.id], entities.get(n.id, set())) for n in [claim, *others])
    found = []
    for other in sorted(others, key=lambda n: n.id):
        match = compare(features[claim_id], entities[claim_id], features[other.id],
                        entities.get(other.id, set()), topic)
        if match.matched:
            if (claim_id in denied) != (other.id in denied) and not match.opposed:
                match.opposed = True
                match.conflicts.append({"kind": "stance", "what": "the source of one claim denies it"})
            found.append((other.id, match))
    return found, candidates


def _mentions(store: GraphStore, claim_ids: list[str]
              ) -> tuple[dict[str, set[str]], dict[str, list[str]], set[str]]:
    """The entities each claim mentions, the words naming them, and the claims whose
    source denies or disputes them (one store call)."""
    entities: dict[str, set[str]] = {cid: set() for cid in claim_ids}
    names: dict[str, list[str]] = {}
    denied: set[str] = set()
    for edge in store.edges(claim_ids, ["MENTIONS", "CITES", "ATTRIBUTED_TO"], "out",
                            fields=("surface", "stance")):
        if edge.type == "MENTIONS":
            entities.setdefault(edge.source, set()).add(edge.target)
            names.setdefault(edge.source, []).append(str(edge.props.get("surface") or ""))
        elif edge.props.get("stance") in OPPOSING:
            denied.add(edge.source)
    return entities, names, denied


def corroborating_claims(store: GraphStore, claim_id: str) -> list[tuple[Node, float]]:
    """Claims in other reports that assert the same thing, with their match scores."""
    matches, _ = matching_claims(store, claim_id)
    agreeing = [(cid, m) for cid, m in matches if not m.opposed]
    nodes = store.get_nodes([cid for cid, _ in agreeing])
    return [(nodes[cid], m.score) for cid, m in agreeing if cid in nodes]


def corroboration(store: GraphStore, claim_id: str) -> dict[str, Any]:
    """The claim, who else states it (and why), its independent origins, and its conflicts."""
    matches, candidates = matching_claims(store, claim_id)
    agreeing = {cid: m for cid, m in matches if not m.opposed}
    opposed = {cid: m for cid, m in matches if m.opposed}
    claim_ids = [claim_id, *sorted(agreeing)]
    evidence = load_evidence(store, [*claim_ids, *sorted(opposed)])
    groups, capped = origins_and_caps(store, claim_ids)
    return {
        "independent_origins": len(groups),
        "corroborating": len(agreeing),
        "claim": evidence[claim_id].to_dict(),
        "match_rule": RULE,
        "groups": [_group(g, evidence, agreeing, claim_id) for g in groups],
        "conflicts": _conflicts(agreeing, opposed, evidence),
        "counted_as_one": [{"source": g.name, "kind": g.kind, "why": g.why} for g in groups if g.why],
        "candidates": candidates.to_dict(),
        "chains": {"capped": capped, "max_depth": MAX_DEPTH, "max_paths_per_claim": MAX_PATHS_PER_CLAIM},
    }


def _group(group: OriginGroup, evidence: dict[str, Any], matches: dict[str, Match],
           claim_id: str) -> dict[str, Any]:
    claims = []
    for cid in group.claim_ids:
        if cid not in evidence:
            continue
        record = {**evidence[cid].to_dict(), "asked": cid == claim_id}
        if cid in matches:
            record["match"] = matches[cid].to_dict()
        claims.append(record)
    return {"source": group.name, "kind": group.kind, "why": group.why,
            "origins": group.origins, "claims": claims}


def _conflicts(agreeing: dict[str, Match], opposed: dict[str, Match],
               evidence: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims that deny it, and counts that disagree, each with the claims involved."""
    found = []
    for cid, match in sorted(opposed.items()):
        if cid in evidence:
            found.append({"kind": "denial", "claim": evidence[cid].to_dict(), "match": match.to_dict()})
    for cid, match in sorted(agreeing.items()):
        for conflict in match.conflicts:
            found.append({**conflict, "with": cid})
    return found
