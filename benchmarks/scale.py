"""Scale benchmark: the synthetic corpus at 100k, 300k and 1M claims into each store.

For each store and size, in fresh processes (so every figure is that step's own):
load time (total, and the part spent inside the store's ``write_batches``), peak RSS of
the loading process, disk used, cold start (a new process: open the store and answer
one claims-about query), and p50/p95 of the source chain, claims about an
organisation and about a country (with its provinces), corroboration, search and the
entity profile.

    .venv/bin/python benchmarks/scale.py --store embedded --claims 100000 300000 1000000
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... .venv/bin/python benchmarks/scale.py \\
        --store neo4j --neo4j-home .neo4j --claims 100000      # empties that database!

Results are printed as a table and, with ``--json FILE``, written as JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import batches, entities, report_url  # noqa: E402
from graph.model import GraphBatch, report_id  # noqa: E402

CLAIMS_PER_REPORT = 25
SAMPLES = 100


def store_url(kind: str, directory: Path) -> str:
    """The embedded store's directory, or the Neo4j server of the environment."""
    return str(directory / "store") if kind == "embedded" else os.environ["NEO4J_URI"]


def open_url(url: str) -> Any:
    """Open a store by URL (credentials of a Neo4j URL come from NEO4J_* variables)."""
    from graph.stores import open_store

    return open_store(url)


# ------------------------------------------------------------------ phases


def load(url: str, claims: int) -> dict[str, Any]:
    """Write the corpus as a first load (one streamed ``write_batches`` call, as a bulk
    import does); seconds in all and inside the store, and peak RSS.

    The corpus is built while the store consumes it, so the builder's time is measured
    where it is spent (in the generator) and taken out of the store's.
    """
    store = open_url(url)
    if hasattr(store, "clear_all"):
        store.clear_all()
    started = time.perf_counter()
    building = {"wall": 0.0, "cpu": 0.0}

    def corpus() -> Iterator[GraphBatch]:
        reports = batches(claims // CLAIMS_PER_REPORT, CLAIMS_PER_REPORT)
        for number in itertools.count(1):
            began, began_cpu = time.perf_counter(), time.process_time()
            batch = next(reports, None)
            building["wall"] += time.perf_counter() - began
            building["cpu"] += time.process_time() - began_cpu
            if batch is None:
                return
            if number % 4000 == 0:
                print(f"    {number * CLAIMS_PER_REPORT} claims, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
            yield batch

    began_cpu = time.process_time()
    store.write_batches(corpus(), validated=True)      # ReportBuilder validated each batch
    store_cpu = time.process_time() - began_cpu - building["cpu"]
    total = time.perf_counter() - started
    counts = store.stats()
    store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"load_s": round(total, 1), "store_write_s": round(total - building["wall"], 1),
            "load_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "store_write_cpu_s": round(store_cpu, 1), "build_cpu_s": round(building["cpu"], 1),
            "load_peak_rss_mb": round(usage.ru_maxrss / 1024),
            "claims": counts["Claim"], "reports": counts["Report"]}


def first_answer(url: str, claims: int) -> dict[str, Any]:
    """Open the store and answer one claims-about query; the seconds it took."""
    began = time.perf_counter()
    from queries.claims import claims_about

    store = open_url(url)
    page = claims_about(store, "Group 3", limit=50)
    seconds = time.perf_counter() - began
    store.close()
    return {"cold_start_s": round(seconds, 3), "cold_start_cpu_s": round(time.process_time(), 3),
            "first_answer_total": page.total}


def timed(samples: list[str], run: Callable[[str], object]) -> dict[str, float]:
    """Latencies in milliseconds, wall clock (p50, p95, max) and this process's CPU (p50, p95):
    on a busy machine the CPU figures say what the query itself costs."""
    times, cpu = [], []
    for sample in samples:
        began, began_cpu = time.perf_counter(), time.process_time()
        run(sample)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    times.sort()
    cpu.sort()
    at95 = max(int(len(times) * 0.95) - 1, 0)
    return {"p50": round(statistics.median(times), 1), "p95": round(times[at95], 1),
            "max": round(times[-1], 1), "cpu_p50": round(statistics.median(cpu), 1),
            "cpu_p95": round(cpu[at95], 1)}


def sample_claims(store: Any, reports: int, rng: random.Random, count: int) -> list[str]:
    """Claim ids of random reports (read through their MAKES edges)."""
    ids = [report_id(url=report_url(rng.randrange(reports))) for _ in range(count)]
    edges = store.edges(ids, ["MAKES"], "out", fields=())
    by_report: dict[str, list[str]] = {}
    for edge in edges:
        by_report.setdefault(edge.source, []).append(edge.target)
    return [rng.choice(by_report[rid]) for rid in ids if rid in by_report]


def query_latencies(url: str, claims: int) -> dict[str, Any]:
    """p50/p95 of each query over seeded random samples."""
    from queries.chain import source_chain
    from queries.claims import claims_about
    from queries.entities import entity_profile
    from queries.explore import search

    store = open_url(url)
    rng = random.Random(1)
    claim_ids = sample_claims(store, claims // CLAIMS_PER_REPORT, rng, SAMPLES)
    orgs, regions = entities(200, 300)
    org_names = [rng.choice(orgs).props["name"] for _ in range(SAMPLES)]
    countries = [r.props["name"] for r in regions if r.props["level"] == "country"]
    country_names = [rng.choice(countries) for _ in range(SAMPLES)]
    words = [f"{rng.choice(orgs).props['name']} {rng.choice(regions).props['name']} "
             f"month {rng.randint(1, 12)}" for _ in range(SAMPLES)]
    results: dict[str, Any] = {
        "chain": timed(claim_ids, lambda cid: source_chain(store, cid)),
        "claims about an organisation": timed(org_names, lambda n: claims_about(store, n, limit=50)),
        "claims about a country": timed(country_names, lambda n: claims_about(store, n, limit=50)),
        "search": timed(words, lambda text: search(store, text, limit=50)),
        "entity profile": timed(org_names, lambda n: entity_profile(store, n)),
    }
    try:
        from queries.corroboration import corroboration

        results["corroboration"] = timed(claim_ids, lambda cid: corroboration(store, cid))
    except Exception as exc:  # another module's failure is reported, not fatal
        results["corroboration"] = {"error": f"{exc.__class__.__name__}: {exc}"}
    results["query_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    store.close()
    return results


# ------------------------------------------------------------- orchestration


def in_child(phase: str, url: str, claims: int) -> dict[str, Any]:
    """Run one phase in a fresh interpreter and return its JSON answer (the child's
    stderr, with the load's progress lines, goes straight to ours)."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--phase", phase, "--url", url,
                           "--claims", str(claims)], stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{phase} failed with exit code {done.returncode} (its error is above)")
    answer: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    if phase == "first":
        answer["cold_process_s"] = round(time.perf_counter() - began, 3)
    return answer


def disk_mb(path: Path) -> float:
    """Megabytes under ``path``."""
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return round(total / 2**20, 1)


def neo4j_disk(home: Path) -> dict[str, float]:
    """Store files and transaction logs of the Neo4j database ``neo4j``."""
    data = home / "dbms" / "data"
    return {"disk_mb": disk_mb(data / "databases" / "neo4j"),
            "tx_logs_mb": disk_mb(data / "transactions" / "neo4j")}


def measure(kind: str, claims: int, directory: Path, neo4j_home: Path | None) -> dict[str, Any]:
    """Every figure for one store and size."""
    url = store_url(kind, directory)
    if kind == "embedded":
        shutil.rmtree(directory / "store", ignore_errors=True)
    print(f"  {kind} {claims}: loading", file=sys.stderr, flush=True)
    figures: dict[str, Any] = {"store": kind, "target_claims": claims, **in_child("load", url, claims)}
    if kind == "embedded":
        figures["disk_mb"] = disk_mb(directory / "store")
    elif neo4j_home is not None:
        time.sleep(35)  # one checkpoint interval, so that old transaction logs are pruned
        figures.update(neo4j_disk(neo4j_home))
    figures.update(in_child("first", url, claims))
    print(f"  {kind} {claims}: queries", file=sys.stderr, flush=True)
    figures["queries"] = in_child("queries", url, claims)
    return figures


def show(rows: list[dict[str, Any]]) -> None:
    """A readable table of the figures."""
    for row in rows:
        print(f"\n{row['store']} — {row['claims']} claims ({row['reports']} reports)")
        for key in ("load_s", "store_write_s", "load_cpu_s", "store_write_cpu_s", "build_cpu_s",
                    "load_peak_rss_mb",
                    "disk_mb", "tx_logs_mb",
                    "cold_start_s", "cold_start_cpu_s", "cold_process_s"):
            if key in row:
                print(f"  {key:<18} {row[key]}")
        for name, figures in row["queries"].items():
            print(f"  {name:<30} {figures}", flush=True)


def phases() -> Iterator[tuple[str, Callable[[str, int], dict[str, Any]]]]:
    """The phases a child process can run."""
    yield "load", load
    yield "first", first_answer
    yield "queries", query_latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=["embedded", "neo4j"], action="append")
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--dir", type=Path, help="where the embedded store goes (default: a temp dir)")
    parser.add_argument("--neo4j-home", type=Path, help="the Neo4j state directory, to measure its disk")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(dict(phases())[args.phase](args.url, args.claims[0])))
        return
    directory = args.dir or Path(tempfile.mkdtemp(prefix="conflictkg-scale-"))
    rows: list[dict[str, Any]] = []
    for kind in args.store or ["embedded"]:
        for claims in args.claims:
            rows.append(measure(kind, claims, directory, args.neo4j_home))
            show(rows[-1:])          # each size as soon as it is done
            if args.json:
                args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
