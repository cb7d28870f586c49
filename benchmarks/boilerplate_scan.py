"""What the boilerplate patterns (loaders/extract/data/boilerplate.yaml) take out of a corpus.

Reads every report file under the folders given, splits it into sentences as extraction
does, and counts the sentences the patterns drop and the titles they set aside, with the
CPU time the patterns took. On corpora with no official letters in them, every dropped
sentence is a false positive to look at; ``-v`` lists them.

    python benchmarks/boilerplate_scan.py ../shared/corpus/real-news ../shared/benchmarks/html -v
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from loaders.errors import LoadError
from loaders.extract.boilerplate import is_boilerplate
from loaders.extract.sentences import sentence_spans
from loaders.ingest import iter_input_files
from loaders.readers import read_document
from loaders.source import read_source


def scan(folders: list[Path], verbose: bool) -> dict[str, float]:
    """Sentences seen and dropped, titles set aside, files unread, and the patterns' CPU time."""
    counts = {"files": 0.0, "unread": 0.0, "sentences": 0.0, "dropped": 0.0, "titles_set_aside": 0.0,
              "cpu_ms": 0.0}
    for path in iter_input_files(folders):
        try:
            document = read_document(read_source(path))
        except (LoadError, ValueError):
            counts["unread"] += 1
            continue
        counts["files"] += 1
        for warning in document.warnings:
            if "masthead or a placeholder" in warning:
                counts["titles_set_aside"] += 1
                if verbose:
                    print(f"title  {path.name}: {warning}")
        spans = sentence_spans(document.text)
        began = time.process_time()
        dropped = [document.text[s:e] for s, e in spans if is_boilerplate(document.text[s:e])]
        counts["cpu_ms"] += (time.process_time() - began) * 1000
        counts["sentences"] += len(spans)
        counts["dropped"] += len(dropped)
        if verbose:
            for sentence in dropped:
                print(f"drop   {path.name}: {' '.join(sentence.split())[:160]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every sentence dropped")
    args = parser.parse_args()
    counts = scan(args.folders, args.verbose)
    per = counts["cpu_ms"] * 1000 / counts["sentences"] if counts["sentences"] else 0.0
    print(f"{counts['files']:.0f} files ({counts['unread']:.0f} unread), "
          f"{counts['sentences']:.0f} sentences, {counts['dropped']:.0f} dropped, "
          f"{counts['titles_set_aside']:.0f} titles set aside; "
          f"patterns {counts['cpu_ms']:.1f} ms CPU ({per:.1f} µs a sentence)")


if __name__ == "__main__":
    main()
