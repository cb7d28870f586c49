"""One extraction pipeline for every format: claims, mentions, citations, hedges, relations.

Names are matched once over the whole document (so a shared name like "Tripoli" can be
settled by the countries the document names), then each claim takes the matches that
fall inside it. Notes sections, reference lists and headings are not claims.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from graph.errors import ConfigurationError
from graph.model import claim_id, report_id
from graph.provenance import sha256_hex
from loaders.document import Document
from loaders.extract.attribution import PARSE_BUDGET_CHARS, attributions_in, candidate_sentences
from loaders.extract.boilerplate import is_boilerplate
from loaders.extract.citations import CitationFinder
from loaders.extract.cues import Attribution, find_hedges
from loaders.extract.entities import NameFinder
from loaders.extract.gazetteer import Gazetteer, Match, choose_in_context, default_gazetteer
from loaders.extract.nlp import Parses
from loaders.extract.quotations import inherit_quoted_speakers
from loaders.extract.relations import find_relations
from loaders.extract.sentences import sentence_spans
from loaders.extract.sourcing_words import sourcing_words
from loaders.extract.syndication import find_republications
from loaders.extract.tokens import Tokens
from loaders.extract.wire import find_credits
from loaders.extract.words import WordIndex
from loaders.extraction import Claim, Extraction, Mention, ReportInfo

MIN_CLAIM_WORDS = 5


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


def extract(doc: Document, gazetteer: Gazetteer | None = None, exclude: Iterable[str] = ()) -> Extraction:
    """Extract one document: the document is segmented once, then each step of
    :data:`STEPS` (less those named in ``exclude``) adds its part, in order."""
    context = Context.of(doc, gazetteer or default_gazetteer())
    for step in chosen_steps(exclude):
        step.run(context)
    return context.result


@dataclass(frozen=True)
class Step:
    """One named extraction step, as a spaCy pipeline names its components: what it
    adds to the extraction, and the steps whose output it reads (``needs``)."""

    name: str
    run: Callable[[Context], None]
    needs: tuple[str, ...] = ()


def chosen_steps(exclude: Iterable[str] = ()) -> list[Step]:
    """The pipeline less the excluded steps; an unknown name, or leaving out a step
    another still needs, is one configuration error rather than a quietly thinner graph."""
    left_out = set(exclude)
    known = {step.name for step in STEPS}
    if unknown := sorted(left_out - known):
        raise ConfigurationError(f"unknown extraction step {', '.join(unknown)}: "
                                 f"the steps are {', '.join(step.name for step in STEPS)}")
    chosen = [step for step in STEPS if step.name not in left_out]
    for step in chosen:
        if missing := [need for need in step.needs if need in left_out]:
            raise ConfigurationError(f"the extraction step {step.name} needs {', '.join(missing)}")
    return chosen


def find_claims(context: Context) -> None:
    """Claims with their attributions, hedges, mentions and citations."""
    attributions = context.attributions(context.spans)
    context.finder.sources.preview([a for found in attributions for a in found])
    context.names.prepare(context.spans, context.matches, context.words)  # reuses the attribution parse
    if context.names.cut_short:
        context.result.warnings.append(
            f"the name recogniser read only the first {context.names.words.recogniser_budget:,} characters "
            "of distinct text around unknown names; later claims name only what the gazetteers and rules "
            "find")
    for (start, end), found in zip(context.spans, attributions, strict=True):
        context.result.claims.append(context.claim(start, end, found))


def find_claim_relations(context: Context) -> None:
    """Relations between the organisations and regions a claim names together."""
    result = context.result
    for claim in result.claims:
        if len(claim.mentions) > 1:
            result.relations.extend(find_relations(context.doc.text, claim, result.entities, context.words))


def find_references(context: Context) -> None:
    """Citations outside any claim: bibliography entries, orphan notes, stray links."""
    context.result.references = context.finder.report_level(context.spans)


def find_document_republications(context: Context) -> None:
    """Republications the report declares (byline, front matter, "first published by")."""
    context.result.republishes = find_republications(context.doc, context.finder.links)


def find_document_credits(context: Context) -> None:
    """Wire agencies the report credits (dateline, sign-off)."""
    context.result.credits = find_credits(context.doc, context.result, context.gaz)


# The pipeline, in order: a new step is a function (in its own module) and one line here.
STEPS: tuple[Step, ...] = (
    Step("claims", find_claims),
    Step("relations", find_claim_relations, needs=("claims",)),
    Step("references", find_references),
    Step("republications", find_document_republications),
    Step("credits", find_document_credits),
)


class Context:
    """Document-wide lookups, so each claim takes its share by bisection and a claim
    with no cue word, name or link costs next to nothing."""

    @classmethod
    def of(cls, doc: Document, gaz: Gazetteer) -> Context:
        """The document segmented once: sentences, claim spans, tokens and names."""
        result = Extraction(report=report_info(doc), warnings=list(doc.warnings),
                            pages=list(doc.pages), printed=list(doc.printed))
        sentences = sentence_spans(doc.text, [(note.start, note.end) for note in doc.notes])
        tokens = Tokens(doc.text)
        context = cls(doc, result, gaz, CitationFinder(doc, result, gaz, sentences),
                      choose_in_context(gaz.find(doc.text, tokens=tokens)), WordIndex(doc.text, tokens))
        context.spans = claim_spans(doc, sentences)
        return context


    def __init__(self, doc: Document, result: Extraction, gaz: Gazetteer, finder: CitationFinder,
                 matches: list[Match], words: WordIndex):
        self.doc, self.result, self.gaz, self.finder, self.words = doc, result, gaz, finder, words
        self.matches = matches
        self.match_starts = [m.start for m in matches]
        self.hedges = find_hedges(doc.text, 0, len(doc.text), words)
        self.hedge_starts = [h.start for h in self.hedges]
        self.parses = Parses(doc.text)
        self.names = NameFinder(doc.text, gaz, matches, self.parses)
        self.page_starts = [p[0] for p in doc.pages]
        self.spans: list[tuple[int, int]] = []

    @staticmethod
    def _between(starts: list[int], start: int, end: int) -> tuple[int, int]:
        return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)

    def attributions(self, spans: list[tuple[int, int]]) -> list[list[Attribution]]:
        """Each claim's attributions: the cue sentences are parsed in one batch, and a
        sentence inside a quotation takes the speaker of that quotation."""
        wanted, cut_short = candidate_sentences(self.doc.text, spans)
        if cut_short:
            self.result.warnings.append(
                f"only the first {PARSE_BUDGET_CHARS:,} characters of cue sentences were parsed for "
                "attributions; later sentences name no prose source")
        self.parses.parse(wanted)
        chosen = set(wanted)
        found = [attributions_in(self.parses, s, e) if (s, e) in chosen else [] for s, e in spans]
        self.parses.release()   # no later step reads a parse: memory stays with the claims
        return inherit_quoted_speakers(self.doc.text, spans, found)

    def claim(self, start: int, end: int, attributions: list[Attribution]) -> Claim:
        text = self.doc.text
        first, last = self._between(self.hedge_starts, start, end)
        hedges = [h for h in self.hedges[first:last] if h.end <= end]
        claim = Claim(
            id=claim_id(self.result.report.id, start, end), text=text[start:end], start=start,
            end=end, hedged=bool(hedges), hedges=list(dict.fromkeys(h.text for h in hedges)),
            attributed_to=list(dict.fromkeys(a.who for a in attributions)), page=self._page(start),
        )
        first, last = self._between(self.match_starts, start, end)
        claim.mentions = _mentions(self.result, (start, end), self.matches[first:last], self.words,
                                   self.names)
        claim.citations = self.finder.for_claim(claim, attributions)
        claim.sourcing = _sourcing(claim, hedges)
        return claim

    def _page(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        index = bisect.bisect_right(self.page_starts, offset) - 1
        return self.doc.pages[max(index, 0)][1]


def _sourcing(claim: Claim, hedges: list[Any]) -> str:
    """Attributed, the outlet's own reporting, or a reportative cue with no source named."""
    if claim.citations:
        return "attributed"
    if any(h.text in sourcing_words().reportative for h in hedges):
        return "unattributed"
    return "own-reporting"


def claim_spans(doc: Document, sentences: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentences that assert something: long enough, not a question, not the title, not
    a heading and not in a notes section or reference list."""
    skipped = sorted([*doc.apparatus, *doc.headings])
    skipped_starts = [s for s, _ in skipped]
    reach = list(itertools.accumulate((e for _, e in skipped), max))   # furthest end so far
    spans = []
    for start, end in sentences if sentences is not None else sentence_spans(doc.text):
        sentence = doc.text[start:end]
        if len(sentence.split(None, MIN_CLAIM_WORDS)) < MIN_CLAIM_WORDS:
            continue
        if sentence.rstrip("\"'”’ ").endswith("?") or (doc.title and sentence.lstrip("# ") == doc.title):
            continue
        if is_boilerplate(sentence):   # a letter's courtesies, a masthead (data/boilerplate.yaml)
            continue
        inside = bisect.bisect_right(skipped_starts, start) - 1
        if inside >= 0 and reach[inside] > start:   # some skipped span begun before it still runs
            continue
        spans.append((start, end))
    return spans


def _mentions(result: Extraction, span: tuple[int, int], matches: list[Match], words: WordIndex,
              names: NameFinder) -> list[Mention]:
    """The claim's organisations and regions: gazetteer names, acronyms the text
    defines, provisional names, the model's names and back-references
    (loaders/extract/entities.py)."""
    return names.mentions(result, span, matches, words)
