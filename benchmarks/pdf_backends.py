"""PDF text backends compared: pypdf, pypdfium2 and pdfminer.six against poppler's pdftotext.

Before choosing what the PDF reader is built on, this measures each candidate's plain
text on a folder of real PDFs: bag-of-words recall against ``pdftotext`` (lower-cased
words of 3+ letters, NFKC-normalised), glued words (a word pdftotext never prints that
splits into two words it does print) and seconds per file. PyMuPDF is left out: AGPL.

    pdftotext -enc UTF-8 FILE.pdf REF/FILE.txt          # for each file, once
    python benchmarks/pdf_backends.py PDF_DIR REF_DIR [--out results.csv] [--timeout 60]

Files whose reference text has fewer than 30 words (scans, broken files) are skipped.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import re
import signal
import statistics
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType

WORD = re.compile(r"[^\W\d_]{3,}")
MIN_REFERENCE_WORDS = 30


def words(text: str) -> list[str]:
    """The words the scores count: NFKC, lower case, letters only, three or more."""
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def recall(reference: Counter[str], got: Counter[str]) -> float:
    """Share of the reference's word occurrences that the candidate also has."""
    total = sum(reference.values())
    return sum(min(count, got[w]) for w, count in reference.items()) / total if total else 0.0


def glued(reference: Counter[str], got: Counter[str]) -> int:
    """Occurrences of words the reference never has that split into two words it has."""
    vocab = set(reference)
    return sum(count for w, count in got.items()
               if w not in vocab and len(w) >= 7
               and any(w[:i] in vocab and w[i:] in vocab for i in range(3, len(w) - 2)))


def pypdf_text(data: bytes) -> str:
    """Plain pypdf ``extract_text`` per page."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdfium_text(data: bytes) -> str:
    """pypdfium2's text page, all characters of each page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def pdfminer_text(data: bytes) -> str:
    """pdfminer.six's layout analysis with its default parameters."""
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(data)))


BACKENDS: dict[str, Callable[[bytes], str]] = {
    "pypdf": pypdf_text, "pypdfium2": pdfium_text, "pdfminer.six": pdfminer_text}


class _TimeoutError(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TimeoutError


def run_one(name: str, data: bytes, timeout: int) -> tuple[str | None, float]:
    """(text or None on failure, seconds) for one backend on one file."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        text: str | None = BACKENDS[name](data)
    except Exception:  # a backend failing on a hostile file is a result
        text = None
    finally:
        signal.alarm(0)
    return text, time.perf_counter() - start


def score(pdf_dir: Path, ref_dir: Path, timeout: int) -> list[dict[str, object]]:
    """One row per scored file: each backend's recall, glued words and seconds."""
    rows: list[dict[str, object]] = []
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        ref_path = ref_dir / f"{pdf.stem}.txt"
        reference = Counter(words(ref_path.read_text(errors="replace"))) if ref_path.exists() else Counter()
        if sum(reference.values()) < MIN_REFERENCE_WORDS:
            continue
        row: dict[str, object] = {"file": pdf.stem, "ref_words": sum(reference.values())}
        data = pdf.read_bytes()
        for name in BACKENDS:
            text, seconds = run_one(name, data, timeout)
            got = Counter(words(text or ""))
            row[f"{name}_recall"] = round(recall(reference, got), 4) if text is not None else None
            row[f"{name}_glued"] = glued(reference, got)
            row[f"{name}_s"] = round(seconds, 3)
        rows.append(row)
        print(pdf.stem[:60], *(row[f"{n}_recall"] for n in BACKENDS), file=sys.stderr)
    return rows


def _score(row: dict[str, object], name: str) -> float:
    """A backend's recall on a row (0 when it failed on the file)."""
    value = row[f"{name}_recall"]
    return float(value) if isinstance(value, (int, float, str)) and value != "" else 0.0


def summarise(rows: list[dict[str, object]]) -> None:
    """Print mean and median recall, files under 0.9, glued words, time and wins per backend."""
    print(f"{len(rows)} files scored")
    print("backend | mean recall | median recall | files < 0.9 | glued words | total s | best or tied")
    for name in BACKENDS:
        values = [_score(r, name) for r in rows]
        best = sum(1 for r in rows if _score(r, name) >= max(_score(r, n) for n in BACKENDS) - 0.002)
        glue = sum(int(r[f"{name}_glued"]) for r in rows)  # type: ignore[call-overload]
        seconds = sum(float(str(r[f"{name}_s"])) for r in rows)
        print(f"{name} | {statistics.mean(values):.3f} | {statistics.median(values):.3f} | "
              f"{sum(v < 0.9 for v in values)} | {glue} | {seconds:.1f} | {best}")


def main(argv: list[str] | None = None) -> int:
    """Score every backend on a folder of PDFs; optionally write the per-file rows."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf_dir", type=Path)
    parser.add_argument("ref_dir", type=Path, help="pdftotext output, one NAME.txt per NAME.pdf")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--timeout", type=int, default=60)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    rows = score(args.pdf_dir, args.ref_dir, args.timeout)
    if args.out and rows:
        with args.out.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    summarise(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
