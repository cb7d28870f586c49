"""Benchmark: stream a large graph out as N-Triples; time and peak memory.

Builds a synthetic embedded store (by default 100,000 claims: 1,000 reports of 100
claims, each claim mentioning one of 200 organisations, every tenth claim citing
another report), then exports the whole graph to N-Triples twice: once timed, once
under tracemalloc for the peak of Python allocations made by the export itself
(the store's own memory is excluded; it is measured separately). With ``--turtle``
it also exports Turtle, which builds an rdflib graph, for comparison.

    .venv/bin/python benchmarks/rdf_export.py [--claims 100000] [--store DIR] [--turtle]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from graph.exporters.export import export_graph
from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.stores.embedded import EmbeddedStore

ORGANISATIONS = 200
SENTENCE = "Group {org} was reported in district {n} by officials on day {n}. "


def synthetic_batch(index: int, claims: int) -> GraphBatch:
    """One report of ``claims`` sentences, each a claim with a mention (and some citations)."""
    names = [f"Org{(index * claims + i) % ORGANISATIONS:03d}" for i in range(claims)]
    sentences = [SENTENCE.format(org=name, n=i) for i, name in enumerate(names)]
    text = "".join(sentences)
    url = f"https://example.org/bench/{index}"
    report = Node("Report", report_id(url=url), {
        "title": f"Report {index}", "url": url, "text": text, "sha256": sha256_hex(text),
        "stub": False, "kind": "news", "published": "2025-01-01", "authors": ["A. Writer"]})
    builder = ReportBuilder(report, ingestion_node("bench", sha256_hex(text), f"{index}.txt"))
    start = 0
    for i, (name, sentence) in enumerate(zip(names, sentences, strict=True)):
        end = start + len(sentence) - 1
        claim = builder.claim(start, end, method="sentence", confidence=0.9, hedged=False,
                              sourced=i % 10 == 0)
        org = entity_id("Organisation", name=name)
        builder.node(Node("Organisation", org, {"name": name, "resolved": True}))
        at = start + len("Group ")
        builder.evidence("MENTIONS", claim, org, at, at + len(name), method="gazetteer",
                         confidence=0.95, surface=name)
        if i % 10 == 0 and index > 0:
            cited = f"https://example.org/bench/{index - 1}"
            builder.node(Node("Report", report_id(url=cited), {"url": cited, "stub": True}))
            builder.evidence("CITES", claim, report_id(url=cited), start, start + 5,
                             method="hyperlink", confidence=0.95, kind="hyperlink", target_url=cited)
        start += len(sentence)
    return builder.build()


def build_store(path: Path, claims: int, per_report: int) -> EmbeddedStore:
    """A store with ``claims`` claims (reused when ``path`` already holds them)."""
    store = EmbeddedStore(path)
    if store.stats()["Claim"] >= claims:
        return store
    began = time.perf_counter()
    for index in range(claims // per_report):
        store.write_batch(synthetic_batch(index, per_report))
    print(f"built store: {store.stats()['Claim']} claims in {time.perf_counter() - began:.1f} s")
    return store


def drain(pieces: Iterator[str], out: Path) -> tuple[int, int]:
    """Write the pieces to ``out``; return (lines, bytes)."""
    lines = size = 0
    with out.open("w", encoding="utf-8") as handle:
        for piece in pieces:
            handle.write(piece)
            lines += piece.count("\n")
            size += len(piece)
    return lines, size


def max_rss_mb() -> float:
    """The process's resident-set high-water mark so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(store: EmbeddedStore, fmt: str, out: Path) -> None:
    """Time one export (and how far it raises peak RSS), then its tracemalloc peak on a second run."""
    rss_before = max_rss_mb()
    began = time.perf_counter()
    lines, size = drain(export_graph(store, fmt), out)
    elapsed = time.perf_counter() - began
    rss_rise = max_rss_mb() - rss_before
    tracemalloc.start()
    drain(export_graph(store, fmt), out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{fmt}: {lines:,} lines, {size / 1e6:.1f} MB in {elapsed:.1f} s "
          f"({lines / elapsed:,.0f} lines/s); export peak {peak / 1e6:.1f} MB (tracemalloc), "
          f"peak RSS raised by {rss_rise:.0f} MB")


def store_footprint(path: Path) -> float:
    """MB of Python allocations the embedded store holds after loading ``path``."""
    tracemalloc.start()
    store = EmbeddedStore(path)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.close()
    return current / 1e6


def main() -> None:
    """Parse arguments, build or reuse the store, measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-report", type=int, default=100)
    parser.add_argument("--store", type=Path, default=None, help="reuse or create this store folder")
    parser.add_argument("--turtle", action="store_true", help="also export Turtle (rdflib graph)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.store or Path(scratch) / "store"
        store = build_store(path, args.claims, args.per_report)
        print(f"store holds {store.stats()['Claim']:,} claims; process RSS peak so far "
              f"{max_rss_mb():.0f} MB")
        measure(store, "nt", Path(scratch) / "export.nt")
        if args.turtle:
            measure(store, "ttl", Path(scratch) / "export.ttl")
        print(f"the store's in-memory graph alone takes {store_footprint(path):.0f} MB (tracemalloc)")


if __name__ == "__main__":
    main()
