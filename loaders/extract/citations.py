"""Citations: what a claim (or the whole report) names as its source.

A source is a document when the text links it, footnotes it, lists it in a
bibliography or names it ("according to a brief by the X Institute"), and an agent
when the text only says who spoke ("officials said", "according to the foreign
ministry"). An attribution phrase and a hyperlink that name the same document, in
the same or an adjacent sentence, are joined into one citation of that document,
rather than leaving a title-only stub beside the linked report.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from graph.model import entity_id, report_id
from loaders.document import Document, Link, Note, Reference
from loaders.extract.confidences import method_confidence
from loaders.extract.cues import Attribution
from loaders.extract.gazetteer import Entry, Gazetteer
from loaders.extract.organisations import provisional_organisations
from loaders.extraction import Citation, Claim, Entity, Extraction

DOCUMENT_WORDS = re.compile(
    r"\b(reports?|brief|briefing|study|studies|paper|assessment|survey|analysis|investigation|"
    r"statement|bulletin|dataset|review|article|communiqu[eé]|letter|testimony|memo|update|"
    r"fact\s?sheet|white\s+paper|research|findings|documents?|filing|publication)\b", re.I)
ORG_WORDS = re.compile(
    r"\b(ministry|institute|office|council|government|agency|army|police|commission|mission|"
    r"committee|times|post|news|authorit(?:y|ies)|department|forces|embassy|group|centre|center|"
    r"organi[sz]ation|foundation|watch|network|service|bureau|administration|section|unit|"
    r"division|directorate|secretariat|branch)\b", re.I)
NOT_A_CITATION = re.compile(
    r"^(?:#|mailto:|javascript:|tel:|data:)|(?:twitter\.com/intent|x\.com/intent|facebook\.com/sharer|"
    r"linkedin\.com/share|wa\.me/|api\.whatsapp\.com/send|t\.me/share|reddit\.com/submit|"
    r"pinterest\.com/pin|getpocket\.com/save)", re.I)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]])")
IBID = re.compile(r"^\s*(?:ibid|ibidem)\b", re.I)
NEAR_ATTRIBUTION = 40


@dataclass(frozen=True)
class DocumentTarget:
    """Who a document citation points at: its report id, URL and DOI when known."""

    id: str
    url: str | None
    doi: str | None


def document_target(url: str | None, text: str | None) -> DocumentTarget:
    """The report a citation names: by DOI, else URL, else its title or entry text."""
    doi_match = DOI.search(" ".join(filter(None, [url, text])))
    doi = doi_match.group(1) if doi_match else None
    if doi:
        return DocumentTarget(report_id(doi=doi), url or f"https://doi.org/{doi}", doi)
    if url:
        return DocumentTarget(report_id(url=url), url, None)
    return DocumentTarget(report_id(title=text or "untitled"), None, None)


class CitationFinder:
    """Finds the citations of each claim and of the report as a whole."""

    def __init__(self, doc: Document, result: Extraction, gaz: Gazetteer,
                 sentences: list[tuple[int, int]]):
        """Index the document's links, notes and sentences once."""
        self.doc = doc
        self.result = result
        self.gaz = gaz
        self.sentences = sentences
        self._sentence_starts = [s for s, _ in sentences]
        absolute = (self._absolute(link) for link in doc.links)
        self.links = sorted((link for link in absolute if link is not None), key=lambda k: k.start)
        self._link_starts = [link.start for link in self.links]
        self._notes = sorted(doc.notes, key=lambda n: n.start)
        self._note_starts = [n.start for n in self._notes]
        self._previous_note: dict[int, Note] = {}
        from loaders.extract.sources import SourceResolver  # sources builds on this module
        self.sources = SourceResolver(result, gaz)
        notes = sorted(doc.notes, key=lambda n: n.start)
        for before, note in itertools.pairwise(notes):
            self._previous_note[note.start] = before

    def _absolute(self, link: Link) -> Link | None:
        """The link with an absolute URL, or None for links that cite nothing."""
        url = link.url.strip()
        if NOT_A_CITATION.search(url):
            return None
        if self.doc.url and not urlsplit(url).scheme:
            url = urljoin(self.doc.url, url)
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            return None
        if self.doc.url and report_id(url=url) == self.result.report.id:
            return None
        return Link(link.start, link.end, url, link.anchor)

    # ------------------------------------------------------------------- claims

    def for_claim(self, claim: Claim, attributions: list[Attribution]) -> list[Citation]:
        """The claim's citations: links, notes and attributions, joined where they meet."""
        links = self._links_in(claim.start, claim.end)
        first = bisect.bisect_left(self._note_starts, claim.start)
        last = bisect.bisect_left(self._note_starts, claim.end)
        if not (links or attributions or first < last):
            return []
        citations = [self._link_citation(link) for link in links]
        citations += [self._note_citation(note) for note in self._notes[first:last]]
        for attribution in attributions:
            joined = self._join_in_claim(citations, attribution)
            if joined:
                continue
            cited = self._attribution_citation(claim, attribution, has_document=bool(citations))
            if cited is not None:
                citations.append(cited)
        return _unique(citations)

    def _links_in(self, start: int, end: int) -> list[Link]:
        first = bisect.bisect_left(self._link_starts, start)
        return self.links[first:bisect.bisect_left(self._link_starts, end)]

    def _link_citation(self, link: Link) -> Citation:
        target = document_target(link.url, None)
        return Citation(kind="hyperlink", start=link.start, end=link.end, target_url=target.url,
                        target=link.anchor, target_id=target.id, anchor=link.anchor,
                        method="hyperlink", confidence=method_confidence("citations", "hyperlink"))

    def _note_citation(self, note: Note, kind: str | None = None) -> Citation:
        source = note
        if IBID.match(note.text) and note.start in self._previous_note:
            source = self._previous_note[note.start]
        target = document_target(source.url, source.text or source.label)
        is_reference = note.note_start is not None and any(
            r.start == note.note_start for r in self.doc.references)
        return Citation(kind=kind or ("bibliography" if is_reference else "footnote"),
                        start=note.start, end=note.end, target_url=target.url,
                        target=source.text or None, target_id=target.id, anchor=note.label,
                        method="footnote", confidence=method_confidence("citations", "footnote"),
                        note_start=note.note_start,
                        note_end=note.note_end)

    def _join_in_claim(self, citations: list[Citation], attribution: Attribution) -> bool:
        """Fold an attribution into a document citation it introduces ("as [X reported](url)",
        "according to a report [1]", "[analysts](url) say")."""
        documentish = bool(DOCUMENT_WORDS.search(attribution.who)) or attribution.cue == "as reported"
        for citation in citations:
            if citation.target_type != "report" or citation.kind == "attribution":
                continue   # two prose sources ("according to the statement, X pointed out") stay two
            overlaps = citation.start < attribution.end and attribution.start < citation.end
            near = (citation.start < attribution.end + NEAR_ATTRIBUTION
                    and attribution.start - NEAR_ATTRIBUTION < citation.end)
            if overlaps or (not attribution.anonymous and (near or documentish)):
                citation.attribution = citation.attribution or attribution.who
                citation.publisher = citation.publisher or self._publisher_in(attribution.who)
                return True
        return False

    def _attribution_citation(self, claim: Claim, attribution: Attribution,
                              has_document: bool) -> Citation | None:
        """The source an attribution names, resolved (documents shared across reports,
        pronouns to what they stand for); a described document that a link in a
        neighbouring sentence names is cited by that link's URL instead."""
        citation = self.sources.resolve(attribution)
        if citation is None or citation.target_type != "report" or citation.described is None:
            return citation
        link = self._matching_link_nearby(claim, attribution.who, citation.publisher)
        if link is None:
            return citation
        target = document_target(link.url, None)
        return replace(citation, target_url=target.url, target_id=target.id, described=None,
                       method="parse+hyperlink",
                       confidence=method_confidence("citations", "parse+hyperlink"))

    def _matching_link_nearby(self, claim: Claim, who: str, publisher: str | None) -> Link | None:
        """A link in this or an adjacent sentence whose anchor or URL names the same document."""
        index = bisect.bisect_right(self._sentence_starts, claim.start) - 1
        window = self.sentences[max(index - 1, 0):index + 2]
        if not window:
            return None
        doc_words = {w.lower().rstrip("s") for w in DOCUMENT_WORDS.findall(who)}
        publisher_words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", publisher or "")}
        for link in self._links_in(window[0][0], window[-1][1]):
            anchor_words = {w.lower().rstrip("s") for w in DOCUMENT_WORDS.findall(link.anchor)}
            url_words = set(re.findall(r"[a-z]{4,}", link.url.lower()))
            if doc_words & anchor_words or publisher_words & (url_words | _words(link.anchor)):
                return link
        return None

    def _publisher_in(self, phrase: str) -> str | None:
        for match in self.gaz.find(phrase):
            if match.entry.label == "Organisation":
                return match.entry.name
        found = provisional_organisations(phrase, 0, len(phrase))
        if found:
            return found[0][2]
        by = re.search(r"\bby\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w&'’.-]*)*)",
                       phrase)
        return by.group(1) if by else None

    # ------------------------------------------------------------------- report

    def report_level(self, claim_spans: list[tuple[int, int]]) -> list[Citation]:
        """Citations outside any claim: bibliography entries, orphan notes, stray links."""
        starts = [s for s, _ in claim_spans]

        def in_claim(pos: int) -> bool:
            index = bisect.bisect_right(starts, pos) - 1
            return index >= 0 and claim_spans[index][0] <= pos < claim_spans[index][1]

        citations = [self._reference_citation(ref) for ref in self.doc.references]
        citations += [self._note_citation(note) for note in self.doc.notes
                      if not in_claim(note.start) and not self._in_apparatus(note.start)]
        citations += [self._link_citation(link) for link in self.links
                      if not in_claim(link.start) and not self._in_apparatus(link.start)]
        return _unique(citations)

    def _reference_citation(self, ref: Reference) -> Citation:
        target = document_target(ref.url, ref.text)
        return Citation(kind="bibliography", start=ref.start, end=ref.end, target_url=target.url,
                        target=ref.text, target_id=target.id, anchor=ref.label,
                        method="bibliography",
                        confidence=method_confidence("citations", "bibliography"))

    def _in_apparatus(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.doc.apparatus)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: set[tuple[str | None, int, str]] = set()
    unique = []
    for citation in citations:
        key = (citation.target_id, citation.start, citation.kind)
        if key not in seen:
            seen.add(key)
            unique.append(citation)
    return unique


def register_entry(result: Extraction, gaz: Gazetteer, entry: Entry) -> Entity:
    """Add a gazetteer entry, and the regions above it, to the extraction's entities."""
    known = result.entities.get(entry.id)
    if known is not None:
        return known
    parents = gaz.parents_of(entry) if entry.label == "Region" else []
    entity = Entity(id=entry.id, name=entry.name, type=entry.type, aliases=list(entry.aliases),
                    wikidata=entry.wikidata, iso=entry.iso, geonames=entry.geonames,
                    kind=entry.kind, level=entry.level, parents=[p.id for p in parents],
                    source=entry.source)
    result.entities[entry.id] = entity
    for parent in parents:
        register_entry(result, gaz, parent)
    return entity


def provisional_organisation(result: Extraction, name: str) -> Entity:
    """An organisation no gazetteer knows, kept and marked unresolved."""
    eid = entity_id("Organisation", name=name)
    return result.entities.setdefault(eid, Entity(id=eid, name=name, type="organisation",
                                                  resolved=False, source="text"))
