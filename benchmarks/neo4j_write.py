"""Write throughput of the Neo4j store against the ceiling of bare ``UNWIND $rows CREATE``.

A synthetic corpus (by default 100,000 claims in reports of 30, with organisations,
regions, people, citations, attributions and relation claims) is written three times
into an empty database: through ``Neo4jStore.write_batch`` (one transaction per
report, as ingest does), through ``Neo4jStore.write_batches`` (several reports per transaction, same result),
and as bare ``UNWIND $rows CREATE`` statements of the same rows in large chunks, which
is as fast as Cypher over Bolt gets (the ceiling). A small slice is written first each
way so that query plans and the JVM are warm. Graph elements are nodes plus
relationships in the final graph.

    .venv/bin/python benchmarks/neo4j_write.py                 # starts a private server
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... .venv/bin/python \\
        benchmarks/neo4j_write.py --clear                      # uses (and empties!) a server

Without ``NEO4J_URI`` the script starts its own server with ``scripts/neo4j/neo4j.sh`` in
a temporary state directory and stops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import neo4j  # noqa: E402

from graph.model import Edge, GraphBatch, Node, entity_id, report_id  # noqa: E402
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex  # noqa: E402
from graph.schema import SCHEMA  # noqa: E402
from graph.stores import cypher  # noqa: E402
from graph.stores.neo4j_store import Neo4jStore, node_props  # noqa: E402

NEO4J_SCRIPT = ROOT / "scripts" / "neo4j" / "neo4j.sh"
SYLLABLES = ["ka", "ri", "to", "mes", "an", "dur", "vel", "os", "ti", "lor", "qa", "zen", "bar"]
VERBS = ["attacked", "supplied", "trained", "sheltered", "negotiated with", "withdrew from"]


# ------------------------------------------------------------ synthetic data


@dataclass(frozen=True)
class World:
    """The shared entities every synthetic report draws on."""

    organisations: list[Node]
    regions: list[tuple[Node, Node]]    # (country, macro-region)
    people: list[Node]
    words: list[str]


def make_world(rng: random.Random, organisations: int = 2000, countries: int = 300,
               macro_regions: int = 20, people: int = 1000) -> World:
    """Entities with readable names, aliases and a two-level region hierarchy."""
    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    orgs = [Node("Organisation", entity_id("Organisation", name=f"{name()} Front {i}"), {})
            for i in range(organisations)]
    for org in orgs:
        label = org.id.split(":", 1)[1].replace("-", " ").title()
        org.props.update(name=label, aliases=[label.split()[0][:3].upper() + str(len(label))],
                         resolved=True, kind="armed-group")
    macros = [Node("Region", entity_id("Region", name=f"Macro {i}"),
                   {"name": f"Macro {i}", "resolved": True, "level": "macro-region"})
              for i in range(macro_regions)]
    regions = []
    for i in range(countries):
        country = f"{name()}land"
        node = Node("Region", entity_id("Region", iso=f"X{i}"),
                    {"name": country, "iso": f"X{i}", "resolved": True, "level": "country",
                     "aliases": [country.upper()]})
        regions.append((node, macros[i % macro_regions]))
    persons = [Node("Person", entity_id("Person", name=f"{name()} {name()} {i}"), {})
               for i in range(people)]
    for person in persons:
        person.props.update(name=person.id.split(":", 1)[1].replace("-", " ").title(),
                            anonymous=False)
    return World(orgs, regions, persons, [name().lower() for _ in range(400)])


def report_url(index: int) -> str:
    """URL of the index-th synthetic report (citations point at other reports' URLs)."""
    return f"https://example.org/reports/{index}"


def synthetic_report(rng: random.Random, world: World, index: int, reports: int,
                     claims: int) -> GraphBatch:
    """One report of ``claims`` sentences, each a claim with its evidence edges."""
    sentences = []
    for _ in range(claims):
        org = rng.choice(world.organisations)
        country, macro = rng.choice(world.regions)
        filler = " ".join(rng.choice(world.words) for _ in range(rng.randint(8, 16)))
        sentences.append(((org, country, macro), f"{org.props['name']} {rng.choice(VERBS)} "
                                                 f"{filler} in {country.props['name']}."))
    text = " ".join(s for _, s in sentences)
    url = report_url(index)
    report = Node("Report", report_id(url=url), {
        "title": f"Synthetic report {index}", "url": url, "text": text, "stub": False,
        "sha256": sha256_hex(text), "publisher": "Benchmark Desk", "kind": "think-tank",
        "published": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}", "format": "text"})
    builder = ReportBuilder(report, ingestion_node("benchmark", sha256_hex(text), url))
    offset = 0
    for ends, sentence in sentences:
        _add_claim(builder, rng, world, ends, sentence, offset, reports)
        offset += len(sentence) + 1
    return builder.build()


def _add_claim(builder: ReportBuilder, rng: random.Random, world: World,
               ends: tuple[Node, Node, Node], sentence: str, offset: int, reports: int) -> None:
    org, country, macro = ends
    claim = builder.claim(offset, offset + len(sentence), method="sentence", confidence=0.9,
                          hedged=False, sourced=True)
    for node in (org, country, macro):
        builder.node(Node(node.label, node.id, dict(node.props)))
    builder.structural("PART_OF", country.id, macro.id, source="benchmark")
    org_end = offset + len(org.props["name"])
    at = offset + sentence.rindex(country.props["name"])
    country_end = at + len(country.props["name"])
    builder.evidence("MENTIONS", claim, org.id, offset, org_end, method="gazetteer",
                     confidence=0.95, surface=org.props["name"])
    builder.evidence("MENTIONS", claim, country.id, at, country_end, method="gazetteer",
                     confidence=0.95, surface=country.props["name"])
    roll = rng.random()
    if roll < 0.3:
        cited = report_url(rng.randrange(reports))
        target = report_id(url=cited)
        if target != builder.report.id:
            builder.node(Node("Report", target, {"url": cited, "stub": True}))
            builder.evidence("CITES", claim, target, offset, org_end, method="hyperlink",
                             confidence=0.9, kind="hyperlink", target_url=cited)
    elif roll < 0.5:
        person = rng.choice(world.people)
        builder.node(Node("Person", person.id, dict(person.props)))
        builder.evidence("ATTRIBUTED_TO", claim, person.id, offset, org_end, method="pattern",
                         confidence=0.7, cue="said")
    elif roll < 0.7:
        builder.evidence("SUBJECT", claim, org.id, offset, org_end, method="pattern",
                         confidence=0.6, predicate="operates-in")
        builder.evidence("OBJECT", claim, country.id, at, country_end, method="pattern",
                         confidence=0.6, predicate="operates-in")


def synthetic_corpus(claims: int, per_report: int, seed: int) -> list[GraphBatch]:
    """All batches of the synthetic corpus, built before any timing starts."""
    rng = random.Random(seed)
    world = make_world(rng)
    reports = -(-claims // per_report)
    return [synthetic_report(rng, world, i, reports, min(per_report, claims - i * per_report))
            for i in range(reports)]


# ------------------------------------------------------------------ ceiling


def final_rows(batches: list[GraphBatch]) -> tuple[dict[str, list[dict[str, Any]]],
                                                    dict[cypher.EdgeGroup, list[dict[str, Any]]]]:
    """The rows of the final graph, as the store stores them (owned wins, else first shared)."""
    owned: dict[str, Node] = {}
    shared: dict[str, Node] = {}
    edges: dict[str, Edge] = {}
    for batch in batches:
        owned.update({n.id: n for n in batch.owned})
        for node in batch.shared:
            shared.setdefault(node.id, node)
        edges.update({e.id: e for e in batch.edges})
    nodes = {**shared, **owned}
    node_rows: dict[str, list[dict[str, Any]]] = {label: [] for label in SCHEMA.nodes}
    for node in nodes.values():
        node_rows[node.label].append({"props": node_props(node)})
    edge_rows: dict[cypher.EdgeGroup, list[dict[str, Any]]] = {}
    for edge in edges.values():
        group = cypher.EdgeGroup(edge.type, nodes[edge.source].label, nodes[edge.target].label)
        edge_rows.setdefault(group, []).append(
            {"source": edge.source, "target": edge.target, "props": {**edge.props, "id": edge.id}})
    return node_rows, edge_rows


def _create(tx: neo4j.ManagedTransaction, statement: str, rows: list[dict[str, Any]]) -> None:
    tx.run(statement, rows=rows).consume()


def write_ceiling(store: Neo4jStore, batches: list[GraphBatch], chunk: int) -> float:
    """Seconds to write the final graph with bare ``UNWIND $rows CREATE`` chunks."""
    node_rows, edge_rows = final_rows(batches)
    statements = [(cypher.create_nodes(label), rows) for label, rows in node_rows.items()]
    statements += [(cypher.create_edges(group), rows) for group, rows in sorted(edge_rows.items())]
    started = time.perf_counter()
    with store._driver.session(database=store.database) as session:
        for statement, rows in statements:
            for at in range(0, len(rows), chunk):
                session.execute_write(_create, statement, rows[at:at + chunk])
    return time.perf_counter() - started


# -------------------------------------------------------------------- server


@contextmanager
def neo4j_settings() -> Iterator[dict[str, str]]:
    """NEO4J_* from the environment, or a private server started for this run."""
    if os.environ.get("NEO4J_URI"):
        yield {k: os.environ.get(k, "") for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
        return
    home = tempfile.mkdtemp(prefix="conflictkg-bench-neo4j-")
    env = {**os.environ, "CONFLICTKG_NEO4J_HOME": home,
           "CONFLICTKG_NEO4J_HEAP": os.environ.get("CONFLICTKG_NEO4J_HEAP", "2g"),
           "CONFLICTKG_NEO4J_PAGECACHE": os.environ.get("CONFLICTKG_NEO4J_PAGECACHE", "1g")}
    try:
        started = subprocess.run(["bash", str(NEO4J_SCRIPT), "start"], capture_output=True,
                                 text=True, env=env, check=True, timeout=900)
        yield dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    finally:
        subprocess.run(["bash", str(NEO4J_SCRIPT), "stop"], capture_output=True, env=env,
                       check=False, timeout=120)
        shutil.rmtree(home, ignore_errors=True)


def emptied_store(settings: dict[str, str], clear: bool) -> Neo4jStore:
    """A connected store on an empty database (refuses to empty one unless told to)."""
    store = Neo4jStore.connect(settings["NEO4J_URI"], settings.get("NEO4J_USER") or "neo4j",
                               settings["NEO4J_PASSWORD"])
    if sum(store.stats().values()) and not clear:
        store.close()
        raise SystemExit("the database is not empty; pass --clear to empty it for the benchmark")
    store.clear_all()
    return store


def timed_store_write(store: Neo4jStore, batches: list[GraphBatch], bulk: bool) -> float:
    """Seconds to write the corpus through the store, into an empty database."""
    store.clear_all()
    started = time.perf_counter()
    if bulk:
        store.write_batches(batches)
    else:
        for batch in batches:
            store.write_batch(batch)
    return time.perf_counter() - started


def timed_ceiling(store: Neo4jStore, batches: list[GraphBatch], chunk: int, elements: int) -> float:
    """Seconds for the bare ``UNWIND $rows CREATE`` of the same graph (checked to match)."""
    store.clear_all()
    seconds = write_ceiling(store, batches, chunk)
    written = sum(store.stats().values())
    if written != elements:
        raise SystemExit(f"ceiling wrote {written} elements, the store {elements}")
    return seconds


def run(args: argparse.Namespace) -> None:
    """Build the corpus, warm up, write it three ways, print the figures."""
    t0 = time.perf_counter()
    batches = synthetic_corpus(args.claims, args.per_report, args.seed)
    print(f"corpus: {len(batches)} reports, {args.claims} claims "
          f"(built in {time.perf_counter() - t0:.1f} s)", flush=True)
    with neo4j_settings() as settings:
        store = emptied_store(settings, args.clear)
        try:
            warm = batches[:max(1, len(batches) // 20)]
            for bulk in (False, True):
                timed_store_write(store, warm, bulk)
            store.clear_all()
            write_ceiling(store, warm, args.chunk)
            seconds: dict[str, float] = {}
            if not args.bulk_only:
                seconds["write_batch"] = timed_store_write(store, batches, bulk=False)
                counts = store.stats()
            seconds["write_batches"] = timed_store_write(store, batches, bulk=True)
            if args.bulk_only:
                counts = store.stats()
            elif store.stats() != counts:
                raise SystemExit("write_batches gave a different graph than write_batch")
            elements = sum(counts.values())
            print("graph: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v), flush=True)
            for name in seconds:
                show(elements, seconds, name)
            seconds["ceiling"] = timed_ceiling(store, batches, args.chunk, elements)
            show(elements, seconds, "ceiling")
            store.clear_all()
        finally:
            store.close()
    report(elements, seconds)


BULK_GOAL = 0.7   # a grouped bulk load against the bare-UNWIND ceiling of the same run
LABELS = {"write_batch": "Neo4jStore.write_batch, one transaction per report",
          "write_batches": "Neo4jStore.write_batches, reports grouped",
          "ceiling": "ceiling: bare UNWIND $rows CREATE, large chunks"}


def show(elements: int, seconds: dict[str, float], name: str) -> None:
    """Print one way's rate as soon as it is measured."""
    print(f"{LABELS[name]:<52} {elements} elements in {seconds[name]:6.1f} s = "
          f"{elements / seconds[name]:8,.0f} elements/s", flush=True)


def report(elements: int, seconds: dict[str, float]) -> None:
    """Compare each way of writing with the ceiling and the goals."""
    for name in (n for n in ("write_batch", "write_batches") if n in seconds):
        ratio = seconds["ceiling"] / seconds[name]
        rate = elements / seconds[name]
        verdict = "meets" if ratio >= BULK_GOAL else "misses"
        print(f"{name}: {ratio:.0%} of the ceiling, {rate:,.0f} elements/s: {verdict} the goal "
              f"(bulk loads at least {BULK_GOAL:.0%} of the ceiling measured in the same run)")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-report", type=int, default=30)
    parser.add_argument("--chunk", type=int, default=10_000, help="rows per ceiling transaction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bulk-only", action="store_true",
                        help="skip the transaction-per-report path (write_batches and the ceiling only)")
    parser.add_argument("--clear", action="store_true",
                        help="empty a non-empty database given by NEO4J_URI")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
