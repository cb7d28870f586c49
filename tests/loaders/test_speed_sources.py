"""The source memory walked nearest first gives what sorting it by distance gave."""

from __future__ import annotations

import random

from loaders.extract.sources import Resolved, nearest_first
from loaders.extraction import Citation


def _memory(rng: random.Random) -> list[Resolved]:
    citation = Citation(kind="attribution", start=0, end=1, target="x")
    found = [Resolved(rng.randint(0, 40), citation, f"source {i}") for i in range(rng.randint(0, 15))]
    return sorted(found, key=lambda r: r.position)


def test_nearest_first_is_the_stable_sort_by_distance() -> None:
    rng = random.Random(18)
    for _ in range(2000):
        memory = _memory(rng)
        offset = rng.randint(-5, 45)
        by_sort = sorted(memory, key=lambda r: abs(r.position - offset))
        assert [id(r) for r in nearest_first(memory, offset)] == [id(r) for r in by_sort]


def test_nearest_first_walks_outwards_from_the_offset() -> None:
    memory = [Resolved(p, Citation(kind="attribution", start=p, end=p + 1, target="x"), "w")
              for p in range(0, 100_000, 10)]
    walk = nearest_first(memory, 50_003)
    assert [next(walk).position for _ in range(3)] == [50_000, 50_010, 49_990]
