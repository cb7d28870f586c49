"""A layout that stays readable: networkx places the nodes, then no two of them overlap.

A force layout alone piles nodes and their labels on top of one another once a view has
a few hundred of them. Here each node is a box (its shape, and its label beneath it
when it has one); networkx's spring layout gives the starting places, seeded so a view
is drawn the same way every time, and the boxes are then put down one by one, the most
important first, each at the free spot nearest its starting place. The browser draws
the positions as they are, without physics.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

RINGS = 60    # how far (in steps) a box may move from its layout position
BATCH = 512   # candidate spots tested at once
ASPECT = 1.8  # the drawing area is about this much wider than tall
SPREAD = 1.6  # the boxes start out covering about 1/SPREAD of the area they are given


@dataclass(frozen=True)
class Box:
    """What a node takes up on screen: half its width and height, centred on the node
    and its label together; ``drop`` is how far the node sits above that centre."""

    half_width: float
    half_height: float
    drop: float = 0.0


def node_box(size: float, label_width: float, label_height: float) -> Box:
    """The box of a node of radius ``size`` with a label beneath it (a blank label still
    takes a line: the browser keeps its height)."""
    if label_height <= 0:
        return Box(size, size)
    extra = label_height + 4
    return Box(max(size, label_width / 2), size + extra / 2, extra / 2)


def _start(graph: nx.Graph, order: list[str], boxes: dict[str, Box], seed: int) -> np.ndarray:
    """Spring-layout positions (in ``order``), spread so the boxes cover a good part of the area."""
    if len(order) == 1:
        return np.zeros((1, 2), dtype=float)
    placed = nx.spring_layout(graph, seed=seed, weight="weight")
    points = np.array([placed[n] for n in order], dtype=float)
    area = sum(4 * boxes[n].half_width * boxes[n].half_height for n in order)
    span = float(np.ptp(points, axis=0).max()) or 1.0
    scaled: np.ndarray = points * (np.sqrt(area * SPREAD) / span)
    return scaled


def _offsets(step: float) -> np.ndarray:
    """Candidate moves, nearest first: a grid of ``step`` spacing out to RINGS steps away."""
    axis = np.arange(-RINGS, RINGS + 1, dtype=float) * step
    grid = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
    distance = np.hypot(grid[:, 0], grid[:, 1])
    ordered: np.ndarray = grid[np.lexsort((grid[:, 1], grid[:, 0], distance))]
    return ordered


def _free(centres: np.ndarray, half: np.ndarray, low: np.ndarray, high: np.ndarray) -> int:
    """The index of the first candidate centre whose box overlaps none placed, or -1."""
    if not len(low):
        return 0
    c_low, c_high = centres - half, centres + half
    hit = ((c_low[:, None, 0] < high[None, :, 0]) & (low[None, :, 0] < c_high[:, None, 0])
           & (c_low[:, None, 1] < high[None, :, 1]) & (low[None, :, 1] < c_high[:, None, 1]))
    free = np.flatnonzero(~hit.any(axis=1))
    return int(free[0]) if len(free) else -1


def _separated(points: np.ndarray, half: np.ndarray, gap: float) -> np.ndarray:
    """Place the boxes one by one (in the order given), each at the nearest spot to its
    layout position where it overlaps none placed before it: no two boxes overlap."""
    padded = half + gap / 2
    offsets = _offsets(max(float(padded.min()), 1.0) / 2)
    placed = np.zeros_like(points)
    low = np.empty((0, 2))
    high = np.empty((0, 2))
    for index in range(len(points)):
        spot = -1
        for start in range(0, len(offsets), BATCH):
            candidates = points[index] + offsets[start:start + BATCH]
            spot = _free(candidates, padded[index], low, high)
            if spot >= 0:
                placed[index] = candidates[spot]
                break
        if spot < 0:  # crowded out: beyond everything placed so far
            placed[index] = (high[:, 0].max() + padded[index, 0], points[index, 1])
        low = np.vstack([low, placed[index] - padded[index]])
        high = np.vstack([high, placed[index] + padded[index]])
    return placed


def _component(graph: nx.Graph, nodes: list[str], boxes: dict[str, Box], seed: int,
               gap: float) -> tuple[np.ndarray, np.ndarray]:
    """One connected component laid out alone: box centres from its top-left corner, and its size."""
    half = np.array([[boxes[n].half_width, boxes[n].half_height] for n in nodes], dtype=float)
    points = _separated(_start(graph.subgraph(nodes), nodes, boxes, seed), half, gap)
    low = (points - half).min(axis=0)
    return points - low, (points + half).max(axis=0) - low


def readable_layout(graph: nx.Graph, boxes: dict[str, Box], seed: int, gap: float,
                    priority: list[str] | None = None) -> dict[str, tuple[float, float]]:
    """Screen positions (node centres) where no two boxes overlap.

    Each connected component is laid out on its own and the components are packed in
    rows, largest first, so that small islands do not push the picture (and the zoom
    that fits it) far apart.
    """
    rank = {n: i for i, n in enumerate(priority or sorted(graph))}
    components = sorted((sorted(c, key=lambda n: (rank.get(n, len(rank)), n))
                         for c in nx.connected_components(graph)), key=lambda c: (-len(c), min(c)))
    laid = [(nodes, *_component(graph, nodes, boxes, seed, gap)) for nodes in components]
    total = sum(float(size[0] * size[1]) for _, _, size in laid)
    row_width = max([float(np.sqrt(total * ASPECT)), *(float(size[0]) for _, _, size in laid)], default=0.0)
    found: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, points, size in laid:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height + 3 * gap, 0.0
        for node, (px, py) in zip(nodes, points, strict=True):
            found[node] = (round(float(px + x), 1), round(float(py + y) - boxes[node].drop, 1))
        x += float(size[0]) + 3 * gap
        row_height = max(row_height, float(size[1]))
    return found
