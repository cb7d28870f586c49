"""Ingest speed and memory of the dataset loader on synthetic UCDP GED rows.

Writes ``--rows`` GED-shaped CSV rows (invented actors, places, outlets and
headlines; no real data) to a temporary file, ingests them into a fresh embedded
store with the dataset loader, and prints events per minute and the process's
resident memory as the run goes, so that "memory flat" can be read off the figures.

    python benchmarks/events_ingest.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from graph.stores import open_store
from loaders.datasets.load import ingest_dataset

COLUMNS = ["id", "relid", "year", "type_of_violence", "conflict_name", "side_a_new_id", "side_a",
           "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
           "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
           "adm_1", "adm_2", "latitude", "longitude", "country", "date_prec", "date_start",
           "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
           "high", "low"]
COUNTRIES = ["Afghanistan", "Somalia", "Mali", "Syria", "Myanmar (Burma)", "Nigeria", "Yemen (North Yemen)"]


def write_rows(path: Path, rows: int, seed: int = 15) -> None:
    """GED-shaped rows: 300 armed groups, 7 countries, 40 provinces each, 60 outlets."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(1, rows + 1):
            writer.writerow(_row(rng, n))


def _row(rng: random.Random, n: int) -> list[object]:
    country = rng.choice(COUNTRIES)
    group = rng.randrange(300)
    day = f"20{rng.randrange(10, 24)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    low = rng.randrange(0, 20)
    outlet = f"Outlet {rng.randrange(60)}"
    url = f"https://news{rng.randrange(60)}.example/{n}"
    return [n, f"SYN-{n}", day[:4], rng.choice([1, 2, 3]), f"{country}: Group {group}",
            1000 + group, f"Government of {country}", 5000 + group, f"Group {group}",
            rng.randrange(1, 4), f"{url};{outlet},{day},Clashes reported", outlet, day,
            f"Clashes in province {group % 40} leave {low} dead", "Local police", rng.randrange(1, 6),
            f"Village {rng.randrange(5000)}", f"Province {group % 40}", f"District {rng.randrange(400)}",
            round(rng.uniform(-30, 40), 4), round(rng.uniform(-10, 100), 4), country,
            rng.randrange(1, 6), day, day, low, 0, 0, 0, low, low + rng.randrange(5), low]


def rss_mb() -> float:
    """The process's resident memory now (MB), from /proc."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def main() -> None:
    """Generate, ingest, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--report-every", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2, help="2: read and write in parallel")
    parser.add_argument("--dir", default=None, help="where the CSV and the store go (a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        data = Path(tmp) / "ged.csv"
        write_rows(data, args.rows)
        print(f"wrote {args.rows:,} rows ({data.stat().st_size / 1e6:.0f} MB)", flush=True)
        store = open_store(str(Path(tmp) / "store"))
        started = time.perf_counter()
        cpu_started = time.process_time()
        marks: list[tuple[int, float, float]] = []

        def progress(done: int) -> None:
            if done % args.report_every < 500 or done == args.rows:
                elapsed = time.perf_counter() - started
                marks.append((done, elapsed, rss_mb()))
                print(f"{done:>9,} events  {done / elapsed * 60:>9,.0f}/min  rss {rss_mb():,.0f} MB  "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)

        outcome = ingest_dataset(store, data, progress=progress, workers=args.workers)
        elapsed = time.perf_counter() - started
        writer_cpu = time.process_time() - cpu_started
        store.close()
        disk = sum(f.stat().st_size for f in (Path(tmp) / "store").iterdir())
    reader_cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    print(f"cpu: writer {writer_cpu:.0f} s ({outcome.events / writer_cpu * 60:,.0f} events per cpu-minute), "
          f"reader/builder process {reader_cpu:.0f} s")
    print(f"ingested {outcome.events:,} events in {elapsed:.0f} s: {outcome.events / elapsed * 60:,.0f} "
          f"events/min; {len(outcome.problems)} bad rows; peak rss "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:,.0f} MB")
    print(f"disk: {disk / 1e6:,.0f} MB, {disk / max(outcome.events, 1) / 1e3:.1f} KB per event; "
          f"cpu both processes: {(writer_cpu + reader_cpu) / max(outcome.events, 1) * 1e3:.2f} ms per event")


if __name__ == "__main__":
    main()
