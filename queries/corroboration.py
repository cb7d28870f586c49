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

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.bulk import bulk_build
from graph.model import Edge, Node
from graph.stores.base import GraphStore
from queries.candidates import Candidates, find_candidates
from queries.chain import MAX_DEPTH, NotFoundError
from queries.evidence import load_evidence, read_claims
from queries.features import ClaimFeatures, claim_features, demonym_places, without_names
from queries.grouping import CHANNEL_KINDS, MAX_PATHS_PER_CLAIM, OPPOSING, OriginGroup, origins_and_caps
from queries.matching import Match, Topic, compare
from queries.results import Answer

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
    report_id = claim.props["report_id"]
    edges = store.edges([claim_id, report_id], [*_MENTION_TYPES, "MAKES"], "out", fields=_MENTION_FIELDS)
    siblings = {e.target for e in edges if e.source == report_id and e.type == "MAKES"}
    own = _read_mentions((e for e in edges if e.source == claim_id), _Mentions({claim_id: set()}))
    candidates = find_candidates(store, claim_id, claim.props["text"], sorted(own.entities[claim_id]),
                                 siblings)
    nodes = store.get_nodes(candidates.ids, ("text", "report_id"))
    others = [n for n in nodes.values() if n.props.get("report_id") != claim.props["report_id"]]
    mentions = _mentions(store, [n.id for n in others], own)
    entities, names = mentions.entities, mentions.names
    features = {n.id: without_names(claim_features(n.props["text"]), names.get(n.id, []))
                for n in [claim, *others]}
    _places_by_demonym([claim, *others], features, mentions)
    topic = Topic((features[n.id], entities.get(n.id, set())) for n in [claim, *others])
    found = []
    for other in sorted(others, key=lambda n: n.id):
        match = compare(features[claim_id], entities[claim_id], features[other.id],
                        entities.get(other.id, set()), topic)
        if match.matched:
            if mentions.opposed(claim_id, other.id) and not match.opposed:
                match.opposed = True
                match.conflicts.append({"kind": "stance", "what": "the source of one claim denies it"})
            found.append((other.id, match))
    return found, candidates


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _places_by_demonym(claims: list[Node], features: dict[str, ClaimFeatures], mentions: _Mentions) -> None:
    """ "Russian offensive operations" beside "Russia's offensive operations": a claim
    whose demonym names a place another compared claim mentions mentions it too, and the
    demonym counts through the place, once."""
    places = {_fold_name(surface): entity for entity, surfaces in mentions.surfaces.items()
              if entity.startswith("reg:") for surface in surfaces if " " not in surface.strip()}
    for node in claims:
        own = mentions.entities.setdefault(node.id, set())
        for word in set(_CAPITALISED.findall(str(node.props["text"]))):
            place = next((places[n] for n in sorted(demonym_places(word)) if n in places), None)
            if place is not None and place not in own:
                own.add(place)
                features[node.id] = without_names(features[node.id], [word])


def _fold_name(surface: str) -> str:
    return surface.strip().lower().removesuffix("'s").removesuffix("’s")


@dataclass
class _Mentions:
    """What the matching reads of each claim besides its text (one store call)."""

    entities: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    deniers: dict[str, set[str]] = field(default_factory=dict)    # sources denying the claim
    speakers: dict[str, set[str]] = field(default_factory=dict)   # sources asserting it
    surfaces: dict[str, set[str]] = field(default_factory=dict)   # entity -> the words naming it

    def denied(self, claim_id: str) -> bool:
        """The claim's sources only deny or dispute it. A claim told on one source's
        authority with another's denial beside it ("X said ..., as Y denied it") asserts."""
        return bool(self.deniers.get(claim_id)) and not self.speakers.get(claim_id)

    def opposed(self, a: str, b: str) -> bool:
        """One claim denies what the other asserts, or rests on a party the other says
        denies it (the Kremlin's own account beside "..., as the Kremlin denied it")."""
        if self.denied(a) != self.denied(b):
            return True
        return bool(self.speakers.get(b, set()) & self.deniers.get(a, set())
                    or self.speakers.get(a, set()) & self.deniers.get(b, set()))


def _mentions(store: GraphStore, claim_ids: list[str], known: _Mentions | None = None) -> _Mentions:
    """The entities each claim mentions, the words naming them, and who asserts or
    denies each claim (added to what is ``known`` already)."""
    found = known or _Mentions()
    found.entities.update({cid: set() for cid in claim_ids})
    return _read_mentions(store.edges(claim_ids, _MENTION_TYPES, "out", fields=_MENTION_FIELDS), found)


_MENTION_TYPES = ("MENTIONS", "CITES", "ATTRIBUTED_TO")
_MENTION_FIELDS = ("surface", "stance", "source_kind")


def _read_mentions(edges: Iterable[Edge], found: _Mentions) -> _Mentions:
    """Add what these evidence edges of claims say to ``found``."""
    for edge in edges:
        if edge.type == "MENTIONS":
            found.entities.setdefault(edge.source, set()).add(edge.target)
            surface = str(edge.props.get("surface") or "")
            found.names.setdefault(edge.source, []).append(surface)
            found.surfaces.setdefault(edge.target, set()).add(surface)
        elif edge.props.get("stance") in OPPOSING:
            found.deniers.setdefault(edge.source, set()).add(edge.target)
        elif edge.props.get("source_kind") not in CHANNEL_KINDS:
            found.speakers.setdefault(edge.source, set()).add(edge.target)
    return found


def corroborating_claims(store: GraphStore, claim_id: str) -> list[tuple[Node, float]]:
    """Claims in other reports that assert the same thing, with their match scores."""
    matches, _ = matching_claims(store, claim_id)
    agreeing = [(cid, m) for cid, m in matches if not m.opposed]
    nodes = store.get_nodes([cid for cid, _ in agreeing])
    return [(nodes[cid], m.score) for cid, m in agreeing if cid in nodes]


@dataclass
class Corroboration(Answer):
    """Who else states a claim, the independent origins it rests on, and its conflicts
    (the keys are described in docs/corroboration.md)."""

    independent_origins: int
    corroborating: int
    disagreeing: int
    claim: dict[str, Any]
    match_rule: str
    groups: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    counted_as_one: list[dict[str, Any]]
    candidates: dict[str, object]
    chains: dict[str, Any]


def corroboration(store: GraphStore, claim_id: str) -> Corroboration:
    """The claim, who else states it (and why), its independent origins, and its conflicts
    (the garbage collector paused throughout, as in a chain walk: see ``graph.bulk``)."""
    with bulk_build():
        return _corroboration(store, claim_id)


def _corroboration(store: GraphStore, claim_id: str) -> Corroboration:
    matches, candidates = matching_claims(store, claim_id)
    opposed = {cid: m for cid, m in matches if m.opposed}
    disagreeing = {cid: m for cid, m in matches if not m.opposed and _counts_differ(m)}
    agreeing = {cid: m for cid, m in matches if cid not in opposed and cid not in disagreeing}
    claim_ids = [claim_id, *sorted(agreeing)]
    read = read_claims(store, [*claim_ids, *sorted(opposed), *sorted(disagreeing)])
    evidence = load_evidence(store, read.claims, read)
    groups, capped = origins_and_caps(store, claim_ids, read)
    return Corroboration(
        independent_origins=len(groups),
        corroborating=len(agreeing),
        disagreeing=len(disagreeing) + len(opposed),
        claim=evidence[claim_id].to_dict(),
        match_rule=RULE,
        groups=[_group(g, evidence, agreeing, claim_id) for g in groups],
        conflicts=_conflicts(disagreeing, opposed, evidence),
        counted_as_one=[{"source": g.name, "kind": g.kind, "why": g.why} for g in groups if g.why],
        candidates=candidates.to_dict(),
        chains={"capped": capped, "max_depth": MAX_DEPTH, "max_paths_per_claim": MAX_PATHS_PER_CLAIM},
    )


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


def _counts_differ(match: Match) -> bool:
    """The same event told with counts that cannot both be true ("32 killed" / "eight
    killed"): the other claim does not corroborate this count, so it is a conflict."""
    return any(c.get("kind") == "number" for c in match.conflicts)


def _conflicts(disagreeing: dict[str, Match], opposed: dict[str, Match],
               evidence: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims that deny it, and claims of the same event whose counts disagree, each
    with the claim involved and what differs."""
    found = []
    for cid, match in sorted(opposed.items()):
        if cid in evidence:
            found.append({"kind": "denial", "claim_id": cid, "claim": evidence[cid].to_dict(),
                          "match": match.to_dict()})
    for cid, match in sorted(disagreeing.items()):
        for conflict in (c for c in match.conflicts if c.get("kind") == "number"):
            found.append({**conflict, "claim_id": cid,
                          **({"claim": evidence[cid].to_dict()} if cid in evidence else {}),
                          "match": match.to_dict()})
    return found
