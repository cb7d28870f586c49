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

Besides the scorer's tables it prints our lowest-F1 pages, our metadata beside
trafilatura's (right by the scorer's rules, and given at all), every recorded link whose
words are not in the gold text, and our median time over trafilatura's.

Our prediction is the stored text as the store keeps it, less the title line the
reader puts above a body that has no headline of its own (the gold keeps the headline
as metadata); the notes gathered at the end stay (the gold has them in place).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.document import Document
from loaders.errors import LoadError
from loaders.readers.html import read_html
from loaders.source import source_from_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "benchmarks" / "html"
META_FIELDS = ("title", "byline", "published", "publisher")


@dataclass
class Extractor:
    """An extractor's text call (the one timed), its metadata call, and what to check on
    the page just read once its gold text is known (our link audit)."""

    text: Callable[[bytes], str]
    meta: Callable[[bytes], dict[str, Any]]
    audit: Callable[[str, str], None] | None = None


def conflictkg_prediction(doc: Document) -> str:
    """The stored text less the title line the reader adds above the body."""
    text = doc.text
    start = 0
    if doc.headings and doc.headings[0][0] == 0 and text[:doc.headings[0][1]] == doc.title:
        start = doc.headings[0][1]
    return text[start:].strip() + "\n"


LINK_AUDIT: dict[str, int] = {"pages": 0, "refused": 0, "links": 0, "outside_gold": 0, "offset_mismatches": 0}
OUTSIDE: list[tuple[str, str, str]] = []  # (case, anchor, url) of each link not found in the gold
_TOKENS = re.compile(r"\w+")


def anchor_words(text: str, start: int, end: int) -> str:
    """The anchor widened to the whole words it touches, as tokens joined by spaces.

    A link can be part of a word ("<a>D</a><a>ata</a>", "<a>Alexis Madrigal</a>reports"
    as the page writes it) and a CJK clause is one ``\\w+`` token however many links it
    holds, so the anchor's own tokens need not be tokens of the gold; the words it
    touches are."""
    if start < end and _TOKENS.match(text, start):
        while start > 0 and _TOKENS.match(text, start - 1):
            start -= 1
    if start < end and _TOKENS.match(text, end - 1):
        while end < len(text) and _TOKENS.match(text, end):
            end += 1
    return " ".join(_TOKENS.findall(text[start:end]))


def audit_links(case: str, doc: Document | None, gold: str) -> None:
    """Count the links we record whose words are not in the gold main text (so not in the
    article: author, share, tag, navigation links) and any whose offsets miss the anchor."""
    LINK_AUDIT["pages"] += 1
    if doc is None:
        LINK_AUDIT["refused"] += 1
        return
    article = f" {' '.join(_TOKENS.findall(gold))} "
    for link in doc.links:
        LINK_AUDIT["links"] += 1
        LINK_AUDIT["offset_mismatches"] += doc.text[link.start:link.end] != link.anchor
        words = anchor_words(doc.text, link.start, link.end)
        if words and f" {words} " not in article:
            LINK_AUDIT["outside_gold"] += 1
            OUTSIDE.append((case, link.anchor, link.url))


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
        if doc is None:
            return {}
        return {"title": doc.title, "byline": ", ".join(doc.authors) or None,
                "published": doc.published, "publisher": doc.publisher}

    def audit(case: str, gold: str) -> None:
        audit_links(case, last["doc"], gold)
    return Extractor(text, meta, audit)


def make_trafilatura() -> Extractor:
    """trafilatura as the benchmark's reference run calls it."""
    import trafilatura  # type: ignore[import-not-found,unused-ignore]

    def text(html: bytes) -> str:
        return trafilatura.extract(html, favor_precision=False) or ""

    def meta(html: bytes) -> dict[str, Any]:
        found = trafilatura.extract_metadata(html)
        if found is None:
            return {}
        return {"title": found.title, "byline": found.author, "published": found.date,
                "publisher": found.sitename}
    return Extractor(text, meta)


def make_readability(bench: Path) -> Extractor:
    """readability-lxml, its HTML turned into text by the benchmark's own converter."""
    sys.path.insert(0, str(bench / "tools"))
    from html_to_text import html_to_text  # type: ignore[import-not-found]
    from readability import Document as ReadabilityDocument  # type: ignore[import-untyped,import-not-found,unused-ignore]

    def text(html: bytes) -> str:
        return str(html_to_text(ReadabilityDocument(html).summary(html_partial=True)))

    def meta(html: bytes) -> dict[str, Any]:
        return {"title": ReadabilityDocument(html).short_title()}
    return Extractor(text, meta)


def run(chosen: dict[str, Extractor], sources: list[Path], out: Path,
        repeat: int) -> dict[str, dict[str, Any]]:
    """Write every extractor's predictions; each page is timed for all extractors in turn
    (the median of ``repeat`` text calls), so a busy machine slows them all alike."""
    times: dict[str, list[float]] = {name: [] for name in chosen}
    cpu: dict[str, list[float]] = {name: [] for name in chosen}
    for name, extractor in chosen.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        extractor.text(sources[0].read_bytes())
    for source in sources:
        case, html = source.parent.name, source.read_bytes()
        gold = (source.parent / "expected.txt").read_text(encoding="utf-8")
        for name, extractor in chosen.items():
            runs, cpu_runs = [], []
            for _ in range(max(1, repeat)):
                started, cpu_started = time.perf_counter(), time.process_time()
                result = extractor.text(html)
                runs.append((time.perf_counter() - started) * 1000)
                cpu_runs.append((time.process_time() - cpu_started) * 1000)
            times[name].append(statistics.median(runs))
            cpu[name].append(statistics.median(cpu_runs))
            (out / name / f"{case}.txt").write_text(result, encoding="utf-8")
            found = json.dumps(extractor.meta(html), ensure_ascii=False)
            (out / name / f"{case}.meta.json").write_text(found, encoding="utf-8")
            if extractor.audit is not None:
                extractor.audit(case, gold)
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


def load_scorer(bench: Path) -> Any:
    """The benchmark's scorer as a module, for its own metadata matching rules."""
    spec = importlib.util.spec_from_file_location("html_bench_score", bench / "score.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {bench / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def metadata_counts(bench: Path, preds: Path) -> dict[str, dict[str, int]]:
    """Per field: pages with a gold value (``n``), values right by the scorer's rules
    (the publisher against the gold ``siteName``, matched as the scorer matches titles),
    and pages where the extractor gave any value at all (``found``, right or not)."""
    scorer = load_scorer(bench)
    gold_keys = {"title": "title", "byline": "byline", "published": "publishedTime",
                 "publisher": "siteName"}
    counts = {f: {"n": 0, "right": 0, "found": 0} for f in META_FIELDS}
    for gold_file in sorted((bench / "readability").glob("*/expected-metadata.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred_file = preds / f"{gold_file.parent.name}.meta.json"
        pred = json.loads(pred_file.read_text(encoding="utf-8")) if pred_file.exists() else {}
        for field in META_FIELDS:
            value = pred.get(field)
            counts[field]["found"] += value not in (None, "", [])
            expected = gold.get(gold_keys[field])
            if expected in (None, "", []):
                continue
            counts[field]["n"] += 1
            rule = "title" if field == "publisher" else field
            counts[field]["right"] += bool(scorer.meta_match(rule, expected, value))
    return counts


def compare_metadata(bench: Path, out: Path, names: list[str]) -> dict[str, Any] | None:
    """Our metadata beside trafilatura's on the same pages: a table and one JSON object,
    with whether ours is right at least as often on every field."""
    if "conflictkg" not in names or "trafilatura" not in names:
        return None
    ours, theirs = metadata_counts(bench, out / "conflictkg"), metadata_counts(bench, out / "trafilatura")
    print("metadata, conflictkg vs trafilatura (right = as the benchmark scores it; "
          "found = any value given, on all pages)")
    print(f"{'field':<12}{'n':>5}{'ours right':>12}{'theirs right':>14}"
          f"{'ours found':>12}{'theirs found':>14}")
    for field in META_FIELDS:
        print(f"{field:<12}{ours[field]['n']:>5}{ours[field]['right']:>12}{theirs[field]['right']:>14}"
              f"{ours[field]['found']:>12}{theirs[field]['found']:>14}")
    print()
    return {"conflictkg": ours, "trafilatura": theirs,
            "at_least_as_good": all(ours[f]["right"] >= theirs[f]["right"] for f in META_FIELDS)}


def worst_pages(preds: Path, count: int) -> list[tuple[str, float, float, float]]:
    """The pages with the lowest shingle F1 (the headline metric) from the scorer's TSV."""
    rows = preds.with_suffix(".per-doc.tsv").read_text(encoding="utf-8").splitlines()[1:]
    parsed = [(cells[0], float(cells[1]), float(cells[2]), float(cells[3]))
              for cells in (row.split("\t") for row in rows)]
    return sorted(parsed, key=lambda row: row[3])[:count]


def report_links() -> None:
    """The link audit's totals and every link whose words the gold article lacks."""
    print(json.dumps({"conflictkg_links": LINK_AUDIT}))
    for case, anchor, url in OUTSIDE:
        print(f"  link not in the gold: {case}: {anchor!r} -> {url}")


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
    if "conflictkg" in timings and args.worst:
        print("conflictkg's lowest shingle-F1 pages (case, P, R, F1):")
        for case, precision, recall, f1 in worst_pages(args.out / "conflictkg", args.worst):
            print(f"  {case:<32}{precision:.3f} {recall:.3f} {f1:.3f}")
        print()
    metadata = compare_metadata(args.bench, args.out, list(timings))
    for line in summary:
        print(json.dumps(line))
    if metadata is not None:
        print(json.dumps({"metadata_vs_trafilatura": metadata}))
    if LINK_AUDIT["pages"]:
        report_links()
    if "conflictkg" in timings and "trafilatura" in timings:
        ours, theirs = timings["conflictkg"], timings["trafilatura"]
        print(json.dumps({f"conflictkg_over_trafilatura_{key}": round(ours[key] / theirs[key], 3)
                          for key in ("median_ms", "median_cpu_ms")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
