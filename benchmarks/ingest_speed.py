"""Does the writer keep up with extraction? ``conflictkg ingest`` against ``--dry-run``.

The same synthetic reports of about 1,000 words (text and HTML, from
``extraction_speed.py``) go through the real command, run one after the other in the
same run: ``ingest --dry-run --workers 2`` (read and extract, write nothing), then
``ingest --workers 2`` into a new embedded store, then ``ingest`` with the default
pipeline (one process). Goal: ingest at most 1.15x the dry run, and at least 30
reports/s end to end with the default pipeline. Wall-clock and CPU seconds (of the
command and its worker processes) are both printed: on a shared machine the CPU
figures say what the work costs.

    .venv/bin/python benchmarks/ingest_speed.py [--reports 1000] [--words 1000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.extraction_speed import write_corpus  # noqa: E402

CLI = [str(Path(sys.executable).parent / "conflictkg")]
RATIO_GOAL = 1.15
RATE_GOAL = 30.0


def timed_command(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (children included) of one command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-1500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def one_round(folder: Path, kind: str, count: int, work: Path) -> dict[str, tuple[float, float]]:
    """The three commands on one corpus, in turn."""
    figures = {"dry-run --workers 2": timed_command(["ingest", str(folder), "--dry-run", "--workers", "2"])}
    for name, extra in (("ingest --workers 2", ["--workers", "2"]), ("ingest (default)", [])):
        store = work / f"store-{kind}"
        shutil.rmtree(store, ignore_errors=True)
        figures[name] = timed_command(["ingest", str(folder), "--store", str(store), *extra])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2, help="repeat and keep each figure's best")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="conflictkg-ingest-speed-"))
    try:
        for kind in ("text", "html"):
            folder = work / kind
            folder.mkdir()
            write_corpus(folder, kind, args.reports, args.words, args.seed)
            best: dict[str, tuple[float, float]] = {}
            for _ in range(args.rounds):
                for name, (wall, cpu) in one_round(folder, kind, args.reports, work).items():
                    old = best.get(name)
                    best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
            show(kind, args.reports, best)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def show(kind: str, reports: int, best: dict[str, tuple[float, float]]) -> None:
    """The figures of one kind, and whether the goals are met."""
    print(f"\n{kind}: {reports} reports (load average {os.getloadavg()[0]:.1f})")
    for name, (wall, cpu) in best.items():
        print(f"  {name:<22} {wall:6.1f} s wall ({reports / wall:6.1f} reports/s)   {cpu:6.1f} s CPU")
    dry, ingest = best["dry-run --workers 2"], best["ingest --workers 2"]
    ratio = ingest[0] / dry[0]
    print(f"  ingest / dry run: {ratio:.2f}x wall, {ingest[1] / dry[1]:.2f}x CPU "
          f"({'ok' if ratio <= RATIO_GOAL else 'ABOVE'} the {RATIO_GOAL}x goal)")
    rate = reports / best["ingest (default)"][0]
    print(f"  default pipeline: {rate:.1f} reports/s ({'ok' if rate >= RATE_GOAL else 'BELOW'} "
          f"the {RATE_GOAL:.0f}/s goal)")


if __name__ == "__main__":
    main()
