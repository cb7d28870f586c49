"""Benchmark: corroboration latency (p50, p95) at 100,000 and 1,000,000 claims.

Usage: python benchmarks/corroboration.py --store DIR_OR_BOLT_URL [--claims 100000] [--no-load]

The corpus is made for this question: invented armed groups and places (words no
dictionary knows, as real place names are), facts about them (a count, a day, a kind of
event), and each fact told by one to four reports in different words ("killed" /
"executed", "fighters" / "gunmen"), some citing one shared stub document, some wire
copies crediting one agency. So each claim has a few true restatements among many
claims about the same group and place, which is the case corroboration must handle.
Goals: p95 under 100 ms at 100,000 claims and under 300 ms at 1,000,000, on each store.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.stores import open_store
from graph.stores.base import GraphStore
from queries.corroboration import corroboration

CLAIMS_PER_REPORT = 25
SYLLABLES = "ka ro vesh tal mir dun zar qol bek ith ulm sor nav gri hed pol tuv zem".split()
VERBS = ("killed", "executed", "massacred", "shot dead")
ACTORS = ("fighters", "gunmen", "militants", "attackers")
VICTIMS = ("civilians", "villagers", "residents")
MONTHS = "January February March April May June July August September October November December".split()
TEMPLATES = (
    "{group} {actor} {verb} {n} {victims} in {place} on {day} {month}, {source}.",
    "At least {n} {victims} were {verb} by {group} {actor} in {place} on {day} {month}, {source}.",
    "{source_cap}, {n} {victims} died when {group} {actor} attacked {place} on {day} {month}.",
)
SOURCES = ("according to a UN report", "officials said", "residents said", "the monitors wrote")


def invented(rng: random.Random, parts: int) -> str:
    """A made-up proper name ("Karovesh")."""
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def world(seed: int = 11) -> tuple[list[Node], list[Node]]:
    """Invented groups (organisations) and places (regions)."""
    rng = random.Random(seed)
    groups = sorted({invented(rng, 3) for _ in range(400)})
    places = sorted({invented(rng, 3) for _ in range(4000)} - set(groups))
    return ([Node("Organisation", entity_id("Organisation", name=g), {"name": g, "resolved": True})
             for g in groups],
            [Node("Region", entity_id("Region", name=p), {"name": p, "resolved": True, "level": "city"})
             for p in places])


def fact_text(fact: int, telling: int, groups: list[Node], places: list[Node]) -> tuple[str, Node, Node]:
    """One telling of fact ``fact``: the same group, place, count and day in other words."""
    rng = random.Random(fact)
    group, place = rng.choice(groups), rng.choice(places)
    n, day, month = rng.randint(3, 400), rng.randint(1, 28), rng.choice(MONTHS)
    words = random.Random(fact * 31 + telling)
    source = words.choice(SOURCES)
    text = words.choice(TEMPLATES).format(
        group=group.props["name"], place=place.props["name"], n=n, day=day, month=month,
        actor=words.choice(ACTORS), verb=words.choice(VERBS), victims=words.choice(VICTIMS),
        source=source, source_cap=source[0].upper() + source[1:])
    return text, group, place


def batches(claims: int, seed: int = 5) -> Iterator[GraphBatch]:
    """Reports of ``CLAIMS_PER_REPORT`` claims; each fact is told by one to four reports."""
    groups, places = world()
    rng = random.Random(seed)
    facts = max(claims // 3, 1)
    tellings: dict[int, int] = {}
    for index in range(claims // CLAIMS_PER_REPORT):
        picks = [rng.randrange(facts) for _ in range(CLAIMS_PER_REPORT)]
        yield _report(index, picks, tellings, groups, places)


def _report(index: int, picks: list[int], tellings: dict[int, int], groups: list[Node],
            places: list[Node]) -> GraphBatch:
    told = []
    for fact in picks:
        tellings[fact] = tellings.get(fact, 0) + 1
        told.append((fact, *fact_text(fact, tellings[fact], groups, places)))
    text = " ".join(t for _, t, _, _ in told)
    url = f"https://example.org/corroboration/{index}"
    report = Node("Report", report_id(url=url), {
        "title": f"Report {index}", "url": url, "text": text, "sha256": sha256_hex(text), "stub": False,
        "publisher": f"Outlet {index % 300}", "published": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}"})
    builder = ReportBuilder(report, ingestion_node("benchmark", sha256_hex(text), url))
    if index % 7 == 0:
        agency = Node("Organisation", entity_id("Organisation", name="Wire Agency"),
                      {"name": "Wire Agency", "resolved": True, "kind": "media"})
        builder.node(agency)
        builder.evidence("CREDITS", report.id, agency.id, 0, 5, method="dateline", confidence=0.9,
                         basis="dateline")
    at = 0
    for fact, sentence, group, place in told:
        claim = builder.claim(at, at + len(sentence), method="sentence", confidence=0.9, hedged=False,
                              sourced=True)
        for entity in (group, place):
            start = text.index(entity.props["name"], at)
            builder.node(entity)
            builder.evidence("MENTIONS", claim, entity.id, start, start + len(entity.props["name"]),
                             method="gazetteer", confidence=0.95)
        if "UN report" in sentence:
            stub = report_id(title=f"UN report on fact {fact}")
            builder.node(Node("Report", stub, {"title": "a UN report", "stub": True, "described": True}))
            builder.evidence("CITES", claim, stub, at, at + 10, method="pattern", confidence=0.8,
                             kind="attribution", source_kind="document", stance="asserts")
        at += len(sentence) + 1
    return builder.build()


def load(store: GraphStore, claims: int) -> tuple[float, float]:
    """Write the corpus as one streamed bulk load (a first load into an empty store builds
    its reader indexes once, at the end); returns wall and CPU seconds.

    The batches were validated by ReportBuilder when they were built, as in an ingest.
    """
    started, started_cpu = time.perf_counter(), time.process_time()

    def corpus() -> Iterator[GraphBatch]:
        for number, batch in enumerate(batches(claims), 1):
            if number % 4000 == 0:
                print(f"  loaded {number * CLAIMS_PER_REPORT} claims, "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
            yield batch

    store.write_batches(corpus(), validated=True)
    return time.perf_counter() - started, time.process_time() - started_cpu


def sample_claims(store: GraphStore, claims: int, samples: int) -> list[str]:
    """Claims of reports spread over the corpus (read by report, so no full scan is needed)."""
    rng = random.Random(3)
    reports = [report_id(url=f"https://example.org/corroboration/{i}")
               for i in rng.sample(range(claims // CLAIMS_PER_REPORT), samples)]
    makes = store.edges(reports, ["MAKES"], "out", fields=())
    by_report: dict[str, list[str]] = {}
    for edge in makes:
        by_report.setdefault(edge.source, []).append(edge.target)
    return [rng.choice(sorted(ids)) for ids in by_report.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", required=True)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    store = open_store(args.store)
    if not args.no_load:
        wall, cpu = load(store, args.claims)
        print(f"loading {args.claims} claims: {wall:.1f} s (this process's CPU {cpu:.1f} s)", flush=True)
    print("stats:", {k: v for k, v in store.stats().items() if v})
    ids = sample_claims(store, args.claims, args.samples)
    corroboration(store, ids[0])  # word lists and caches warm, as in a running server
    times, cpu, found, origins, compared = [], [], [], [], []
    for claim in ids:
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = corroboration(store, claim)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        found.append(answer.corroborating)
        origins.append(answer.independent_origins)
        compared.append(answer.candidates["compared"])
    times.sort()
    cpu.sort()
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    print(f"corroboration over {len(ids)} claims: p50 {statistics.median(times):.1f} ms   p95 {p95:.1f} ms"
          f"   max {times[-1]:.1f} ms")
    print(f"  this process's CPU per question (without waiting for the machine or a server): "
          f"p50 {statistics.median(cpu):.1f} ms   p95 {cpu[max(int(len(cpu) * 0.95) - 1, 0)]:.1f} ms")
    print(f"  candidates compared: median {statistics.median(compared):.0f}, max {max(compared)}; "
          f"corroborating: median {statistics.median(found):.0f}, max {max(found)}; "
          f"independent origins: median {statistics.median(origins):.0f}")
    store.close()


if __name__ == "__main__":
    main()
