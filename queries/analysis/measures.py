"""Measures on the actor network with networkx: centrality, communities, bridges, egos.

The network is flattened to one undirected edge per pair of entities (all predicates
together), weighted by claims, reports or independent origins. Louvain and sampled
betweenness are seeded, so the same store gives the same answer every time. Every
result carries the evidence counts it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from graph.bulk import bulk_build
from graph.stores.base import GraphStore
from queries.analysis.network import ActorNetwork, NetworkFilter, actor_network, reach
from queries.analysis.paths import betweenness_by_hops, sampled_sources
from queries.analysis.settings import settings
from queries.chain import NotFoundError
from queries.results import Answer

Weight = Literal["claims", "reports", "independent_origins"]
WEIGHTS: tuple[Weight, ...] = ("claims", "reports", "independent_origins")
CLAIMS_KEY = "claim_ids"


def pair_claims(network: ActorNetwork) -> dict[tuple[str, str], set[str]]:
    """(a, b) with a < b -> the claims of every edge between them."""
    pairs: dict[tuple[str, str], set[str]] = {}
    for edge in network.edges.values():
        a, b = sorted((edge.source, edge.target))
        pairs.setdefault((a, b), set()).update(edge.claims)
    return pairs


def to_graph(network: ActorNetwork, weight: Weight = "claims") -> nx.Graph:
    """An undirected weighted networkx graph of the network (claims kept on each edge), its
    pairs gathered in one pass over the edges and added in order (so seeded runs repeat)."""
    if weight == "independent_origins" and network.origins is None:
        raise ValueError("independent origins were not counted for this network; weigh by claims")
    graph = nx.Graph()
    graph.add_nodes_from((eid, {"name": ref.name, "label": ref.label})
                         for eid, ref in sorted(network.entities.items()))
    pairs: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for edge in network.edges.values():
        ends = (edge.source, edge.target) if edge.source <= edge.target else (edge.target, edge.source)
        found = pairs.get(ends)
        if found is None:
            found = pairs[ends] = (set(), set())
        found[0].update(edge.claims)
        found[1].add(edge.predicate)
    graph.add_edges_from((a, b, {"weight": float(network.weigh(claims, weight)) or 1.0,
                                 "predicates": "; ".join(sorted(predicates)), CLAIMS_KEY: claims})
                         for (a, b), (claims, predicates) in sorted(pairs.items()))
    return graph


def betweenness(graph: nx.Graph) -> tuple[dict[str, float], str | None]:
    """Betweenness (by hops), exact on small graphs and sampled on large ones (with a note);
    networkx's numbers, computed many sources at a time (``paths``)."""
    config = settings()
    size = graph.number_of_nodes()
    if size <= config.exact_betweenness_nodes:
        return betweenness_by_hops(graph), None
    sample = min(config.betweenness_sample, size)
    note = (f"Betweenness is estimated from {sample} of {size} source nodes "
            f"(sampled with seed {config.seed}), not computed exactly.")
    return betweenness_by_hops(graph, sampled_sources(graph, sample, config.seed)), note


def pagerank(graph: nx.Graph) -> dict[str, float]:
    """Weighted PageRank; on a graph without edges, every node gets the same share."""
    if graph.number_of_edges() == 0:
        return {n: 1.0 / graph.number_of_nodes() for n in graph} if graph.number_of_nodes() else {}
    return dict(nx.pagerank(graph, weight="weight"))


def communities(graph: nx.Graph) -> list[list[str]]:
    """Louvain communities (seeded), largest first, members sorted."""
    config = settings()
    if graph.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(graph, weight="weight", resolution=config.resolution,
                                             seed=config.seed)
    return sorted((sorted(p) for p in parts), key=lambda members: (-len(members), members[0]))


def community_index(parts: list[list[str]]) -> dict[str, int]:
    """Node id -> its community's number (0 is the largest)."""
    return {node: index for index, members in enumerate(parts) for node in members}


def _node_claims(graph: nx.Graph, node: str) -> set[str]:
    return set().union(*(graph.edges[node, other][CLAIMS_KEY] for other in graph[node]))


def _linked_communities(graph: nx.Graph, node: str, index: dict[str, int]) -> int:
    """How many communities other than its own a node has edges into (brokerage)."""
    return len({index[o] for o in graph[node]} - {index[node]})


def node_measures(network: ActorNetwork, graph: nx.Graph, parts: list[list[str]],
                  top: int | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Per entity: degree, weighted degree, betweenness, PageRank, community, brokerage,
    and the evidence it rests on; most central (PageRank) first. With ``top``, only the
    ``top`` most central entities (what a yearly snapshot lists) get their evidence
    counted: the rest of a snapshot's 2,000 entities cost more than its betweenness."""
    between, note = betweenness(graph)
    rank = pagerank(graph)
    index = community_index(parts)
    rows = [{"id": n, "name": graph.nodes[n]["name"], "label": graph.nodes[n]["label"],
             "degree": graph.degree(n), "weighted_degree": graph.degree(n, weight="weight"),
             "betweenness": round(between.get(n, 0.0), 6), "pagerank": round(rank.get(n, 0.0), 6),
             "community": index.get(n), "communities_linked": _linked_communities(graph, n, index)}
            for n in graph]
    rows.sort(key=lambda r: (-r["pagerank"], r["id"]))
    for row in rows[:top]:
        row["evidence"] = network.summary(_node_claims(graph, row["id"]))
    return rows, [note] if note else []


def community_records(network: ActorNetwork, graph: nx.Graph, parts: list[list[str]]
                      ) -> list[dict[str, Any]]:
    """Each community's members and the evidence of the edges inside it."""
    records = []
    for number, members in enumerate(parts):
        inside = graph.subgraph(members)
        claims: set[str] = set().union(*(d[CLAIMS_KEY] for _, _, d in inside.edges(data=True)))
        records.append({"community": number, "size": len(members),
                        "members": [{"id": m, "name": network.name(m)} for m in members],
                        "internal_edges": inside.number_of_edges(), "evidence": network.summary(claims)})
    return records


def bridges(network: ActorNetwork, graph: nx.Graph) -> list[dict[str, Any]]:
    """Edges whose removal splits the network, with the evidence behind each."""
    found = []
    for a, b in sorted(tuple(sorted(pair)) for pair in nx.bridges(graph)):
        data = graph.edges[a, b]
        found.append({"source": a, "source_name": network.name(a), "target": b,
                      "target_name": network.name(b), "predicates": data["predicates"],
                      "evidence": network.summary(data[CLAIMS_KEY])})
    return found


def articulation_points(network: ActorNetwork, graph: nx.Graph) -> list[dict[str, Any]]:
    """Entities whose removal splits the network, with their degree and evidence."""
    return [{"id": n, "name": network.name(n), "degree": graph.degree(n),
             "evidence": network.summary(_node_claims(graph, n))}
            for n in sorted(nx.articulation_points(graph))]


@dataclass
class Measures(Answer):
    """Every measure of a network: each entity's, its communities (with modularity), its
    bridges and articulation points, each with the evidence counts it rests on."""

    weight: str
    filters: dict[str, Any]
    notes: list[str]
    totals: dict[str, Any]
    modularity: float
    nodes: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    bridges: list[dict[str, Any]]
    articulation_points: list[dict[str, Any]]


def analyse(network: ActorNetwork, weight: Weight = "claims", top: int | None = None) -> Measures:
    """Every measure at once: nodes, communities (with modularity), bridges, articulation points
    (the garbage collector paused meanwhile: half of building the graph went to it). With
    ``top``, only the ``top`` most central nodes carry their evidence (``node_measures``)."""
    with bulk_build():
        return _analysed(network, weight, top)


def _analysed(network: ActorNetwork, weight: Weight, top: int | None) -> Measures:
    graph = to_graph(network, weight)
    parts = communities(graph)
    nodes, notes = node_measures(network, graph, parts, top)
    modularity = nx.community.modularity(graph, parts, weight="weight") if graph.number_of_edges() else 0.0
    return Measures(weight=weight, filters=network.filters.described(), notes=[*network.notes, *notes],
                    totals={"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                            "communities": len(parts), **network.summary(network.claims)},
                    modularity=round(modularity, 6), nodes=nodes,
                    communities=community_records(network, graph, parts),
                    bridges=bridges(network, graph),
                    articulation_points=articulation_points(network, graph))


def find_entity(network: ActorNetwork, entity_id: str) -> str:
    """The entity's id when it is in the network; NotFoundError otherwise."""
    if entity_id not in network.entities:
        raise NotFoundError(f"{entity_id!r} has no edges in this network (check the filters)")
    return entity_id


def ego_network(network: ActorNetwork, entity_id: str, radius: int = 1) -> ActorNetwork:
    """The entities within ``radius`` hops of one entity, and the edges among them."""
    links = nx.Graph()  # who links to whom is all a radius needs: no weights, no evidence
    links.add_edges_from((e.source, e.target) for e in network.edges.values())
    reached = nx.ego_graph(links, find_entity(network, entity_id), radius=radius)
    return network.restrict(entities=set(reached))


def stored_ego_network(store: GraphStore, entity_id: str, radius: int = 1,
                       filters: NetworkFilter | None = None) -> ActorNetwork:
    """An entity's ego network read from the store: the same answer as ``ego_network`` on
    the whole network, from the edges of the entities near it only."""
    wanted = filters or NetworkFilter()
    nearby = actor_network(store, wanted, reach(store, entity_id, radius, wanted))
    return ego_network(nearby, entity_id, radius)


def measures_graph(network: ActorNetwork, weight: Weight = "claims") -> nx.Graph:
    """The flattened graph with every measure as a node or edge attribute (for GraphML)."""
    result = analyse(network, weight)
    graph = to_graph(network, weight)
    for row in result.nodes:
        attrs = graph.nodes[row["id"]]
        attrs.update({k: row[k] for k in ("degree", "weighted_degree", "betweenness", "pagerank",
                                          "community", "communities_linked")})
        attrs.update(_flat_evidence(row["evidence"]))
    for _, _, data in graph.edges(data=True):
        data.update(_flat_evidence(network.summary(data.pop(CLAIMS_KEY))))
    for point in result.articulation_points:
        graph.nodes[point["id"]]["articulation_point"] = True
    for bridge in result.bridges:
        graph.edges[bridge["source"], bridge["target"]]["bridge"] = True
    return graph


def _flat_evidence(counts: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in counts.items() if v is not None}
