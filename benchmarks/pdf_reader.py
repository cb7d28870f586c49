"""The PDF reader on real PDFs: text kept, footnotes joined, nothing inserted, speed.

Reads every PDF of a folder with the project's reader (in process, no extraction) and
scores the stored text against poppler's ``pdftotext`` output for the same file:

- word recall (lower-cased words of 3+ letters, NFKC), and files below 0.9;
- glued words (a word pdftotext never prints that splits into two words it prints), and
  those of them that are no recorded normalisation (``glued_unrecorded``: a word rejoined
  at a line-end hyphen is listed in ``Document.printed`` with the printed halves, and
  pdftotext leaves such a word split, so the first measure counts it);
- inserted markers ("[3]" in the stored text that neither pdftotext nor the PDF's own
  characters, as PDFium's text page lists them, hold: a fuzzed file's reference list in
  one-point type that pdftotext stops before is the file's text, not an insertion);
- footnotes cut from page feet, kept in the stored text, and joined to a marker;
- beside the raw recall and glued words, the adjudicated ones (``benchmarks/pdf_adjudicate.py``):
  reference-side artefacts taken out by named rules (``reversed``, ``unmapped``,
  ``printed``, ``no_gap``), each rule's words counted and listed per file;
- number-only lines, ligature characters and words split at a line-end hyphen left in
  the body; errors (one line per refused file) and seconds per file.

    pdftotext -enc UTF-8 FILE.pdf REF/FILE.txt          # for each file, once
    python -m benchmarks.pdf_reader PDF_DIR REF_DIR [--out per_file.csv] [--timeout 60]
"""

from __future__ import annotations

import argparse
import csv
import re
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from types import FrameType

from benchmarks.pdf_adjudicate import RULES, adjudicate, glued_words, own_layer
from benchmarks.pdf_backends import MIN_REFERENCE_WORDS, glued, recall, words
from loaders.errors import LoadError
from loaders.readers.pdf import read_pdf_with_footnotes
from loaders.source import read_source

BRACKET_MARKER = re.compile(r"\[\d{1,3}\]")
LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"


class _TimeoutError(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TimeoutError


def body_end(text: str, apparatus: list[tuple[int, int]]) -> int:
    """Where the body ends: the first appended section (notes, furniture)."""
    return min((s for s, _ in apparatus), default=len(text))


def score_file(pdf: Path, ref_dir: Path, timeout: int) -> dict[str, object]:
    """One file's row: error, or recall, glue, markers, footnotes and seconds."""
    row: dict[str, object] = {"file": pdf.stem}
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        doc, footnotes = read_pdf_with_footnotes(read_source(pdf))
    except LoadError as exc:
        row["error"] = exc.problem
        return row
    except _TimeoutError:
        row["error"] = "timeout"
        return row
    finally:
        signal.alarm(0)
        row["secs"] = round(time.perf_counter() - start, 3)
    ref_path = ref_dir / f"{pdf.stem}.txt"
    reference_text = ref_path.read_text(errors="replace") if ref_path.exists() else ""
    reference, got = Counter(words(reference_text)), Counter(words(doc.text))
    body = doc.text[:body_end(doc.text, doc.apparatus)]
    joined = {n.note_start for n in doc.notes}
    rejoined = {w for start, end, _ in doc.printed for w in words(doc.text[start:end])}
    layer = own_layer(pdf)
    printed_markers = max(len(BRACKET_MARKER.findall(reference_text)),
                          len(BRACKET_MARKER.findall(layer.text)))
    judged = adjudicate(pdf, layer, reference, got, doc.text, rejoined, glued_words(reference, got))
    row.update(
        ref_words=sum(reference.values()), recall=round(recall(reference, got), 4),
        glued=glued(reference, got),
        glued_unrecorded=glued(reference, Counter({w: n for w, n in got.items() if w not in rejoined})),
        inserted_markers=max(0, len(BRACKET_MARKER.findall(doc.text)) - printed_markers),
        footnotes_cut=len(footnotes),
        footnotes_kept=sum(1 for f in footnotes if f.end >= f.start and doc.text[f.start:f.end].strip()),
        footnotes_joined=sum(1 for f in footnotes if f.start in joined),
        markers=len(doc.notes),
        number_lines=len(re.findall(r"(?m)^\s*\d{1,4}\s*$", body)),
        ligatures=sum(doc.text.count(c) for c in LIGATURES),
        hyphen_breaks=len(re.findall(r"[^\W\d_]-\n[^\W\d_]", body)),
        printed_records=len(doc.printed), recall_adjudicated=judged.recall, glued_adjudicated=judged.glued)
    for rule in RULES:
        excluded = judged.excluded[rule]
        row[f"excluded_{rule}"] = sum(excluded.values())
        row[f"excluded_{rule}_words"] = " ".join(f"{w}:{n}" for w, n in excluded.most_common())
    return row


def summarise(rows: list[dict[str, object]]) -> None:
    """Print the corpus figures the issue's goals are stated in."""
    scored = [r for r in rows if "recall" in r and int(r["ref_words"]) >= MIN_REFERENCE_WORDS]  # type: ignore[call-overload]
    recalls = [float(r["recall"]) for r in scored]  # type: ignore[arg-type]

    def total(key: str) -> int:
        return sum(int(r.get(key, 0)) for r in rows)  # type: ignore[call-overload]

    cut, kept, joined = total("footnotes_cut"), total("footnotes_kept"), total("footnotes_joined")
    print(f"files {len(rows)}, read {sum('recall' in r for r in rows)}, refused "
          f"{sum('error' in r for r in rows)}, scored {len(scored)}")
    if recalls:
        print(f"word recall vs pdftotext: mean {statistics.mean(recalls):.3f}, "
              f"median {statistics.median(recalls):.3f}, files < 0.9: {sum(v < 0.9 for v in recalls)}")
    print(f"footnotes: cut {cut}, kept {kept}, lost {cut - kept}, joined {joined} "
          f"({joined / cut:.0%} of cut)" if cut else "footnotes: none cut")
    print(f"inserted markers {total('inserted_markers')}, glued words {total('glued')} "
          f"({total('glued_unrecorded')} not a recorded normalisation), number-only "
          f"body lines {total('number_lines')}, ligatures {total('ligatures')}, body hyphen breaks "
          f"{total('hyphen_breaks')}, normalisations recorded {total('printed_records')}")
    seconds = [float(r["secs"]) for r in rows if "secs" in r]  # type: ignore[arg-type]
    print(f"seconds: total {sum(seconds):.1f}, median {statistics.median(seconds):.3f}, "
          f"max {max(seconds):.1f}")
    for row in sorted(scored, key=lambda r: float(r["recall"]))[:12]:  # type: ignore[arg-type]
        if float(row["recall"]) < 0.97:  # type: ignore[arg-type]
            print(f"  low: {row['file']} {row['recall']} (adjudicated {row['recall_adjudicated']})")
    summarise_adjudicated(rows, scored)


def summarise_adjudicated(rows: list[dict[str, object]], scored: list[dict[str, object]]) -> None:
    """The adjudicated figures beside the raw ones, and what each rule took out, file by file."""
    recalls = [float(r["recall_adjudicated"]) for r in scored]  # type: ignore[arg-type]
    if recalls:
        print(f"adjudicated word recall: mean {statistics.mean(recalls):.3f}, median "
              f"{statistics.median(recalls):.3f}, files < 0.9: {sum(v < 0.9 for v in recalls)}")
    print(f"adjudicated glued words {sum(int(r.get('glued_adjudicated', 0)) for r in rows)}")  # type: ignore[call-overload]
    for rule in RULES:
        hits = [r for r in rows if r.get(f"excluded_{rule}")]
        print(f"  rule {rule}: {sum(int(r[f'excluded_{rule}']) for r in hits)} words in {len(hits)} files")  # type: ignore[call-overload]
        for row in hits:
            listed = str(row[f"excluded_{rule}_words"]).split()
            more = f" ... ({len(listed) - 8} more)" if len(listed) > 8 else ""
            print(f"    {row['file']}: {' '.join(listed[:8])}{more}")


def main(argv: list[str] | None = None) -> int:
    """Score the reader on a folder of PDFs; optionally write the per-file rows."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf_dir", type=Path)
    parser.add_argument("ref_dir", type=Path, help="pdftotext output, one NAME.txt per NAME.pdf")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--timeout", type=int, default=60)
    args = parser.parse_args(argv)
    rows = [score_file(pdf, args.ref_dir, args.timeout) for pdf in sorted(args.pdf_dir.glob("*.pdf"))]
    if args.out and rows:
        fields = list(dict.fromkeys(k for r in rows for k in r))
        with args.out.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    summarise(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
