"""Cold start: how long one ``conflictkg extract FILE --json`` call takes on a tiny file.

A command run once from a shell pays for starting Python, importing what it uses,
reading the gazetteer and, when the text has a sourcing cue to parse, loading the
statistical pipeline. This runs the installed command as a new process ``--runs``
times on each of two one-line reports, one with no cue to parse (the parser is never
loaded) and one with a cue (``told Reuters``), alternated so that both meet the same
machine load, and prints the median wall time and the median CPU time of the child
process (user + system, from ``resource.getrusage(RUSAGE_CHILDREN)``), with the load
average before and after. CPU time is the comparable figure on a shared machine; the
target is under one second.

The first call of each kind is a warm-up that is not counted: after a change to the
gazetteer's data it builds the gazetteer cache, which later calls only read.

    python benchmarks/cold_start.py [--runs 5] [--command path/to/conflictkg] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 1.0
REPORTS = {
    "no cue": "Kabul, 3 March 2024. Taliban fighters attacked a checkpoint in Helmand province.\n",
    "with cue": ("Kabul, 3 March 2024. Taliban fighters attacked a checkpoint in Helmand province, "
                 "a police spokesman told Reuters.\n"),
}


def default_command() -> str:
    """The ``conflictkg`` script beside this Python, else the one on PATH."""
    beside = Path(sys.executable).with_name("conflictkg")
    if beside.exists():
        return str(beside)
    return shutil.which("conflictkg") or "conflictkg"


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_call(command: str, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``extract PATH --json`` process; it must succeed."""
    cpu_before, wall_before = children_cpu(), time.perf_counter()
    done = subprocess.run([command, "extract", str(path), "--json"], capture_output=True, check=False)
    wall, cpu = time.perf_counter() - wall_before, children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"{path.name}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    return wall, cpu


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as the system reports them."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def measure(command: str, runs: int, folder: Path) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds per kind of report, the kinds alternated run by run."""
    paths = {}
    for kind, text in REPORTS.items():
        paths[kind] = folder / f"{kind.replace(' ', '-')}.txt"
        paths[kind].write_text(text, encoding="utf-8")
    for path in paths.values():   # warm-up: a first call may build the gazetteer cache
        one_call(command, path)
    walls: dict[str, list[float]] = {kind: [] for kind in REPORTS}
    cpus: dict[str, list[float]] = {kind: [] for kind in REPORTS}
    for _ in range(runs):
        for kind, path in paths.items():
            wall, cpu = one_call(command, path)
            walls[kind].append(wall)
            cpus[kind].append(cpu)
    return {kind: {"wall_median": statistics.median(walls[kind]), "cpu_median": statistics.median(cpus[kind]),
                   "cpu_min": min(cpus[kind]), "cpu_max": max(cpus[kind])} for kind in REPORTS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted calls of each kind")
    parser.add_argument("--command", default=default_command(), help="the conflictkg script to run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="cold-start-") as folder:
        figures = measure(args.command, args.runs, Path(folder))
    load_after = load_average()
    if args.json:
        print(json.dumps({"runs": args.runs, "load_before": load_before, "load_after": load_after,
                          "kinds": figures}, indent=2))
        return
    print(f"conflictkg extract FILE --json, {args.runs} runs of each (medians); "
          f"load average {load_before} before, {load_after} after")
    for kind, values in figures.items():
        verdict = "under" if values["cpu_median"] < TARGET_SECONDS else "over"
        print(f"  {kind:9} wall {values['wall_median']:.2f} s  CPU {values['cpu_median']:.2f} s "
              f"(min {values['cpu_min']:.2f}, max {values['cpu_max']:.2f}; {verdict} "
              f"{TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
