"""A layout that stays readable: networkx places the nodes, then no two of them overlap.

A force layout alone piles nodes and their labels on top of one another once a view has
a few hundred of them. Here each node is a box (its shape, and its label beneath it
when it has one); networkx's spring layout gives the starting places, seeded so a view
is drawn the same way every time, and boxes that overlap are pushed apart along the
axis where they overlap least until none do. The browser then draws the positions as
they are, without physics.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

MAX_PASSES = 400
STEP = 0.5


@dataclass(frozen=True)
class Box:
    """What a node takes up on screen: half its width and height, centred on the node
    and its label together; ``drop`` is how far the node sits above that centre."""

    half_width: float
    half_height: float
    drop: float = 0.0


def node_box(size: float, label_width: float, label_height: float) -> Box:
    """The box of a node of radius ``size`` with a label (0 wide: none) beneath it."""
    if label_width <= 0:
        return Box(size, size)
    extra = label_height + 4
    return Box(max(size, label_width / 2), size + extra / 2, extra / 2)


def _start(graph: nx.Graph, boxes: dict[str, Box], seed: int) -> np.ndarray:
    """Spring-layout positions, spread so the boxes would cover about a third of the area."""
    order = list(graph)
    if len(order) == 1:
        return np.zeros((1, 2))
    placed = nx.spring_layout(graph, seed=seed, weight="weight")
    points = np.array([placed[n] for n in order], dtype=float)
    area = sum(4 * boxes[n].half_width * boxes[n].half_height for n in order)
    span = float(np.ptp(points, axis=0).max()) or 1.0
    scaled: np.ndarray = points * (np.sqrt(area * 3) / span)
    return scaled


def _separated(points: np.ndarray, half: np.ndarray, gap: float) -> np.ndarray:
    """Push overlapping boxes apart until none overlap (or the passes run out)."""
    count = len(points)
    tie = np.where(np.arange(count)[:, None] < np.arange(count)[None, :], -1.0, 1.0)
    for _ in range(MAX_PASSES):
        delta = points[:, None, :] - points[None, :, :]
        over = half[:, None, :] + half[None, :, :] + gap - np.abs(delta)
        hit = (over[..., 0] > 0) & (over[..., 1] > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        sign = np.where(delta == 0, tie[..., None], np.sign(delta))
        along_x = over[..., 0] <= over[..., 1]
        push = np.zeros_like(delta)
        push[..., 0] = np.where(hit & along_x, over[..., 0] * sign[..., 0], 0.0)
        push[..., 1] = np.where(hit & ~along_x, over[..., 1] * sign[..., 1], 0.0)
        points = points + STEP * push.sum(axis=1) / np.maximum(hit.sum(axis=1), 1)[:, None]
    return points


def readable_layout(graph: nx.Graph, boxes: dict[str, Box], seed: int, gap: float
                    ) -> dict[str, tuple[float, float]]:
    """Screen positions (node centres) where no two boxes overlap."""
    order = list(graph)
    if not order:
        return {}
    half = np.array([[boxes[n].half_width, boxes[n].half_height] for n in order], dtype=float)
    points = _separated(_start(graph, boxes, seed), half, gap)
    return {n: (round(float(x), 1), round(float(y) - boxes[n].drop, 1))
            for n, (x, y) in zip(order, points, strict=True)}
