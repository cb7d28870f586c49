"""Wire credits: the report is, or rests on, a news agency's story.

A dateline ("KYIV (Reuters) —", "DAKAR, Senegal (AP) —"), a sign-off ("— AFP",
"(Reporting by ...; Editing by ...)", "zc/rmt (Reuters, AFP)", "Source: Bloomberg"), a
byline or publisher naming an agency ("By AFP", "Yahoo News (Reuters)"), or "a report
seen by AFP" make the agency the channel of what the report says. A photo credit
("(AFP)" after a caption) is not a story credit: datelines must open a paragraph. A line of
its own handing the story to an agency ("Reuters writes about it.") credits it too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.document import Document
from loaders.extract.citations import provisional_organisation, register_entry
from loaders.extract.confidences import method_confidence
from loaders.extract.gazetteer import Gazetteer
from loaders.extract.sourcing_words import Medium, sourcing_words
from loaders.extraction import Credit, Extraction

HEAD_CHARS = 3000      # datelines are looked for at the top of the text
TAIL_CHARS = 1500      # sign-offs at its end


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    names = sorted({n for m in sourcing_words().media if m.wire for n in (m.name, *m.aliases)},
                   key=len, reverse=True)
    agency = "(?P<agency>" + "|".join(re.escape(n) for n in names) + ")"
    return (
        re.compile(rf"(?m)^[ \t]*(?:[A-Z][A-Z.'’ -]{{1,40}}(?:,\s*[A-Z][\w.'’ -]{{1,30}})?\s*)\(\s*{agency}"
                   rf"(?:\s*/\s*[\w .-]{{1,20}})?\s*\)\s*[—–-]"),
        re.compile(rf"(?m)^[ \t]*\(\s*{agency}\s*\)\s*[—–-]"),
        re.compile(rf"(?m)[—–]\s*{agency}\s*$"),
        re.compile(rf"(?m)^\s*(?:Source|Credit|Via)\s*:\s*{agency}\b"),
        re.compile(rf"\b[a-z]{{2,4}}/[a-z]{{2,4}}(?:/[a-z]{{2,4}})?\s*\((?:[\w ,]*?){agency}"),
        # a sentence of its own that hands the story to the agency: "Reuters writes about it."
        re.compile(rf"(?m)(?:^|(?<=[.!?] ))[ \t]*{agency}\s+(?:writes|wrote|reports|reported)"
                   rf"(?:\s+(?:about\s+)?(?:it|this|that|so))?\s*\.[ \t]*$"),
    )


_REPORTING_BY = re.compile(
    r"\((?:Additional\s+)?[Rr]eporting by [^)]{1,300}(?:;\s*[Ee]diting by [^)]{1,200})?\)")
_BASIS = ("dateline", "dateline", "sign-off", "sign-off", "sign-off", "writes-about-it")


def find_credits(doc: Document, result: Extraction, gaz: Gazetteer) -> list[Credit]:
    """Every agency the report credits, once each, with the words that credit it."""
    text = doc.text
    found: dict[str, Credit] = {}
    for pattern, basis in zip(_patterns(), _BASIS, strict=True):
        region = (0, min(len(text), HEAD_CHARS)) if basis == "dateline" else (0, len(text))
        for match in pattern.finditer(text, *region):
            agency = match.group("agency")
            _credit(found, result, gaz, agency, basis, match.start("agency"), match.end("agency"))
    tail_start = max(0, len(text) - TAIL_CHARS)
    reporting = _REPORTING_BY.search(text, tail_start)
    if reporting and "Reuters" not in found:
        _credit(found, result, gaz, "Reuters", "sign-off", reporting.start(), reporting.end())
    for claim in result.claims:
        for citation in claim.citations:
            medium = sourcing_words().medium(citation.via_name or "") if citation.via_name else None
            if medium is not None and medium.wire and citation.source_kind == "document":
                span = _written(text, medium, citation.start, citation.end + 80)
                if span is not None:
                    _credit(found, result, gaz, medium.name, "seen-by", *span)
    for source in (doc.publisher or "", *doc.authors):
        for medium in _media_in(source):
            _credit(found, result, gaz, medium.name, "byline", 0, 0)
    return [c for c in found.values() if not _is_publisher(c.agency, doc.publisher)]


def _written(text: str, medium: Medium, start: int, end: int) -> tuple[int, int] | None:
    """Where the medium's name (or an alias) is written in ``text[start:end]``."""
    for name in sorted((medium.name, *medium.aliases), key=len, reverse=True):
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text[start:end])
        if match:
            return start + match.start(), start + match.end()
    return None


def _media_in(words: str) -> list[Medium]:
    """Wire agencies a byline or publisher names ("Yahoo News (Reuters)", "By AFP")."""
    vocab = sourcing_words()
    found = []
    for piece in re.findall(r"[A-Z][\w.&'-]*(?:[ -][A-Z][\w.&'-]*)*", words):
        medium = vocab.medium(piece)
        if medium is not None and medium.wire:
            found.append(medium)
    return found


def _is_publisher(agency: str, publisher: str | None) -> bool:
    head = re.split(r"[(,]", publisher or "")[0].strip().lower()
    return bool(head) and (head == agency.lower() or agency.lower().startswith(head))


def _credit(found: dict[str, Credit], result: Extraction, gaz: Gazetteer, written: str, basis: str,
            start: int, end: int) -> None:
    medium = sourcing_words().medium(written)
    name = medium.name if medium else written
    if name in found:
        return
    entry = gaz.resolve(name)
    if entry is not None and entry.label == "Organisation":
        register_entry(result, gaz, entry)
        agency_id = entry.id
    else:
        agency_id = provisional_organisation(result, name).id
    found[name] = Credit(agency_id, name, basis, start, end, method_confidence("credits", basis))
