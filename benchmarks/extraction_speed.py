"""Extraction speed: reports per second through reading and extraction, text and HTML.

Generates synthetic reports of about 1,000 words (half the sentences name
organisations and places with hedges, attributions, links and footnotes; the other
half are plain analytical prose, as most of a report is; the seed op-ed has names in
one sentence in three and no attributions), writes them to a
temporary folder, and times reading each file from disk, parsing its format and
extracting claims, mentions, citations and relations in one process. The gazetteers
are built once before timing (their build time is printed separately).

Each kind is measured twice in the same run: with names found by the gazetteers and
rules alone (``CONFLICTKG_NER=off``) and with the statistical recogniser on the claims
they leave open (the default). Targets: 200 reports/s by rules, 30 with the recogniser.
Wall-clock rates depend on what else the machine runs; the rate per CPU-second of the
measuring process is printed beside them for that reason.

    python benchmarks/extraction_speed.py [--reports 400] [--words 1000] [--workers 2]
    python benchmarks/extraction_speed.py --folder ../shared/corpus/real-news   # real text too

It reports the rate in one process and, with ``--workers`` > 1 (default: one per
core), with that many processes reading and extracting in parallel, as
``conflictkg ingest --workers N`` does, with the rate per CPU-second of all of them
(times N: the rate N idle cores would give).
"""

from __future__ import annotations

import argparse
import html
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from loaders.extract.gazetteer import default_gazetteer
from loaders.ingest import extract_source
from loaders.parallel import extract_paths
from loaders.source import read_source

TARGETS = {"off": 200.0, "on": 30.0}  # CONFLICTKG_NER: names by rules alone, or with the recogniser
PLAIN_SHARE = 0.5
ORGS = ["Al Qaeda", "al-Qaida", "the Taliban", "ISKP", "ISIS-K", "TTP", "Tehrik-i-Taliban Pakistan",
        "the Interim Afghan Government", "Al-Shabaab", "JNIM", "the Houthis", "Hezbollah",
        "the Haqqani Network", "the Example Institute for Security Studies", "the UN Monitoring Team"]
PLACES = ["Afghanistan", "Kunar", "Nangarhar", "Kabul", "Pakistan", "Khyber Pakhtunkhwa", "Syria",
          "Idlib", "Iraq", "Mosul", "Somalia", "Mogadishu", "Mali", "Gao", "Yemen", "Sanaa",
          "South Asia", "the Middle East", "the Sahel", "Peshawar", "Quetta", "Herat"]
# Plain analytical prose with no names, cues or sources, as most of a report is.
PLAIN = [
    "The situation has changed considerably since the last assessment was made.",
    "Supply lines, recruitment and local bargaining all shape how the conflict evolves.",
    "The pattern is familiar to anyone who has followed the war over the past decade.",
    "Much depends on whether the authorities can restore basic services in the districts.",
    "Prices for fuel and flour rose again this month, adding to pressure on households.",
    "The roads between the main towns remain difficult to travel after the spring rains.",
]
TEMPLATES = [
    "{org} has expanded its presence in {place} over the past year, according to local officials.",
    "Fighters linked to {org} reportedly moved from {place} into {place2} during the winter.",
    "{org} shelters {org2} commanders in {place}, two diplomats said.",
    "Analysts said {org} may try to regroup in {place} if pressure on the group eases.",
    "The group appears to fund its operations in {place} through taxation of local traders.",
    "Residents of {place} described frequent checkpoints set up by {org} along the main road.",
    "{org} attacked a convoy near {place} on Tuesday, killing at least six people.",
    "A report by the Example Peace Institute found that {org} trains recruits in {place}.",
    "Officials in {place2} denied that {org} had any presence in the district.",
    "Supply routes between {place} and {place2} remain open, which could benefit {org}.",
]


def sentence(rng: random.Random) -> str:
    """One synthetic report sentence: half of them name groups, places and sources."""
    if rng.random() < PLAIN_SHARE:
        return rng.choice(PLAIN)
    template = rng.choice(TEMPLATES)
    return template.format(org=rng.choice(ORGS), org2=rng.choice(ORGS), place=rng.choice(PLACES),
                           place2=rng.choice(PLACES)).replace("the the", "the")


def paragraphs(rng: random.Random, words: int) -> list[list[str]]:
    """Paragraphs of sentences until about ``words`` words."""
    result: list[list[str]] = []
    count = 0
    while count < words:
        para = [sentence(rng) for _ in range(rng.randint(3, 6))]
        count += sum(len(s.split()) for s in para)
        result.append(para)
    return result


def text_report(rng: random.Random, number: int, words: int) -> str:
    """A plain-text report with front matter, bare URLs and a references section."""
    body = "\n\n".join(" ".join(p) for p in paragraphs(rng, words))
    return (f"---\ntitle: Synthetic report {number}\npublisher: Example Monitor\n"
            f"published: 2025-01-{number % 28 + 1:02d}\nurl: https://example.org/reports/{number}\n---\n"
            f"Synthetic report {number}\n\n{body} See https://example.org/source/{number} for details.[1]\n\n"
            f"References\n\n[1] Example Institute, Source {number}, https://example.org/source/{number}\n")


def html_report(rng: random.Random, number: int, words: int) -> str:
    """A news page: navigation, share bar, article with links and footnotes, related box, footer."""
    paras = []
    for index, para in enumerate(paragraphs(rng, words)):
        text = html.escape(" ".join(para))
        if index % 3 == 0:
            text += (f' <a href="https://example.net/cited/{number}/{index}">an earlier study</a>'
                     f' documented this.<sup><a href="#fn{index}">{index + 1}</a></sup>')
        paras.append(f"<p>{text}</p>")
    notes = "".join(f'<li id="fn{i}">Example source {i}, https://example.org/notes/{number}/{i} '
                    f'<a href="#r{i}">↩</a></li>' for i in range(0, len(paras), 3))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Synthetic report {number} | Example News</title>
<meta property="og:title" content="Synthetic report {number}">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-02-03T10:00:00Z">
<link rel="canonical" href="https://example.com/news/{number}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Synthetic report {number}",
"author": {{"name": "A. Writer"}}}}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav></header>
<div class="share"><a href="https://twitter.com/intent/tweet">Share</a></div>
<main><article><h1>Synthetic report {number}</h1>{"".join(paras)}
<div class="related"><h3>Related</h3>
<ul><li><a href="/a">Other story</a></li><li><a href="/b">More</a></li></ul></div>
<section class="footnotes"><ol>{notes}</ol></section></article></main>
<footer><p>Example News. <a href="/about">About</a></p></footer></body></html>"""


def write_corpus(folder: Path, kind: str, count: int, words: int, seed: int) -> list[Path]:
    """Write ``count`` synthetic reports of ``kind`` and return their paths."""
    rng = random.Random(seed)
    maker, suffix = (text_report, "txt") if kind == "text" else (html_report, "html")
    paths = []
    for number in range(count):
        path = folder / f"report-{number:04d}.{suffix}"
        path.write_text(maker(rng, number, words), encoding="utf-8")
        paths.append(path)
    return paths


def measure_parallel(paths: list[Path], workers: int) -> tuple[float, float]:
    """(reports per wall-clock second, reports per CPU second of the workers and this
    process together) with ``workers`` processes reading, extracting and building. The
    workers' CPU is counted once they are joined (``RUSAGE_CHILDREN``), so the second
    figure is what the batch costs however busy the machine is."""
    children, cpu = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time()
    start = time.perf_counter()
    results = list(extract_paths(paths, workers))
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_used = (time.process_time() - cpu + after.ru_utime + after.ru_stime
                - children.ru_utime - children.ru_stime)
    assert all(r.extraction is not None for r in results)
    return len(paths) / elapsed, len(paths) / cpu_used


def measure(paths: list[Path]) -> tuple[float, float, float, int]:
    """(reports per wall-clock second, reports per CPU second of this process, median ms
    per report, mean words) over ``paths``. The CPU figure is what the code costs when
    other processes share the cores."""
    timings = []
    texts = []
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        began = time.perf_counter()
        extraction = extract_source(read_source(path))
        timings.append(time.perf_counter() - began)
        texts.append(extraction.report.text)
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    words = sum(len(text.split()) for text in texts) // len(paths)
    return len(paths) / elapsed, len(paths) / cpu_used, statistics.median(timings) * 1000, words


def report_rate(kind: str, ner: str, paths: list[Path], workers: int) -> bool:
    """Measure one kind in one mode, print the figures, say whether the target is met."""
    label = f"{kind[:12]:5} NER {ner:3}"
    measure(paths[:10])  # warm caches (and load the model, when it is used)
    rate, cpu_rate, median_ms, words = measure(paths)
    print(f"{label}: {rate:7.1f} reports/s in one process ({cpu_rate:.1f} per CPU-second; "
          f"median {median_ms:.2f} ms, {words} words of stored text per report, "
          f"{len(paths)} reports, load average {os.getloadavg()[0]:.1f})")
    if workers > 1:
        parallel, parallel_cpu = measure_parallel(paths, workers)
        print(f"{label}: {parallel:7.1f} reports/s with {workers} worker processes "
              f"(conflictkg ingest --workers {workers}; {parallel_cpu:.1f} per CPU-second of them all, "
              f"so {parallel_cpu * workers:.1f}/s on {workers} idle cores; load average "
              f"{os.getloadavg()[0]:.1f})")
        rate = max(rate, parallel)
    target = TARGETS[ner]
    print(f"{label}: " + ("ok" if rate >= target else f"BELOW the {target:.0f}/s target"))
    return rate >= target


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a kind misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, action="append", default=[],
                        help="also time the report files of this folder (real text)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="also measure this many worker processes (default: one per core)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    default_gazetteer().settle()  # unpacked whole now, so no report pays for it in the timing
    print(f"gazetteer built and unpacked in {time.perf_counter() - began:.2f} s (once per process)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("text", "html"):
            folder = Path(tmp) / kind
            folder.mkdir()
            paths = write_corpus(folder, kind, args.reports, args.words, args.seed)
            for ner in ("off", "on"):
                os.environ["CONFLICTKG_NER"] = ner
                ok = report_rate(kind, ner, paths, args.workers) and ok
        for folder in args.folder:
            real = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html")
                          and p.name != "README.md")
            for ner in ("off", "on"):
                os.environ["CONFLICTKG_NER"] = ner
                ok = report_rate(folder.name, ner, real, args.workers) and ok
    os.environ.pop("CONFLICTKG_NER", None)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
