"""Corroboration: who else says the same thing, and how many independent origins there are.

Candidates are claims in other reports that mention the claim's entities (found through
the rarest entity first); they corroborate when ``queries.similarity.same_claim`` holds.
Each corroborating claim's source chain is walked; claims whose chains end in a shared
origin, and reports that republish one another, are merged, and what remains is the
number of **independent origins**. Five outlets repeating one wire story count once.
"""

from __future__ import annotations

from typing import Any

from graph.model import Node
from graph.stores.base import GraphStore
from queries.chain import NotFoundError
from queries.evidence import load_evidence, mentioned_entities
from queries.grouping import origin_groups
from queries.similarity import same_claim, similarity

MAX_CANDIDATES = 2000


def _claim(store: GraphStore, claim_id: str) -> Node:
    node = store.get_nodes([claim_id]).get(claim_id)
    if node is None or node.label != "Claim":
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return node


def _candidates(store: GraphStore, claim: Node, entities: set[str]) -> list[str]:
    """Claims in other reports that mention at least one of the claim's entities."""
    if not entities:
        hits = store.search(claim.props["text"][:200], ["Claim"], limit=MAX_CANDIDATES)
        return [h.node.id for h in hits if h.node.props["report_id"] != claim.props["report_id"]]
    mentions = store.edges(sorted(entities), ["MENTIONS"], "in", fields=["report_id"])
    ids = sorted({e.source for e in mentions if e.props.get("report_id") != claim.props["report_id"]})
    return ids[:MAX_CANDIDATES]


def corroborating_claims(store: GraphStore, claim_id: str) -> list[tuple[Node, float]]:
    """Claims in other reports that say the same thing, with their similarity scores."""
    claim = _claim(store, claim_id)
    entities = mentioned_entities(store, [claim_id])[claim_id]
    candidate_ids = _candidates(store, claim, entities)
    candidate_entities = mentioned_entities(store, candidate_ids)
    nodes = store.get_nodes(candidate_ids)
    text = claim.props["text"]
    found = []
    for cid in candidate_ids:
        other = nodes.get(cid)
        if other is None:
            continue
        if same_claim(text, entities, other.props["text"], candidate_entities.get(cid, set())):
            found.append((other, similarity(text, entities, other.props["text"], candidate_entities[cid])))
    return found


def corroboration(store: GraphStore, claim_id: str) -> dict[str, Any]:
    """The claim, its corroborating claims grouped by origin, and the independent-origin count."""
    matches = corroborating_claims(store, claim_id)
    claim_ids = [claim_id, *sorted(m.id for m, _ in matches)]
    scores = {m.id: score for m, score in matches}
    evidence = load_evidence(store, claim_ids)
    groups = origin_groups(store, claim_ids)
    return {
        "claim": evidence[claim_id].to_dict(),
        "corroborating": len(matches),
        "independent_origins": len(groups),
        "similarity_rule": "0.5 * entity Jaccard + 0.5 * content-word overlap >= 0.45, sharing an entity",
        "groups": [{"origins": g.origins,
                    "claims": [{**evidence[c].to_dict(), "similarity": scores.get(c, 1.0)}
                               for c in g.claim_ids if c in evidence]} for g in groups],
    }
