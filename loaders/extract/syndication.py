"""Syndication: a report that republishes another, found from the report itself.

Three signs: an agency byline at the top of a story published by someone else
("KABUL (Example Wire Service) -", "(Reuters) -"); a declaration ("This story was
first published by ...", "republished from ...", front matter ``republished_from``);
and, at ingest time, the same text already stored under another URL (see
``loaders.ingest``). Signs that point at the same original make one REPUBLISHES
link whose ``basis`` lists them all.
"""

from __future__ import annotations

import re

from graph.model import report_id
from loaders.document import Document, Link
from loaders.extract.confidences import method_confidence
from loaders.extraction import Republication

BYLINE_WINDOW = 1500
BYLINE = re.compile(
    r"(?:^|\n)[ \t]*(?:[A-Z][A-Z'’.\- ]{1,40}(?:,\s*[A-Z][A-Za-z'’.\- ]{1,40})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*)?"
    r"\((?P<agency>[A-Z][\w&'’. -]{1,60}?)\)\s*[-–—:]\s")
DECLARED = re.compile(
    r"\b(?:(?:was|were|is)\s+)?(?:(?:first|originally)\s+(?:published|appeared|ran|posted)\s+(?:by|in|on|at)"
    r"|(?:re-?published|reprinted|reproduced|syndicated)\s+(?:from|with\s+(?:the\s+)?permission\s+(?:of|from)|"
    r"courtesy\s+of|by\s+arrangement\s+with))\s+(?P<source>[^.;\n]{2,120})", re.I)
_DECLARED_HINTS = ("published", "appeared", "ran ", "posted", "reprinted", "reproduced", "syndicated")
_SOURCE_END = re.compile(r"\s+(?:on|under|and|as|at|in)\s+|,|\s+\(", re.I)


def _normalised(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).replace("the ", " ").strip()


def _same_outlet(agency: str, doc: Document) -> bool:
    """True when the byline's agency is the report's own publisher (not a copy)."""
    mine = _normalised(doc.publisher or "")
    theirs = _normalised(agency)
    if mine and (mine in theirs or theirs in mine):
        return True
    host = re.sub(r"[^a-z0-9]", "", (doc.url or "").split("/")[2] if doc.url and "//" in doc.url else "")
    return bool(host) and theirs.replace(" ", "") in host


def find_republications(doc: Document, links: list[Link]) -> list[Republication]:
    """Republications the report shows: its byline, its declarations, its front matter."""
    found: list[Republication] = []
    byline = BYLINE.search(doc.text, 0, min(len(doc.text), BYLINE_WINDOW))
    if byline and not _same_outlet(byline.group("agency"), doc):
        agency = byline.group("agency").strip()
        kind = "byline" if doc.publisher else "byline-unknown-publisher"
        confidence = method_confidence("republications", kind)
        found.append(_to_original(doc, links, "byline", byline.start("agency"), byline.end("agency"),
                                  agency, confidence, None))
    lowered = doc.text.lower()
    declared = DECLARED.finditer(doc.text) if any(w in lowered for w in _DECLARED_HINTS) else iter(())
    for match in declared:
        source = _SOURCE_END.split(match.group("source"), maxsplit=1)[0].strip()
        sentence_links = [link for link in links if match.start() <= link.start <= match.end() + 40]
        found.append(_to_original(doc, links, "declared", match.start(), match.end("source"),
                                  source, method_confidence("republications", "declared"),
                                  sentence_links[0] if sentence_links else None))
    if doc.republished_from and not found:
        found.append(_front_matter(doc))
    return _merge(found)


def _to_original(doc: Document, links: list[Link], basis: str, start: int, end: int,
                 publisher: str, confidence: float, link: Link | None) -> Republication:
    """Point a sign at the original: a link in the sentence, the front matter's URL, or a
    stub with this report's title and the original publisher."""
    url = link.url if link else doc.republished_from
    if url:
        if doc.republished_from and url == doc.republished_from and basis != "declared":
            basis = f"{basis}+declared"
        return Republication(report_id(url=url), url, basis, start, end, doc.title, publisher,
                             confidence)
    title = f"{doc.title or 'untitled'} ({publisher})"
    return Republication(report_id(title=title), None, basis, start, end, doc.title, publisher,
                         confidence)


def _front_matter(doc: Document) -> Republication:
    """A republication declared only in metadata, evidenced by the title's span."""
    url = doc.republished_from or ""
    title_at = doc.text.find(doc.title) if doc.title else -1
    if title_at >= 0 and doc.title:
        start, end = title_at, title_at + len(doc.title)
    else:
        first = re.search(r"\S[^\n]*", doc.text)
        start, end = (first.start(), min(first.end(), first.start() + 200)) if first else (0, 1)
    return Republication(report_id(url=url), url, "declared", start, end, doc.title, None,
                         method_confidence("republications", "declared"))


def _merge(found: list[Republication]) -> list[Republication]:
    """One republication per original; the bases joined, the first evidence kept."""
    merged: dict[str, Republication] = {}
    for repub in found:
        known = merged.get(repub.target_id)
        if known is None:
            merged[repub.target_id] = repub
            continue
        bases = dict.fromkeys([*known.basis.split("+"), *repub.basis.split("+")])
        known.basis = "+".join(bases)
        known.confidence = max(known.confidence, repub.confidence)
        known.target_publisher = known.target_publisher or repub.target_publisher
    return list(merged.values())
