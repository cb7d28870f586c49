"""Adjudicated PDF figures: reference-side artefacts taken out by named, counted rules.

``pdftotext`` is the reference of ``benchmarks/pdf_reader.py``, and on a few files it
prints what the page does not show. The raw figures stay as measured; beside them, the
same figures with these rules applied, never by file name, each rule's words counted
and listed per file:

Recall (a rule takes the reference's word out of the count: a miss no longer counts,
and neither does a hit):

- ``reversed``: a reference word that the PDF's own character layer (PDFium's text page)
  never holds, while it holds the word spelled backwards ("eht" for "the"): pdftotext
  prints mirror writing letter by letter from the left.
- ``unmapped``: in a file whose character layer has characters without a Unicode map,
  a reference word made (more than half its letters, after decomposition) of characters
  that neither that layer nor the reader's text holds ("ȋͳͻ" for "(19"): pdftotext
  prints such a font's codes as if they were text. A word with one such letter
  ("baudiš" where the caron's glyph has no map) stays counted.

Glued words (a rule clears a word the bench counts as glued):

- ``printed``: the word is a rejoin listed in ``Document.printed`` with its printed
  halves ("legiti-" + "macy" across a page), which pdftotext leaves apart.
- ``no_gap``: the page shows no word space where the reference splits the word: at
  every place the PDF's character layer holds the word, the page rendered by PDFium
  has, between the two letters at each split, no blank strip wider than a fifth of the
  type's height nor wider than the widest blank between two other letters of the word
  (word spaces measure a quarter to two thirds of it, letter gaps under a fifth): small
  capitals "REQUIRESSTACK" that pdftotext splits where the letter size changes, a
  slanted label "straig hten". Measured on the rendered ink, not on
  the character boxes the reader spaces words by; a word the layer does not hold, or
  one on a rotated page, is never cleared.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.pdf_backends import recall, words

RENDER_SCALE = 4.0
EM_PIXELS = 40  # small type is rendered larger, so a fifth of an em is several pixels
# A word space shows as blank paper wider than this share of the type size; the gaps
# between the letters of a word are narrower (about a tenth of it or less).
INK_GAP = 0.2
INK = 160  # grey levels below this are ink
_UNMAPPED = {0x0000, 0xFFFE, 0xFFFF}
RULES = ("reversed", "unmapped", "printed", "no_gap")


@dataclass
class Layer:
    """The PDF's own characters as PDFium's text page lists them, page by page."""

    pages: list[str] = field(default_factory=list)
    unmapped: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def own_layer(pdf: Path) -> Layer:
    """Every page's characters (PDFium's text page, with its own spaces and line
    breaks) and how many characters have no Unicode value."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    layer = Layer()
    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            layer.pages.append(_page_chars(textpage.raw))
            layer.unmapped += sum(1 for i in range(c.FPDFText_CountChars(textpage.raw))
                                  if c.FPDFText_GetUnicode(textpage.raw, i) in _UNMAPPED
                                  or c.FPDFText_HasUnicodeMapError(textpage.raw, i) == 1)
            textpage.close()
    finally:
        document.close()
    return layer


def _page_chars(raw: Any) -> str:
    """One string character per PDFium character index (a UTF-16 half stays one), so a
    match's offsets are the character indices that boxes are asked for by."""
    import pypdfium2.raw as c

    return "".join(chr(c.FPDFText_GetUnicode(raw, i)) for i in range(c.FPDFText_CountChars(raw)))


@dataclass
class Adjudicated:
    """One file's adjudicated figures and the words each rule took out."""

    recall: float
    glued: int
    excluded: dict[str, Counter[str]]


def adjudicate(pdf: Path, layer: Layer, reference: Counter[str], got: Counter[str], text: str,
               rejoined: set[str], glued_words: Counter[str]) -> Adjudicated:
    """Apply every rule to one file's counts: recall over the reference words no rule
    takes out, and the glued words no rule clears."""
    layer_words = set(words(layer.text))
    excluded: dict[str, Counter[str]] = {
        "reversed": Counter({w: n for w, n in reference.items()
                             if w not in layer_words and w[::-1] != w and w[::-1] in layer_words}),
        "unmapped": _unmapped_words(reference, layer, text)}
    kept = Counter({w: n for w, n in reference.items()
                    if not any(w in rule for rule in excluded.values())})
    excluded["printed"] = Counter({w: n for w, n in glued_words.items() if w in rejoined})
    left = Counter({w: n for w, n in glued_words.items() if w not in rejoined})
    vocabulary = set(reference)
    excluded["no_gap"] = Counter({w: n for w, n in left.items() if _no_gap(pdf, layer, w, vocabulary)})
    glued = sum(n for w, n in left.items() if w not in excluded["no_gap"])
    return Adjudicated(round(recall(kept, got), 4), glued, excluded)


def _unmapped_words(reference: Counter[str], layer: Layer, text: str) -> Counter[str]:
    if not layer.unmapped:
        return Counter()
    # Compared letter by letter after decomposition: "é" is known where "e" and the
    # accent are, however either text composes it.
    known = set(unicodedata.normalize("NFKD", layer.text + text).lower())
    return Counter({w: n for w, n in reference.items() if _mostly_unknown(w, known)})


def _mostly_unknown(word: str, known: set[str]) -> bool:
    """More than half the word's letters are characters neither text holds: the word is
    made of codes, not a word with one accent a font left unmapped ("baudiš")."""
    letters = unicodedata.normalize("NFKD", word)
    return sum(ch not in known for ch in letters) * 2 > len(letters)


def glued_words(reference: Counter[str], got: Counter[str]) -> Counter[str]:
    """The words ``pdf_backends.glued`` counts, with their counts."""
    vocab = set(reference)
    return Counter({w: n for w, n in got.items() if w not in vocab and len(w) >= 7
                    and any(w[:i] in vocab and w[i:] in vocab for i in range(3, len(w) - 2))})


def _no_gap(pdf: Path, layer: Layer, word: str, vocabulary: set[str]) -> bool:
    """True when the layer holds the word and the rendered page shows no word space at
    any of its splits into two reference words, wherever it is printed."""
    splits = [i for i in range(3, len(word) - 2) if word[:i] in vocabulary and word[i:] in vocabulary]
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", re.IGNORECASE)
    places = [(page, m.start()) for page, chars in enumerate(layer.pages) for m in pattern.finditer(chars)]
    if not places or not splits:
        return False
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        return all(_letters_close(document, page, start, len(word), splits) for page, start in places)
    finally:
        document.close()


def _letters_close(document: Any, page: int, start: int, length: int, splits: list[int]) -> bool:
    """At each split the blank between the two letters is under ``INK_GAP`` and no wider
    than the widest blank between two other letters of the same word: no word space."""
    gaps = {i: _ink_gap(document, page, start + i - 1, start + i) for i in range(1, length)}
    letters = max((gap for i, gap in gaps.items() if i not in splits), default=0.0)
    return all(gaps[i] < INK_GAP and gaps[i] <= letters for i in splits)


def _ink_gap(document: Any, page_index: int, first: int, second: int) -> float:
    """The widest blank strip, in ems, between the ink of characters ``first`` and
    ``second`` on the rendered page (infinite on a rotated page: never cleared)."""
    page = document[page_index]
    if page.get_rotation():
        return float("inf")
    textpage = page.get_textpage()
    try:
        (l0, b0, r0, t0), (l1, b1, r1, t1) = textpage.get_charbox(first), textpage.get_charbox(second)
        _, low, _, high = textpage.get_charbox(second, loose=True)
    finally:
        textpage.close()
    size = max(high - low, 1.0)  # the character's full height (its loose box): about an em
    left, bottom, right, top = page.get_cropbox()
    x0, x1 = min(l0, l1), max(r0, r1)
    y0, y1 = min(b0, b1), max(t0, t1)
    crop = (x0 - left, y0 - bottom, right - x1, top - y1)
    scale = max(RENDER_SCALE, EM_PIXELS / size)
    image = page.render(scale=scale, crop=crop, grayscale=True).to_numpy()
    ink = (image.reshape(image.shape[0], image.shape[1], -1)[:, :, 0] < INK).any(axis=0)
    columns = [i for i, inked in enumerate(ink) if inked]
    if not columns:
        return float("inf")
    return float(_widest_blank(ink, columns[0], columns[-1]) / scale / size)


def _widest_blank(ink: Any, first: int, last: int) -> int:
    widest = run = 0
    for inked in ink[first:last + 1]:
        run = 0 if inked else run + 1
        widest = max(widest, run)
    return widest
