"""Betweenness on sparse matrices gives networkx's numbers, exact and sampled."""

from __future__ import annotations

import networkx as nx
import pytest

from queries.analysis.paths import betweenness_by_hops, sampled_sources


def graphs() -> list[nx.Graph]:
    found = [nx.star_graph(6), nx.barbell_graph(4, 1), nx.path_graph(2)]
    for seed in range(4):
        graph = nx.gnp_random_graph(50, 0.04 + 0.03 * seed, seed=seed)
        graph.add_node(99)  # an isolated entity
        found.append(graph)
    return [nx.relabel_nodes(g, {n: f"n{n:03d}" for n in g}) for g in found]


@pytest.mark.parametrize("graph", graphs())
def test_exact_equals_networkx(graph: nx.Graph) -> None:
    expected = nx.betweenness_centrality(graph, normalized=True)
    assert betweenness_by_hops(graph) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("graph", graphs()[3:])
def test_sample_equals_networkx(graph: nx.Graph) -> None:
    expected = nx.betweenness_centrality(graph, k=12, seed=7, normalized=True)
    assert betweenness_by_hops(graph, sampled_sources(graph, 12, 7)) == pytest.approx(expected, abs=1e-12)


def test_star_centre_carries_every_path() -> None:
    found = betweenness_by_hops(nx.relabel_nodes(nx.star_graph(5), str))
    assert found["0"] == 1.0 and all(found[str(i)] == 0.0 for i in range(1, 6))
