"""One extraction pipeline for every format: claims, mentions, citations, hedges, relations."""

from __future__ import annotations

import re

from graph.model import claim_id, entity_id, report_id, slug
from graph.provenance import sha256_hex
from loaders.document import Document, Link, Note
from loaders.extract.cues import Attribution, find_attributions, find_hedges
from loaders.extract.gazetteer import Entry, Gazetteer, default_gazetteer
from loaders.extract.organisations import provisional_organisations
from loaders.extract.relations import find_relations
from loaders.extract.sentences import sentence_spans
from loaders.extraction import (
    Citation,
    Claim,
    Entity,
    Extraction,
    Mention,
    ReportInfo,
    Republication,
)

MIN_CLAIM_WORDS = 5
DOCUMENT_WORDS = re.compile(
    r"\b(report|brief|briefing|study|paper|assessment|survey|analysis|investigation|"
    r"statement|bulletin|dataset|review|article|communiqu[eé]|letter|testimony)\b", re.I)
ORG_WORDS = re.compile(r"\b(ministry|institute|office|council|government|agency|army|"
                       r"police|commission|mission|committee|times|post|news)\b", re.I)


def report_info(doc: Document) -> ReportInfo:
    """The report's identity: DOI, else URL, else the hash of its text."""
    text_hash = sha256_hex(doc.text)
    return ReportInfo(
        id=report_id(url=doc.url, doi=doc.doi, text_sha256=text_hash),
        title=doc.title, publisher=doc.publisher, authors=list(doc.authors),
        published=doc.published, modified=doc.modified, url=doc.url, doi=doc.doi,
        sha256=text_hash, format=doc.format, kind=doc.kind, source_name=doc.source_name,
        text=doc.text,
    )


def extract(doc: Document, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract one document."""
    gaz = gazetteer or default_gazetteer()
    result = Extraction(report=report_info(doc), warnings=list(doc.warnings),
                        pages=list(doc.pages))
    for start, end in claim_spans(doc):
        claim = _claim(doc, result, gaz, start, end)
        result.claims.append(claim)
        result.relations.extend(find_relations(doc.text, claim, result.entities))
    if doc.republished_from:
        result.republishes.append(_declared_republication(doc))
    return result


def _declared_republication(doc: Document) -> Republication:
    """A republication the source declares (front matter), evidenced by the title span."""
    url = doc.republished_from or ""
    title_at = doc.text.find(doc.title) if doc.title else -1
    start, end = (title_at, title_at + len(doc.title or "")) if title_at >= 0 else (0, min(len(doc.text), 80))
    return Republication(target_id=report_id(url=url), target_url=url, basis="declared",
                         start=start, end=end)


def claim_spans(doc: Document) -> list[tuple[int, int]]:
    """Sentences that assert something: long enough, not a question, not the title."""
    spans = []
    for start, end in sentence_spans(doc.text):
        sentence = doc.text[start:end]
        if len(sentence.split()) < MIN_CLAIM_WORDS or sentence.rstrip("\"'”’ ").endswith("?"):
            continue
        if doc.title and sentence.strip().lstrip("# ") == doc.title:
            continue
        spans.append((start, end))
    return spans


def _claim(doc: Document, result: Extraction, gaz: Gazetteer, start: int, end: int) -> Claim:
    text = doc.text[start:end]
    hedges = find_hedges(text, start)
    attributions = find_attributions(text, start)
    claim = Claim(
        id="", text=text, start=start, end=end, hedged=bool(hedges),
        hedges=sorted({h.text for h in hedges}),
        attributed_to=[a.who for a in attributions],
    )
    claim.id = claim_id(result.report.id, start, end)
    claim.mentions = _mentions(doc.text, result, gaz, start, end)
    claim.citations = _citations(doc, result, gaz, claim, attributions)
    return claim


def _mentions(text: str, result: Extraction, gaz: Gazetteer, start: int, end: int) -> list[Mention]:
    mentions = []
    for match in gaz.find(text, start, end):
        _register(result, gaz, match.entry)
        mentions.append(Mention(match.entry.id, match.entry.name, match.entry.type,
                                match.start, match.end, match.surface, "gazetteer", 0.95))
    taken = [(m.start, m.end) for m in mentions]
    for s, e, name in provisional_organisations(text, start, end):
        if any(s < te and ts < e for ts, te in taken):
            continue
        entity = _provisional(result, name)
        mentions.append(Mention(entity.id, entity.name, "organisation", s, e, text[s:e],
                                "pattern", 0.6))
    return sorted(mentions, key=lambda m: m.start)


def _register(result: Extraction, gaz: Gazetteer, entry: Entry) -> Entity:
    """Add a gazetteer entry, and the regions above it, to the extraction's entities."""
    if entry.id not in result.entities:
        parents = gaz.parent_chain(entry) if entry.label == "Region" else []
        result.entities[entry.id] = Entity(
            id=entry.id, name=entry.name, type=entry.type, aliases=list(entry.aliases),
            wikidata=entry.wikidata, iso=entry.iso, kind=entry.kind, level=entry.level,
            parents=[p.id for p in parents],
        )
        for parent in parents:
            _register(result, gaz, parent)
    return result.entities[entry.id]


def _provisional(result: Extraction, name: str) -> Entity:
    eid = entity_id("Organisation", name=name)
    return result.entities.setdefault(eid, Entity(id=eid, name=name, type="organisation",
                                                  resolved=False))


def _citations(doc: Document, result: Extraction, gaz: Gazetteer, claim: Claim,
               attributions: list[Attribution]) -> list[Citation]:
    inside = [link for link in doc.links if claim.start <= link.start < claim.end]
    notes = [note for note in doc.notes if claim.start <= note.start < claim.end]
    citations = [_link_citation(link) for link in inside]
    citations += [_note_citation(note) for note in notes]
    for attribution in attributions:
        citations.append(_attribution_citation(result, gaz, attribution, has_document=bool(inside or notes)))
    return citations


def _link_citation(link: Link) -> Citation:
    return Citation(kind="hyperlink", start=link.start, end=link.end, target_url=link.url,
                    target=link.anchor, target_id=report_id(url=link.url), anchor=link.anchor,
                    method="hyperlink", confidence=0.95)


def _note_citation(note: Note) -> Citation:
    target_id = report_id(url=note.url) if note.url else report_id(title=note.text or note.label)
    return Citation(kind="footnote", start=note.start, end=note.end, target_url=note.url,
                    target=note.text or None, target_id=target_id, anchor=note.label,
                    method="footnote", confidence=0.9)


def _attribution_citation(result: Extraction, gaz: Gazetteer, attribution: Attribution,
                          has_document: bool) -> Citation:
    who = attribution.who
    span = (attribution.start, attribution.end)
    if DOCUMENT_WORDS.search(who) and not has_document:
        publisher = _publisher_in(who, gaz)
        return Citation(kind="reference", start=span[0], end=span[1], target=who,
                        target_id=report_id(title=who), target_type="report",
                        anchor=publisher, method="pattern", confidence=0.7)
    entry = gaz.resolve(who.removeprefix("the ").removeprefix("The "))
    if entry is not None and entry.label == "Organisation":
        _register(result, gaz, entry)
        target_id, target_type = entry.id, "organisation"
    elif attribution.anonymous:
        target_id = f"per:{slug(who)}-{result.report.id.split(':', 1)[1]}"
        target_type = "person"
    elif ORG_WORDS.search(who):
        target_id, target_type = _provisional(result, who).id, "organisation"
    else:
        target_id, target_type = entity_id("Person", name=who), "person"
    return Citation(kind="attribution", start=span[0], end=span[1], target=who,
                    target_id=target_id, target_type=target_type, anchor=attribution.cue,
                    method="pattern", confidence=0.7 if attribution.anonymous else 0.75,
                    anonymous=attribution.anonymous)


def _publisher_in(phrase: str, gaz: Gazetteer) -> str | None:
    for match in gaz.find(phrase):
        if match.entry.label == "Organisation":
            return match.entry.name
    found = provisional_organisations(phrase, 0, len(phrase))
    return found[0][2] if found else None
