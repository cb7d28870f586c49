"""Benchmark: p95 latency of the source chain and claims-about queries on 100,000 claims.

Usage: python benchmarks/query_latency.py --store DIR_OR_BOLT_URL [--claims 100000]
The store is loaded with the synthetic corpus first (skipped with --no-load when it
already holds it). Goal: p95 under 100 ms for each query on each store.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import batches, entities
from graph.model import GraphBatch
from graph.stores import open_store
from graph.stores.base import GraphStore
from queries.chain import source_chain
from queries.claims import ClaimFilter, claims_about

CLAIMS_PER_REPORT = 25


def load(store: GraphStore, claims: int) -> float:
    """Write the corpus report by report; returns seconds."""
    started = time.perf_counter()
    group: list[GraphBatch] = []
    for number, batch in enumerate(batches(claims // CLAIMS_PER_REPORT, CLAIMS_PER_REPORT), 1):
        group.append(batch)
        if len(group) == 100:
            store.write_batches(group)
            group = []
        if number % 1000 == 0:
            print(f"  loaded {number * CLAIMS_PER_REPORT} claims", flush=True)
    store.write_batches(group)
    return time.perf_counter() - started


def timed(samples: list[str], run: Callable[[str], object]) -> dict[str, float]:
    """Latencies in milliseconds: p50, p95, max."""
    times = []
    for sample in samples:
        started = time.perf_counter()
        run(sample)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", required=True)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    store = open_store(args.store)
    if not args.no_load:
        print(f"loading {args.claims} claims: {load(store, args.claims):.1f} s")
    print("stats:", store.stats())
    rng = random.Random(1)
    claim_ids = [n.id for n in store.find_nodes("Claim", limit=args.claims)]
    chain_ids = rng.sample(claim_ids, args.samples)
    orgs, regions = entities(200, 300)
    names = [n.props["name"] for n in rng.sample(orgs + regions, min(args.samples, 500))]
    results = {
        "source chain": timed(chain_ids, lambda cid: source_chain(store, cid)),
        "claims about (page of 50)": timed(names, lambda name: claims_about(store, name, limit=50)),
        "claims about, filtered": timed(names, lambda name: claims_about(
            store, name, ClaimFilter(since="2025-03-01", until="2025-06-30", hedged=False), limit=50)),
    }
    for name, figures in results.items():
        print(f"{name:<28} p50 {figures['p50']:7.1f} ms   p95 {figures['p95']:7.1f} ms"
              f"   max {figures['max']:7.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
