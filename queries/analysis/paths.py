"""Betweenness centrality by hops with sparse matrices (Brandes' algorithm, many sources at once).

networkx walks the graph once per source node in Python: on the actor network of a
million claims (thousands of entities, a hundred thousand links) a sample of a hundred
sources takes tens of seconds. Here a block of sources is walked together: each
breadth-first level is one sparse-matrix product (path counts), and the dependencies
flow back level by level the same way. The answer is networkx's (normalised, without
endpoints), sources sampled exactly as networkx samples them for the same seed, so the
tests compare the two on random graphs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

BLOCK = 256  # sources walked together (memory: nodes x BLOCK floats a matrix)


def sampled_sources(graph: nx.Graph, k: int, seed: int) -> list[str]:
    """The sources networkx's ``betweenness_centrality(k=k, seed=seed)`` walks from."""
    return random.Random(seed).sample(list(graph.nodes()), k)  # noqa: S311 (a seeded sample, not a secret)


def _adjacency(graph: nx.Graph, order: list[str]) -> Any:
    index = {node: i for i, node in enumerate(order)}
    rows = [index[a] for a, b in graph.edges() if a != b]
    cols = [index[b] for a, b in graph.edges() if a != b]
    size = len(order)
    ones = np.ones(len(rows), dtype=np.float64)
    half = sp.coo_matrix((ones, (rows, cols)), shape=(size, size))
    return sp.csr_matrix(((half + half.T) > 0).astype(np.float64))


def _dependencies(adjacency: Any, sources: np.ndarray) -> np.ndarray:
    """Per node, the summed dependency of the given sources on it (Brandes' delta)."""
    size, block = adjacency.shape[0], len(sources)
    columns = np.arange(block)
    level = np.full((size, block), -1, dtype=np.int32)
    paths = np.zeros((size, block))
    level[sources, columns], paths[sources, columns] = 0, 1.0
    frontier, depth = paths.copy(), 0
    while True:
        reached = adjacency @ frontier
        new = (reached > 0) & (level < 0)
        if not new.any():
            break
        depth += 1
        level[new], paths[new] = depth, reached[new]
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((size, block))
    for step in range(depth, 0, -1):
        at = level == step
        share = np.where(at, (1.0 + delta) / np.where(at, paths, 1.0), 0.0)
        delta += np.where(level == step - 1, paths * (adjacency @ share), 0.0)
    delta[sources, columns] = 0.0
    return np.asarray(delta.sum(axis=1))


def betweenness_by_hops(graph: nx.Graph, sources: Sequence[str] | None = None) -> dict[str, float]:
    """Normalised betweenness (endpoints excluded) from every node, or from ``sources``
    only, rescaled as networkx rescales a sample."""
    order = list(graph.nodes())
    size = len(order)
    if size < 3:
        return dict.fromkeys(order, 0.0)
    adjacency = _adjacency(graph, order)
    index = {node: i for i, node in enumerate(order)}
    chosen = np.array([index[s] for s in (order if sources is None else sources)], dtype=np.int64)
    total = np.zeros(size)
    for start in range(0, len(chosen), BLOCK):
        total += _dependencies(adjacency, chosen[start:start + BLOCK])
    pairs = size - 2
    if sources is None:
        scale = np.full(size, 1.0 / ((size - 1) * pairs))
    else:
        k = len(chosen)
        scale = np.full(size, 1.0 / (k * pairs))
        scale[chosen] = 1.0 / ((k - 1) * pairs) if k > 1 else np.nan
    return {node: float(value) for node, value in zip(order, total * scale, strict=True)}
