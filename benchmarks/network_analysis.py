"""Benchmark: the actor network and its measures on a synthetic corpus of 1,000,000 claims.

Usage: python benchmarks/network_analysis.py --store DIR_OR_BOLT_URL [--claims 1000000] [--no-load]

The corpus: 2,000 organisations in 40 alliances of 50, 300 regions (30 countries of 10
provinces), six years of reports of 25 claims each. Every claim names two organisations
(nine times in ten from one alliance) and a region; three in ten are relationship claims
(allied with, fights, supplies, shelters); a third cite an earlier report's claim and
one report in ten republishes an earlier one, so origins repeat. The same arguments
always give the same corpus.

Timed, each on its own: projecting the store onto the actor network (origins not
counted: the network is over the origin-count limit), the measures (degree, PageRank,
betweenness sampled above the exact limit, Louvain, bridges, articulation points), the
yearly snapshots, an ego network, the actor view, and source dependency of one
organisation in one country and one year (where origins are counted).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.viz.actors import actor_view
from api.viz.views import entity_overview
from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.stores import open_store
from graph.stores.base import GraphStore
from queries.analysis.dependency import source_dependency
from queries.analysis.measures import analyse, ego_network, stored_ego_network
from queries.analysis.network import (
    ENTITY_LINKS,
    ActorEdge,
    ActorNetwork,
    ClaimInfo,
    EdgeKey,
    Link,
    NetworkFilter,
    actor_network,
    claim_pairs,
)
from queries.analysis.settings import settings
from queries.analysis.snapshots import yearly, years
from queries.entities import EntityRef

ALLIANCES, MEMBERS, COUNTRIES, PROVINCES = 40, 50, 30, 10
CLAIMS_PER_REPORT = 25
PREDICATES = ("allied with", "fights", "supplies", "shelters")
YEARS = tuple(range(2020, 2026))


def organisations() -> list[Node]:
    """Organisation ``a * MEMBERS + m`` is member ``m`` of alliance ``a``."""
    return [Node("Organisation", entity_id("Organisation", name=f"Front {i:04d}"),
                 {"name": f"Front {i:04d}", "resolved": True}) for i in range(ALLIANCES * MEMBERS)]


def regions() -> list[Node]:
    """Countries first, then their provinces (province ``c * PROVINCES + p`` is in country ``c``)."""
    countries = [Node("Region", entity_id("Region", name=f"Land {c:02d}"),
                      {"name": f"Land {c:02d}", "resolved": True, "level": "country"})
                 for c in range(COUNTRIES)]
    provinces = [Node("Region", entity_id("Region", name=f"Shire {p:03d}"),
                      {"name": f"Shire {p:03d}", "resolved": True, "level": "province"})
                 for p in range(COUNTRIES * PROVINCES)]
    return countries + provinces


def _pair(rng: random.Random) -> tuple[int, int]:
    alliance = rng.randrange(ALLIANCES)
    first = alliance * MEMBERS + rng.randrange(MEMBERS)
    other = alliance if rng.random() < 0.9 else rng.randrange(ALLIANCES)
    second = other * MEMBERS + rng.randrange(MEMBERS)
    return first, (second if second != first else (first + 1) % (ALLIANCES * MEMBERS))


def _said(index: int, seed: int) -> list[tuple[int, int, int, str | None]]:
    """What report ``index`` says: (org, org, province, predicate or None) per claim."""
    rng = random.Random(seed * 1_000_003 + index)
    said = []
    for _ in range(CLAIMS_PER_REPORT):
        first, second = _pair(rng)
        predicate = rng.choice(PREDICATES) if rng.random() < 0.3 else None
        said.append((first, second, rng.randrange(COUNTRIES * PROVINCES), predicate))
    return said


def _sentence(first: str, second: str, where: str, predicate: str | None) -> str:
    if predicate:
        return f"{first} {predicate} {second} in {where}, officials said."
    return f"{first} and {second} were both reported in {where}."


def report_url(index: int) -> str:
    """The URL of synthetic report ``index``."""
    return f"https://example.org/network/{index}"


def _report(index: int, seed: int, orgs: list[Node], places: list[Node], reports: int) -> GraphBatch:
    rng = random.Random(seed * 7_919 + index)
    said = _said(index, seed)
    cited = [rng.randrange(index) if index and rng.random() < 0.33 else None for _ in said]
    for position, source in enumerate(cited):
        if source is not None:  # restate what the cited report said, as reporting does
            said[position] = rng.choice(_said(source, seed))
    year = YEARS[index * len(YEARS) // reports]
    published = f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    report = Node("Report", report_id(url=report_url(index)), {
        "url": report_url(index), "title": f"Network report {index}", "stub": False,
        "publisher": f"Outlet {index % 60}", "published": published})
    sentences = [_sentence(orgs[a].props["name"], orgs[b].props["name"],
                           places[COUNTRIES + p].props["name"], pred) for a, b, p, pred in said]
    text = " ".join(sentences)
    report.props.update(text=text, sha256=sha256_hex(text))
    builder = ReportBuilder(report, ingestion_node("benchmark", sha256_hex(text), report_url(index)))
    at = 0
    for (a, b, p, predicate), sentence, source in zip(said, sentences, cited, strict=True):
        claim = builder.claim(at, at + len(sentence), method="sentence", confidence=0.9,
                              hedged=rng.random() < 0.2, sourced=source is not None)
        _link(builder, claim, text, at, orgs[a], "SUBJECT" if predicate else "MENTIONS", predicate)
        _link(builder, claim, text, at, orgs[b], "OBJECT" if predicate else "MENTIONS", predicate)
        province, country = places[COUNTRIES + p], places[p // PROVINCES]
        _link(builder, claim, text, at, province, "MENTIONS", None)
        builder.node(country)
        builder.structural("PART_OF", province.id, country.id, source="benchmark")
        if source is not None:
            target = report_id(url=report_url(source))
            builder.node(Node("Report", target, {"url": report_url(source), "stub": True}))
            builder.evidence("CITES", claim, target, at, at + 5, method="hyperlink", confidence=0.95,
                             kind="hyperlink")
        at += len(sentence) + 1
    if index and rng.random() < 0.1:
        original = report_id(url=report_url(rng.randrange(index)))
        builder.node(Node("Report", original, {"url": "https://example.org/network/original", "stub": True}))
        builder.evidence("REPUBLISHES", report.id, original, 0, 5, method="syndication", confidence=0.9,
                         basis="identical-text")
    return builder.build()


def _link(builder: ReportBuilder, claim: str, text: str, offset: int, entity: Node, kind: str,
          predicate: str | None) -> None:
    name = entity.props["name"]
    start = text.index(name, offset)
    builder.node(entity)
    extra = {"predicate": predicate} if kind != "MENTIONS" else {}
    builder.evidence(kind, claim, entity.id, start, start + len(name), method="gazetteer",
                     confidence=0.95, **extra)


def batches(claims: int, seed: int = 11) -> Iterator[GraphBatch]:
    """The corpus, one batch per report, oldest first."""
    orgs, places = organisations(), regions()
    reports = max(1, claims // CLAIMS_PER_REPORT)
    for index in range(reports):
        yield _report(index, seed, orgs, places, reports)


def load(store: GraphStore, claims: int) -> float:
    """Write the corpus as one streamed ``write_batches`` call (a first load builds the
    readers' indexes once, at the end); returns seconds."""
    started = time.perf_counter()

    def corpus() -> Iterator[GraphBatch]:
        for number, batch in enumerate(batches(claims), 1):
            if number % 4000 == 0:
                seconds = time.perf_counter() - started
                print(f"  loaded {number * CLAIMS_PER_REPORT:,} claims ({seconds:.0f} s)", flush=True)
            yield batch

    store.write_batches(corpus(), validated=True)  # ReportBuilder validated each batch
    return time.perf_counter() - started


def network_of(corpus: Iterator[GraphBatch]) -> ActorNetwork:
    """The actor network of a corpus straight from its batches: what ``actor_network`` reads
    from a store holding it (same edges, same pairs), for corpora too big to load here."""
    orgs = {n.id: EntityRef.of(n) for n in organisations()}
    edges: dict[EdgeKey, ActorEdge] = {}
    claims: dict[str, ClaimInfo] = {}
    for batch in corpus:
        roles: dict[str, list[Link]] = {}
        for edge in batch.edges:
            if edge.type in ENTITY_LINKS and edge.target in orgs:
                roles.setdefault(edge.source, []).append(
                    (edge.type, edge.target, str(edge.props.get("predicate") or "")))
        for node in batch.owned:
            if node.label == "Claim" and node.id in roles:
                claims[node.id] = ClaimInfo(batch.report_id, str(node.props.get("published", ""))[:10],
                                            bool(node.props.get("hedged")))
                for key, directed in claim_pairs(roles[node.id], settings().co_mention_predicate):
                    edges.setdefault(key, ActorEdge(*key, directed=directed)).claims.append(node.id)
    return ActorNetwork(orgs, edges, claims, None, notes=["Projected from the generated corpus."])


def measure(network: ActorNetwork) -> None:
    """Time the measures, snapshots and an ego network on a projected network."""
    print(f"  {len(network.entities)} entities, {len(network.edges)} edges (pair and predicate), "
          f"{len(network.claims):,} claims; {network.notes}")
    result = timed("measures (all of them)", lambda: analyse(network))
    print(f"  {result.totals['nodes']} nodes, {result.totals['edges']} links, "
          f"{result.totals['communities']} communities, modularity {result.modularity:.3f}, "
          f"{len(result.bridges)} bridges, {len(result.articulation_points)} articulation points; "
          f"{result.notes[-1:]}")
    years = timed("yearly snapshots with their measures and changes", lambda: yearly(network))
    print(f"  {len(years.years)} years")
    central = result.nodes[0]["id"]
    ego = timed("ego network of the most central (radius 1) + measures",
                lambda: analyse(ego_network(network, central, 1)))
    print(f"  {ego['totals']['nodes']} nodes")


def timed(name: str, run: Callable[[], Any]) -> Any:
    """Run once, print the wall and CPU time (the machine may be shared), return the result."""
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    print(f"{name:<58} {time.perf_counter() - started:8.2f} s wall {time.process_time() - cpu:8.2f} s cpu",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="store URL (not needed with --corpus-only)")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--no-load", action="store_true", help="the store already holds the corpus")
    parser.add_argument("--load-only", action="store_true", help="write the corpus and stop")
    parser.add_argument("--corpus-only", action="store_true",
                        help="no store: project the generated corpus and time the measures on it")
    args = parser.parse_args()
    if args.corpus_only:
        network = timed(f"generate {args.claims:,} claims and project them", lambda: network_of(
            batches(args.claims)))
        measure(network)
        return
    if not args.store:
        parser.error("--store is required unless --corpus-only")
    store = open_store(args.store)
    print(f"store: {type(store).__name__} at {args.store}")
    if not args.no_load:
        print(f"loading {args.claims:,} claims: {load(store, args.claims):.0f} s")
    if args.load_only:
        store.close()
        return
    print("stats:", {k: v for k, v in store.stats().items() if v})
    network = timed("project the store onto the actor network", lambda: actor_network(store))
    measure(network)
    linked = network.claims_of()
    central = max(sorted(linked), key=lambda e: len(linked[e]))
    view = timed("actor view of the whole network (cap 300)", lambda: actor_view(store))
    print(f"  drew {len(view.nodes)} of {view.total_nodes} entities, {len(view.edges)} links")
    ego = timed("ego network read from the store (radius 1) + measures",
                lambda: analyse(stored_ego_network(store, central, 1)))
    print(f"  {ego['totals']['nodes']} nodes, {ego['totals']['edges']} links")
    page = timed("entity page: the actor view around it (regions included)",
                 lambda: entity_overview(store, central))
    print(f"  drew {len(page.nodes)} entities, {len(page.edges)} links")
    province = regions()[COUNTRIES].props["name"]
    year = max(years(network), default=str(YEARS[-1]))  # a partly loaded corpus stops early
    slice_filter = NetworkFilter(region=province, since=f"{year}-01-01", until=f"{year}-12-31")
    sliced = timed(f"network of {province} in {year}, origins counted",
                   lambda: actor_network(store, slice_filter))
    print(f"  {len(sliced.entities)} entities, {len(sliced.edges)} edges, {len(sliced.claims):,} claims; "
          f"origins counted: {sliced.origins is not None}")
    here = sliced.claims_of()
    busiest = max(sorted(here), key=lambda e: len(here[e]), default=central)
    dependency = timed("source dependency of its busiest organisation there",
                       lambda: source_dependency(store, busiest, province, f"{year}-01-01", f"{year}-12-31"))
    print(f"  {dependency.headline}")
    store.close()


if __name__ == "__main__":
    main()
