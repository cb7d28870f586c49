"""Sourcing on real reporting, per kind of source, and whether one source is one node.

    python benchmarks/sourcing_patterns.py [CORPUS_DIR]   (default ../shared/corpus/real-news)

Reads the corpus's gold (see its README) and extracts every file in this process. For
each gold ``source_kind`` it prints how many statements come out sourced and with the
source named (the same rules as corpus/score_provenance.py), and the stance agreement.
Then source resolution: pairs of statements in one cluster that gold gives the same
``canonical_source`` and whose claims we resolved — the share resolved to the same node.
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from graph.provenance import sha256_hex
from loaders.extract.pipeline import extract
from loaders.extraction import Claim
from loaders.readers import read_document
from loaders.source import RawSource

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real-news"


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def contains(hay: str, needle: str) -> bool:
    n = " ".join(words(needle))
    return bool(n) and n in " ".join(words(hay))


def overlap(a: str, b: str) -> float:
    wa, wb = {w for w in words(a) if len(w) > 2}, {w for w in words(b) if len(w) > 2}
    return len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0


def named(claim: Claim, source_text: str) -> bool:
    texts = [str(a) for a in claim.attributions()] + list(claim.attributed_to)
    return any(overlap(t, source_text) >= 0.5 for t in texts)


def score(corpus: Path) -> dict[str, Any]:
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    same, resolved_same = 0, 0
    for folder in sorted(p for p in corpus.iterdir() if (p / "gold.yaml").exists()):
        gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
        by_source: dict[str, list[set[str]]] = defaultdict(list)
        for name, entry in gold["files"].items():
            data = (folder / name).read_bytes()
            claims = extract(read_document(RawSource(name, data, sha256_hex(data)))).claims
            for statement in entry.get("statements") or []:
                kind = statement["source_kind"] + (" (implicit)" if statement.get("implicit") else "")
                counts = kinds[kind]
                counts["statements"] += 1
                claim = next((c for c in claims if contains(c.text, statement["sentence"])), None)
                if claim is None or not claim.citations:
                    continue
                counts["sourced"] += 1
                if named(claim, statement["source_text"]):
                    counts["named"] += 1
                    if statement.get("stance", "asserts") in {c.stance for c in claim.citations}:
                        counts["stance"] += 1
                by_source[statement["canonical_source"]].append({c.target_id or "" for c in claim.citations})
        for ids in by_source.values():
            for a, b in itertools.combinations(ids, 2):
                same += 1
                resolved_same += bool(a & b)
    return {"kinds": kinds, "same_source_pairs": same, "resolved_to_one_node": resolved_same}


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    result = score(corpus)
    print(f"{'gold source kind':28} {'statements':>10} {'sourced':>8} {'named':>6} {'stance':>7}")
    for kind, c in sorted(result["kinds"].items()):
        print(f"{kind:28} {c['statements']:10} {c['sourced']:8} {c['named']:6} {c['stance']:7}")
    total = sum((c for c in result["kinds"].values()), Counter())
    print(f"{'all':28} {total['statements']:10} {total['sourced']:8} {total['named']:6} {total['stance']:7}")
    pairs, one = result["same_source_pairs"], result["resolved_to_one_node"]
    print(f"same canonical source, one node: {one}/{pairs} pairs ({one / max(1, pairs):.2f})")


if __name__ == "__main__":
    main()
