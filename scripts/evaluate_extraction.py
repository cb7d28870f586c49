"""Precision and recall of the extraction against hand-annotated fixtures.

Each fixture in tests/fixtures/loaders (text, Markdown, HTML, PDF) has a gold file
next to it (``<name>.gold.yaml``, written by hand from the guidelines in that folder's
README) listing the entities the body names, the sources it cites and the claims it
hedges. This script extracts every fixture and prints, per fixture and in total,
precision and recall for entities, citations and hedges. A gold file may list
``organisations`` and ``regions`` apart (they are then scored apart too, and
``entities`` is both) and name the ``aspects`` it annotates (others are not scored).
The ``resolved`` column is the share of the organisations found that resolved to a
canonical entity of the gazetteers.

    python scripts/evaluate_extraction.py [--json] [-v] [FOLDER]
    python scripts/evaluate_extraction.py --corpus ../shared/corpus/real-news \
        tests/fixtures/real-news-entities.yaml

With ``--corpus``, the gold file maps each document's path (relative to the corpus
folder) to its gold lists, for annotated corpora kept outside this repository.
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
ASPECTS = ("entities", "organisations", "regions", "citations", "hedges")
TYPED = {"organisations": "organisation", "regions": "region"}


def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophes, no leading "the", single spaces: how
    names are compared ("The Resistance Front" is written with and without its article)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = plain.lower().replace("'", "").replace("’", "").replace("-", " ").split()
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


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


def score_entities(extraction: Extraction, gold: list[str], kind: str | None = None) -> Score:
    """Entities named in claims (of one ``kind`` when given). A gold name matches an
    entity by its canonical name or any of its aliases ("Sagaing Region" is Sagaing)."""
    predicted: dict[str, set[str]] = {}
    for mention in (m for c in extraction.claims for m in c.mentions if kind is None or m.type == kind):
        entity = extraction.entities.get(mention.id)
        names = [mention.name, *(entity.aliases if entity else [])]
        predicted.setdefault(mention.name, set()).update(fold(n) for n in names)
    wanted = {fold(g): g for g in gold}
    hits = {name for name, keys in predicted.items() if keys & wanted.keys()}
    found = {key for key in wanted if any(key in keys for keys in predicted.values())}
    return Score(len(hits), len(predicted), len(found), len(wanted),
                 misses=sorted(wanted[k] for k in wanted.keys() - found),
                 extras=sorted(predicted.keys() - hits))


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


def resolved_share(extraction: Extraction) -> tuple[int, int]:
    """(resolved, all) distinct organisations the claims mention."""
    ids = {m.id for c in extraction.claims for m in c.mentions if m.type == "organisation"}
    return sum(1 for i in ids if extraction.entities[i].resolved), len(ids)


def unresolved_names(extraction: Extraction) -> list[str]:
    """Organisations the claims mention that resolved to no canonical entity: what the
    ``resolved`` column misses, listed so a gap in the actor data can be told from a
    rule's bad name edge."""
    ids = {m.id for c in extraction.claims for m in c.mentions if m.type == "organisation"}
    return sorted(extraction.entities[i].name for i in ids if not extraction.entities[i].resolved)


def score_document(extraction: Extraction, gold: dict[str, Any]) -> dict[str, Score]:
    """Every aspect the gold file annotates."""
    typed = {aspect: list(gold.get(aspect) or []) for aspect in TYPED}
    entities = list(gold.get("entities") or []) + typed["organisations"] + typed["regions"]
    scores = {"entities": score_entities(extraction, entities),
              "citations": score_citations(extraction, gold.get("citations") or []),
              "hedges": score_hedges(extraction, gold.get("hedged") or [])}
    if any(aspect in gold for aspect in TYPED):
        scores |= {aspect: score_entities(extraction, typed[aspect], kind) for aspect, kind in TYPED.items()}
    wanted = set(gold.get("aspects") or ASPECTS) | ({"entities"} if "organisations" in gold else set())
    return {aspect: score for aspect, score in scores.items() if aspect in wanted}


def evaluate(folder: Path) -> dict[str, dict[str, Score]]:
    """Scores per fixture and aspect."""
    results: dict[str, dict[str, Score]] = {}
    for gold_path in sorted(folder.glob("*.gold.yaml")):
        stem = gold_path.name.removesuffix(".gold.yaml")
        document = next((p for p in folder.iterdir() if p.stem == stem and p != gold_path), None)
        if document is None:
            continue
        gold: dict[str, Any] = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
        results[document.name] = _scored(document, gold, document.name)
    return results


def evaluate_corpus(folder: Path, gold_file: Path) -> dict[str, dict[str, Score]]:
    """Scores for documents of a corpus kept elsewhere, gold lists in one file."""
    golds: dict[str, Any] = yaml.safe_load(gold_file.read_text(encoding="utf-8")) or {}
    return {name: _scored(folder / name, gold, name) for name, gold in sorted(golds.items())
            if (folder / name).is_file()}


RESOLVED: dict[str, tuple[int, int]] = {}
UNRESOLVED: dict[str, list[str]] = {}


def _scored(document: Path, gold: dict[str, Any], key: str) -> dict[str, Score]:
    extraction = extract_source(read_source(document))
    RESOLVED[key] = resolved_share(extraction)
    UNRESOLVED[key] = unresolved_names(extraction)
    return score_document(extraction, gold)


def totals(results: dict[str, dict[str, Score]]) -> dict[str, Score]:
    """Micro-averaged scores over all fixtures."""
    summed = {aspect: Score() for aspect in ASPECTS
              if any(aspect in scores for scores in results.values())}
    for scores in results.values():
        for aspect, score in scores.items():
            summed[aspect].add(score)
    return summed


def _resolved_cell(names: list[str]) -> str:
    done = sum(RESOLVED.get(n, (0, 0))[0] for n in names)
    total = sum(RESOLVED.get(n, (0, 0))[1] for n in names)
    return f"{done / total:>9.2f}" if total else f"{'-':>9}"


def print_table(results: dict[str, dict[str, Score]], verbose: bool) -> None:
    """A plain-text table: one row per fixture and a total row ("-": not annotated)."""
    aspects = [a for a in ASPECTS if any(a in scores for scores in results.values())]
    name_width = max(28, *(len(n) + 2 for n in results))
    print(f"{'fixture':{name_width}}" + "".join(f"{a:>16}" for a in aspects) + f"{'resolved':>9}")
    print(f"{'':{name_width}}" + "".join(f"{'P     R':>16}" for _ in aspects))
    rows = [*((n, s, [n]) for n, s in results.items()), ("TOTAL (micro)", totals(results), list(results))]
    for name, scores, names in rows:
        cells = "".join(f"{scores[a].precision:>10.2f} {scores[a].recall:>5.2f}" if a in scores
                        else f"{'-':>16}" for a in aspects)
        print(f"{name:{name_width}}{cells}{_resolved_cell(names)}")
        if verbose and name != "TOTAL (micro)":
            for aspect, score in scores.items():
                if aspect in TYPED:
                    _print_mistyped(aspect, score, scores.get("entities"))
                elif score.misses or score.extras:
                    print(f"    {aspect}: missed {score.misses}; extra {score.extras}")
            if UNRESOLVED.get(name):
                print(f"    unresolved: {UNRESOLVED[name]}")


def _print_mistyped(aspect: str, score: Score, entities: Score | None) -> None:
    """Names found with the wrong type: an extra of one kind that the untyped score does not
    count as extra (the gold lists it as the other kind)."""
    untyped = set(entities.extras) if entities else set()
    mistyped = [name for name in score.extras if name not in untyped]
    if mistyped:
        print(f"    {aspect}: typed {TYPED[aspect]} but annotated as the other kind {mistyped}")


def main(argv: list[str] | None = None) -> int:
    """Evaluate and print; exit 1 when no fixture was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER,
                        help="folder of documents with <name>.gold.yaml beside them, or with "
                             "--corpus the one gold file for that corpus")
    parser.add_argument("--corpus", type=Path,
                        help="score the documents of this folder against FOLDER's one gold file")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    results = evaluate_corpus(args.corpus, args.folder) if args.corpus else evaluate(args.folder)
    if not results:
        print(f"no annotated fixtures in {args.corpus or args.folder}", file=sys.stderr)
        return 1
    if args.json:
        rows = [*results.items(), ("total", totals(results))]
        out = {name: {a: {"precision": round(score.precision, 3), "recall": round(score.recall, 3)}
                      for a, score in s.items()} for name, s in rows}
        print(json.dumps(out, indent=2))
    else:
        print_table(results, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
