"""Precision and recall of the extraction against hand-annotated fixtures.

Each fixture in tests/fixtures/loaders (text, Markdown, HTML, PDF) has a gold file
next to it (``<name>.gold.yaml``, written by hand from the guidelines in that folder's
README) listing the entities the body names, the sources it cites and the claims it
hedges. This script extracts every fixture and prints, per fixture and in total,
precision and recall for entities, citations and hedges.

    python scripts/evaluate_extraction.py [--json] [FOLDER]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loaders.extraction import Citation, Extraction
from loaders.ingest import extract_source
from loaders.source import read_source

DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "loaders"
ASPECTS = ("entities", "citations", "hedges")


def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophes, single spaces: how names are compared."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("'", "").replace("’", "").replace("-", " ").split())


@dataclass
class Score:
    """Counts for one aspect: predictions that are right, predictions, gold items found, gold items."""

    correct: int = 0
    predicted: int = 0
    found: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Accumulate another score (micro-averaging)."""
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold

    @property
    def precision(self) -> float:
        """Share of predictions that are in the gold annotations."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold annotations that were predicted."""
        return self.found / self.gold if self.gold else 1.0


def score_entities(extraction: Extraction, gold: list[str]) -> Score:
    """Entities named in claims, by canonical name."""
    predicted = {fold(m.name): m.name for c in extraction.claims for m in c.mentions}
    wanted = {fold(g): g for g in gold}
    hits = predicted.keys() & wanted.keys()
    return Score(len(hits), len(predicted), len(hits), len(wanted),
                 misses=sorted(wanted[k] for k in wanted.keys() - hits),
                 extras=sorted(predicted[k] for k in predicted.keys() - hits))


def _citation_texts(citation: Citation) -> list[str]:
    return [fold(t) for t in (citation.target_url, citation.target, citation.attribution) if t]


def _matches(gold: str, citation: Citation) -> bool:
    if gold.startswith("http"):
        return citation.target_url == gold
    return any(fold(gold) in text for text in _citation_texts(citation))


def score_citations(extraction: Extraction, gold: list[str]) -> Score:
    """Cited sources (claim and report level), one per distinct target."""
    unique: dict[str | None, Citation] = {}
    for citation in [c for claim in extraction.claims for c in claim.citations] + extraction.references:
        unique.setdefault(citation.target_id, citation)
    predicted = list(unique.values())
    correct = [c for c in predicted if any(_matches(g, c) for g in gold)]
    found = [g for g in gold if any(_matches(g, c) for c in predicted)]
    return Score(len(correct), len(predicted), len(found), len(gold),
                 misses=[g for g in gold if g not in found],
                 extras=[c.target_url or c.target or "" for c in predicted if c not in correct])


def score_hedges(extraction: Extraction, gold: list[str]) -> Score:
    """Hedged claims: a predicted hedged claim is right when it holds a gold snippet."""
    hedged = [c.text for c in extraction.claims if c.hedged]
    flat = [" ".join(t.split()) for t in hedged]
    correct = [t for t in flat if any(g in t for g in gold)]
    found = [g for g in gold if any(g in t for t in flat)]
    return Score(len(correct), len(flat), len(found), len(gold),
                 misses=[g for g in gold if g not in found],
                 extras=[t[:70] for t in flat if t not in correct])


def evaluate(folder: Path) -> dict[str, dict[str, Score]]:
    """Scores per fixture and aspect."""
    results: dict[str, dict[str, Score]] = {}
    for gold_path in sorted(folder.glob("*.gold.yaml")):
        stem = gold_path.name.removesuffix(".gold.yaml")
        document = next((p for p in folder.iterdir() if p.stem == stem and p != gold_path), None)
        if document is None:
            continue
        gold: dict[str, Any] = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
        extraction = extract_source(read_source(document))
        results[document.name] = {
            "entities": score_entities(extraction, gold.get("entities") or []),
            "citations": score_citations(extraction, gold.get("citations") or []),
            "hedges": score_hedges(extraction, gold.get("hedged") or []),
        }
    return results


def totals(results: dict[str, dict[str, Score]]) -> dict[str, Score]:
    """Micro-averaged scores over all fixtures."""
    summed = {aspect: Score() for aspect in ASPECTS}
    for scores in results.values():
        for aspect in ASPECTS:
            summed[aspect].add(scores[aspect])
    return summed


def print_table(results: dict[str, dict[str, Score]], verbose: bool) -> None:
    """A plain-text table: one row per fixture and a total row."""
    header = f"{'fixture':28}" + "".join(f"{a:>22}" for a in ASPECTS)
    print(header)
    print(f"{'':28}" + "".join(f"{'P      R':>22}" for _ in ASPECTS))
    rows = [*results.items(), ("TOTAL (micro)", totals(results))]
    for name, scores in rows:
        cells = "".join(f"{scores[a].precision:>15.2f} {scores[a].recall:>6.2f}" for a in ASPECTS)
        print(f"{name:28}{cells}")
        if verbose and name != "TOTAL (micro)":
            for aspect in ASPECTS:
                if scores[aspect].misses or scores[aspect].extras:
                    print(f"    {aspect}: missed {scores[aspect].misses}; extra {scores[aspect].extras}")


def main(argv: list[str] | None = None) -> int:
    """Evaluate and print; exit 1 when no fixture was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    results = evaluate(args.folder)
    if not results:
        print(f"no annotated fixtures in {args.folder}", file=sys.stderr)
        return 1
    if args.json:
        out = {name: {a: {"precision": round(s[a].precision, 3), "recall": round(s[a].recall, 3)}
                      for a in ASPECTS} for name, s in [*results.items(), ("total", totals(results))]}
        print(json.dumps(out, indent=2))
    else:
        print_table(results, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
