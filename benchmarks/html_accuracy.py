"""HTML main-text accuracy and speed: our reader against the reference extractors.

Reads every ``<case>/source.html`` of the shared HTML benchmark (real article pages
with gold main text), writes each extractor's predictions (``<case>.txt`` and
``<case>.meta.json``) under ``--out`` and runs the benchmark's own scorer on them, so
the figures are the benchmark's definition, not ours. Each page is extracted
``--repeat`` times by each extractor in turn and its time is the median; the reported
time is the median over pages (wall clock, and CPU time, which a busy machine
disturbs less), measured in this one process so the extractors are
compared on the same machine in the same run, under the same load. trafilatura and
readability-lxml are compared when installed (``pip install -e ".[bench]"``).

    python benchmarks/html_accuracy.py [--bench ../shared/benchmarks/html] [--out build/html-bench]
        [--extractors conflictkg trafilatura readability-lxml] [--repeat 3] [--worst 10]

Our prediction is the stored text as the store keeps it, less the title line the
reader puts above a body that has no headline of its own (the gold keeps the headline
as metadata); the notes gathered at the end stay (the gold has them in place).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loaders.document import Document
from loaders.errors import LoadError
from loaders.readers.html import read_html
from loaders.source import source_from_bytes

ROOT = Path(__file__).resolve().parent.parent
GOLD: list[str] = []  # the current page's gold text, for the link audit
DEFAULT_BENCH = ROOT.parent / "shared" / "benchmarks" / "html"
Extractor = tuple[Callable[[bytes], str], Callable[[bytes], dict[str, Any]]]


def conflictkg_prediction(doc: Document) -> str:
    """The stored text less the title line the reader adds above the body."""
    text = doc.text
    start = 0
    if doc.headings and doc.headings[0][0] == 0 and text[:doc.headings[0][1]] == doc.title:
        start = doc.headings[0][1]
    return text[start:].strip() + "\n"


LINK_AUDIT: dict[str, int] = {"pages": 0, "refused": 0, "links": 0, "outside_gold": 0, "offset_mismatches": 0}
_TOKENS = re.compile(r"\w+")


def audit_links(doc: Document | None, gold: str) -> None:
    """Count the links we record whose anchor is not in the gold main text (so not in the
    article: author, share, tag, navigation links) and any whose offsets miss the anchor."""
    LINK_AUDIT["pages"] += 1
    if doc is None:
        LINK_AUDIT["refused"] += 1
        return
    article = " ".join(_TOKENS.findall(gold))
    for link in doc.links:
        LINK_AUDIT["links"] += 1
        LINK_AUDIT["offset_mismatches"] += doc.text[link.start:link.end] != link.anchor
        anchor = " ".join(_TOKENS.findall(link.anchor))
        LINK_AUDIT["outside_gold"] += bool(anchor) and f" {anchor} " not in f" {article} "


def make_conflictkg() -> Extractor:
    """Our reader: one call reads text, links, notes and metadata together."""
    last: dict[str, Document | None] = {"doc": None}

    def text(html: bytes) -> str:
        try:
            doc = read_html(source_from_bytes("page.html", html))
        except LoadError as exc:
            print(f"  refused: {exc}", file=sys.stderr)
            last["doc"] = None
            return ""
        last["doc"] = doc
        return conflictkg_prediction(doc)

    def meta(html: bytes) -> dict[str, Any]:
        doc = last["doc"]
        if GOLD:
            audit_links(doc, GOLD.pop())
        if doc is None:
            return {}
        return {"title": doc.title, "byline": ", ".join(doc.authors) or None,
                "published": doc.published, "publisher": doc.publisher}
    return text, meta


def make_trafilatura() -> Extractor:
    """trafilatura as the benchmark's reference run calls it."""
    import trafilatura

    def text(html: bytes) -> str:
        return trafilatura.extract(html, favor_precision=False) or ""

    def meta(html: bytes) -> dict[str, Any]:
        found = trafilatura.extract_metadata(html)
        if found is None:
            return {}
        return {"title": found.title, "byline": found.author, "published": found.date,
                "publisher": found.sitename}
    return text, meta


def make_readability(bench: Path) -> Extractor:
    """readability-lxml, its HTML turned into text by the benchmark's own converter."""
    sys.path.insert(0, str(bench / "tools"))
    from html_to_text import html_to_text  # type: ignore[import-not-found]
    from readability import Document as ReadabilityDocument  # type: ignore[import-untyped]

    def text(html: bytes) -> str:
        return str(html_to_text(ReadabilityDocument(html).summary(html_partial=True)))

    def meta(html: bytes) -> dict[str, Any]:
        return {"title": ReadabilityDocument(html).short_title()}
    return text, meta


def run(chosen: dict[str, Extractor], sources: list[Path], out: Path,
        repeat: int) -> dict[str, dict[str, Any]]:
    """Write every extractor's predictions; each page is timed for all extractors in turn
    (the median of ``repeat`` text calls), so a busy machine slows them all alike."""
    times: dict[str, list[float]] = {name: [] for name in chosen}
    cpu: dict[str, list[float]] = {name: [] for name in chosen}
    for name, (text, _) in chosen.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        text(sources[0].read_bytes())
    for source in sources:
        case, html = source.parent.name, source.read_bytes()
        for name, (text, meta) in chosen.items():
            runs, cpu_runs = [], []
            for _ in range(max(1, repeat)):
                started, cpu_started = time.perf_counter(), time.process_time()
                result = text(html)
                runs.append((time.perf_counter() - started) * 1000)
                cpu_runs.append((time.process_time() - cpu_started) * 1000)
            times[name].append(statistics.median(runs))
            cpu[name].append(statistics.median(cpu_runs))
            (out / name / f"{case}.txt").write_text(result, encoding="utf-8")
            GOLD[:] = [(source.parent / "expected.txt").read_text(encoding="utf-8")]
            (out / name / f"{case}.meta.json").write_text(json.dumps(meta(html), ensure_ascii=False),
                                                          encoding="utf-8")
    return {name: {"extractor": name, "pages": len(spent), "median_ms": round(statistics.median(spent), 2),
                   "mean_ms": round(statistics.fmean(spent), 2),
                   "median_cpu_ms": round(statistics.median(cpu[name]), 2)} for name, spent in times.items()}


def score(bench: Path, preds: Path, name: str, worst: int) -> dict[str, Any]:
    """Run the benchmark's scorer; print its table and return its JSON line."""
    command = [sys.executable, str(bench / "score.py"), str(preds), "--name", name,
               "--per-doc", str(preds.with_suffix(".per-doc.tsv"))]
    if worst:
        command += ["--worst", str(worst)]
    finished = subprocess.run(command, check=True, capture_output=True, text=True)
    print(finished.stdout)
    result: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result


def extractors(names: list[str], bench: Path) -> dict[str, Extractor]:
    """The requested extractors that are installed."""
    makers: dict[str, Callable[[], Extractor]] = {
        "conflictkg": make_conflictkg, "trafilatura": make_trafilatura,
        "readability-lxml": lambda: make_readability(bench)}
    found = {}
    for name in names:
        try:
            found[name] = makers[name]()
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name}); skipped", file=sys.stderr)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html-bench")
    parser.add_argument("--extractors", nargs="+", default=["conflictkg", "trafilatura", "readability-lxml"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    sources = sorted((args.bench / "readability").glob("*/source.html"))
    if not sources:
        print(f"error: no benchmark pages under {args.bench / 'readability'}", file=sys.stderr)
        return 2
    chosen = extractors(args.extractors, args.bench)
    timings = run(chosen, sources, args.out, args.repeat)
    summary = []
    for name, timing in timings.items():
        scores = score(args.bench, args.out / name, name, args.worst)
        summary.append({**timing, "shingle_f1": round(scores["shingle"]["f1"], 4),
                        "metadata": {k: v["correct"] for k, v in scores.get("metadata", {}).items()}})
    for line in summary:
        print(json.dumps(line))
    if LINK_AUDIT["pages"]:
        print(json.dumps({"conflictkg_links": LINK_AUDIT}))
    references = [t for n, t in timings.items() if n != "conflictkg"]
    if "conflictkg" in timings and references:
        ours = timings["conflictkg"]
        print(json.dumps({f"conflictkg_over_fastest_reference_{key}": round(
            ours[key] / min(t[key] for t in references), 3) for key in ("median_ms", "median_cpu_ms")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
