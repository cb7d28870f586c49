"""Year-by-year snapshots of the actor network, and what changed from one year to the next.

The network is built once and split by year in one pass over its edges (each year's
snapshot keeps only the claims published that year), so the origins counted for a claim
are the same in every snapshot and no year reads the store again. A change is
an edge (pair and predicate) that appears or disappears, or whose weight moves; and an
entity that joins or leaves the network or changes company (its community).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.bulk import bulk_build
from queries.analysis.measures import Measures, Weight, analyse
from queries.analysis.network import ActorEdge, ActorNetwork, ClaimInfo, EdgeKey
from queries.results import Answer

TOP_NODES = 10


def _year_of(published: str) -> str:
    return published[:4]


def years(network: ActorNetwork) -> list[str]:
    """The years the network's claims were published in."""
    return sorted({_year_of(c.published) for c in network.claims.values() if c.published})


def snapshot(network: ActorNetwork, year: str) -> ActorNetwork:
    """The network of one year's claims."""
    return network.restrict(claims={c for c, i in network.claims.items() if _year_of(i.published) == year})


def by_year(network: ActorNetwork) -> dict[str, ActorNetwork]:
    """Every year's snapshot at once (what :func:`snapshot` gives for each year), from one
    pass over the edges' claims rather than one pass over the whole network per year."""
    year_of = {c: _year_of(i.published) for c, i in network.claims.items() if i.published}
    edges: dict[str, dict[EdgeKey, ActorEdge]] = {}
    for key, edge in network.edges.items():
        split: dict[str, list[str]] = {}
        for claim in edge.claims:
            year = year_of.get(claim)
            if year is not None:
                split.setdefault(year, []).append(claim)
        for year, claims in split.items():
            edges.setdefault(year, {})[key] = ActorEdge(edge.source, edge.target, edge.predicate,
                                                        edge.directed, claims)
    return {year: _of_edges(network, edges[year]) for year in sorted(edges)}


def _of_edges(network: ActorNetwork, edges: dict[EdgeKey, ActorEdge]) -> ActorNetwork:
    """The part of a network that these edges (a subset of its own) make."""
    used = {c for e in edges.values() for c in e.claims}
    ends = {end for e in edges.values() for end in (e.source, e.target)}
    claims: dict[str, ClaimInfo] = {c: network.claims[c] for c in used}
    origins = None if network.origins is None else {c: network.origins[c] for c in used}
    return ActorNetwork({k: v for k, v in network.entities.items() if k in ends}, edges, claims, origins,
                        network.filters, list(network.notes))


def _weights(network: ActorNetwork, weight: Weight) -> dict[EdgeKey, int]:
    return {key: network.weigh(set(edge.claims), weight) for key, edge in network.edges.items()}


def _edge_change(network: ActorNetwork, key: EdgeKey, before: int, after: int) -> dict[str, Any]:
    source, target, predicate = key
    return {"source": source, "source_name": network.name(source), "target": target,
            "target_name": network.name(target), "predicate": predicate, "before": before, "after": after}


def _companions(result: Measures) -> dict[str, set[str]]:
    """Entity id -> the other members of its community."""
    found: dict[str, set[str]] = {}
    for community in result.communities:
        members = {m["id"] for m in community["members"]}
        for member in members:
            found[member] = members - {member}
    return found


def changes(previous: ActorNetwork, current: ActorNetwork, before: Measures,
            after: Measures, weight: Weight) -> dict[str, Any]:
    """Edges added, removed, strengthened and weakened; entities that joined, left or moved."""
    old, new = _weights(previous, weight), _weights(current, weight)
    names = ActorNetwork({**previous.entities, **current.entities}, {}, {}, None)
    moved = []
    old_company, new_company = _companions(before), _companions(after)
    for entity in sorted(set(old_company) & set(new_company)):
        kept = old_company[entity] & new_company[entity]
        if old_company[entity] != new_company[entity] and (old_company[entity] or new_company[entity]):
            moved.append({"id": entity, "name": names.name(entity),
                          "left": sorted(names.name(e) for e in old_company[entity] - kept),
                          "joined": sorted(names.name(e) for e in new_company[entity] - kept)})
    return {
        "edges_added": [_edge_change(names, k, 0, new[k]) for k in sorted(set(new) - set(old))],
        "edges_removed": [_edge_change(names, k, old[k], 0) for k in sorted(set(old) - set(new))],
        "edges_changed": [_edge_change(names, k, old[k], new[k]) for k in sorted(set(old) & set(new))
                          if old[k] != new[k]],
        "entities_joined": sorted(set(current.entities) - set(previous.entities)),
        "entities_left": sorted(set(previous.entities) - set(current.entities)),
        "community_moves": moved,
    }


def _summary(result: Measures) -> dict[str, Any]:
    return {"totals": result.totals, "notes": result.notes,
            "most_central": result.nodes[:TOP_NODES],
            "communities": result.communities, "bridges": result.bridges,
            "articulation_points": result.articulation_points}


@dataclass
class Snapshots(Answer):
    """The network year by year: each year's measures and what changed from the year before."""

    weight: str
    filters: dict[str, Any]
    notes: list[str]
    years: list[dict[str, Any]]


def yearly(network: ActorNetwork, weight: Weight = "claims") -> Snapshots:
    """One snapshot per year, each with its measures and its changes from the year before."""
    found = []
    previous: tuple[ActorNetwork, Measures] | None = None
    with bulk_build():
        snapshots = by_year(network)
    for year, current in snapshots.items():
        result = analyse(current, weight, top=TOP_NODES)
        entry = {"year": year, **_summary(result)}
        if previous is not None:
            entry["changes"] = changes(previous[0], current, previous[1], result, weight)
        found.append(entry)
        previous = (current, result)
    undated = sum(1 for c in network.claims.values() if not c.published)
    notes = [f"{undated} undated claim(s) are in no snapshot."] if undated else []
    return Snapshots(weight, network.filters.described(), notes, found)
