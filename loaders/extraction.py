"""The extraction: what a report says, before it touches a store.

This is the documented, stable output of ``conflictkg extract FILE --json`` (see
docs/extraction.md); ``loaders.build`` turns it into a graph batch. Every span is a
character offset into ``report.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from loaders.extract.confidences import default
from loaders.extract.described import DescribedDocument

EXTRACTION_VERSION = 3


@dataclass
class ReportInfo:
    """The report's identity and metadata."""

    id: str
    title: str | None
    publisher: str | None
    authors: list[str]
    published: str | None
    modified: str | None
    url: str | None
    doi: str | None
    sha256: str
    format: str
    kind: str | None
    source_name: str
    text: str


@dataclass
class Mention:
    """An organisation or region named in a claim, resolved to a canonical entity."""

    id: str
    name: str
    type: str
    start: int
    end: int
    surface: str
    method: str
    confidence: float


@dataclass
class Citation:
    """A stated source: a document (URL, stub) or an attributed agent.

    ``kind`` is how the text cites it (hyperlink, footnote, bibliography, attribution);
    ``target_type`` what the target is (report, organisation, person). ``start``/``end``
    locate the evidence: the anchor text, the note marker, the attribution phrase or the
    bibliography entry. ``note_start``/``note_end`` locate a note's own text.
    """

    kind: str
    start: int
    end: int
    target_url: str | None = None
    target: str | None = None
    target_id: str | None = None
    target_type: str = "report"
    anchor: str | None = None
    method: str = "pattern"
    confidence: float = field(default_factory=default("citations", "default"))
    anonymous: bool = False
    publisher: str | None = None
    attribution: str | None = None
    note_start: int | None = None
    note_end: int | None = None
    # The attribution relation (docs/sourcing.md): what kind of source, its stance, the
    # cue's span, the channel ("via"), a described document's key, a person's role and
    # body, and the words that referred back to the source (a pronoun, "the report").
    source_kind: str | None = None
    stance: str = "asserts"
    cue_start: int | None = None
    cue_end: int | None = None
    via: str | None = None
    via_name: str | None = None
    described: DescribedDocument | None = None
    role: str | None = None
    affiliation: str | None = None
    affiliation_name: str | None = None
    issuer_root: str | None = None   # the issuer family the source speaks for (UN, ...)
    issuer_part: str | None = None   # and its part (mission, experts, ...), when named
    referring: str | None = None


@dataclass
class Claim:
    """A sentence (or tight group of sentences) that asserts something."""

    id: str
    text: str
    start: int
    end: int
    hedged: bool
    hedges: list[str]
    attributed_to: list[str]
    mentions: list[Mention] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    method: str = "sentence"
    confidence: float = field(default_factory=default("claims", "sentence"))
    page: int | None = None
    # How the claim is sourced: "attributed" (it names a source), "own-reporting" (no
    # cue at all: the outlet's own assertion) or "unattributed" (a cue such as
    # "reportedly" or "it was reported" with no source named).
    sourcing: str = "own-reporting"

    @property
    def sourced(self) -> bool:
        """True when the claim names any source: a document or an attribution."""
        return bool(self.citations)

    def attributions(self) -> list[dict[str, Any]]:
        """Each source of the claim as extract --json shows it: kind, span and quote of
        the source's words, cue, stance, resolved id and channel."""
        return [_attribution_view(c) for c in self.citations]


def _attribution_view(citation: Citation) -> dict[str, Any]:
    kind = citation.source_kind or ("document" if citation.target_type == "report" else
                                    "anonymous" if citation.anonymous else citation.target_type)
    view: dict[str, Any] = {
        "kind": kind, "source": citation.attribution or citation.target,
        "span": [citation.start, citation.end],
        "cue": citation.anchor, "cue_span": ([citation.cue_start, citation.cue_end]
                                             if citation.cue_start is not None else None),
        "stance": citation.stance, "source_id": citation.target_id, "source_name": citation.target,
        "via": citation.via, "via_name": citation.via_name, "method": citation.method,
        "evidence": citation.kind, "role": citation.role, "affiliation": citation.affiliation_name,
        "referring": citation.referring,
    }
    return view


@dataclass
class Credit:
    """A wire credit: the report is, or rests on, an agency's story ("KYIV (Reuters) —")."""

    agency_id: str
    agency: str
    basis: str
    start: int
    end: int
    confidence: float = field(default_factory=default("credits", "default"))


@dataclass
class Entity:
    """A canonical entity with what we know of it."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    iso: str | None = None
    geonames: str | None = None
    kind: str | None = None
    level: str | None = None
    resolved: bool = True
    parents: list[str] = field(default_factory=list)
    source: str = "curated"

    def external_ids(self) -> dict[str, str]:
        """Identifiers of the entity in outside datasets."""
        ids = {"wikidata": self.wikidata, "iso3166": self.iso, "geonames": self.geonames}
        return {k: v for k, v in ids.items() if v}


@dataclass
class Relation:
    """A relationship claim: subject, predicate, object and the trigger words' span."""

    claim_id: str
    subject_id: str
    predicate: str
    object_id: str
    start: int
    end: int
    trigger: str
    confidence: float = field(default_factory=default("claims", "relation"))


@dataclass
class Republication:
    """This report republishes another (wire copy, mirror, same text elsewhere)."""

    target_id: str
    target_url: str | None
    basis: str
    start: int
    end: int
    target_title: str | None = None
    target_publisher: str | None = None
    confidence: float = field(default_factory=default("republications", "default"))


@dataclass
class Extraction:
    """Everything extracted from one report."""

    report: ReportInfo
    claims: list[Claim] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    republishes: list[Republication] = field(default_factory=list)
    references: list[Citation] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    described: dict[str, DescribedDocument] = field(default_factory=dict)
    described_as: list[str] = field(default_factory=list)   # stubs that described this report
    warnings: list[str] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)
    # (start, end, printed): text[start:end] was normalised from what the page printed
    # (a ligature, a word rejoined at a line-end hyphen); see Document.printed.
    printed: list[tuple[int, int, str]] = field(default_factory=list)

    def cites_no_source(self) -> bool:
        """True when no claim names a source and the report lists no reference."""
        return not any(c.sourced for c in self.claims) and not self.references

    def summary(self) -> dict[str, int | bool]:
        """Counts a reader checks first: how many claims, how many name a source."""
        return {
            "claims": len(self.claims),
            "sourced_claims": sum(1 for c in self.claims if c.sourced),
            "unsourced_claims": sum(1 for c in self.claims if not c.sourced),
            "hedged_claims": sum(1 for c in self.claims if c.hedged),
            "entities": len(self.entities),
            "unresolved_entities": sum(1 for e in self.entities.values() if not e.resolved),
            "citations": sum(len(c.citations) for c in self.claims),
            "report_citations": len(self.references),
            "relations": len(self.relations),
            "republishes": len(self.republishes),
            "cites_no_source": self.cites_no_source(),
        }

    def to_json(self, include_text: bool = False) -> dict[str, Any]:
        """The documented JSON form; the report text is left out unless asked for."""
        report = asdict(self.report)
        if not include_text:
            report.pop("text")
        claims = []
        for claim in self.claims:
            item = asdict(claim)
            item["sourced"] = claim.sourced
            item["attributions"] = claim.attributions()
            claims.append(item)
        return {
            "version": EXTRACTION_VERSION,
            "report": report,
            "summary": self.summary(),
            "claims": claims,
            "entities": [{**asdict(e), "external_ids": e.external_ids()}
                         for e in sorted(self.entities.values(), key=lambda e: e.id)],
            "relations": [asdict(r) for r in self.relations],
            "republishes": [asdict(r) for r in self.republishes],
            "references": [asdict(r) for r in self.references],
            "credits": [asdict(c) for c in self.credits],
            "described_documents": [{"id": key, **asdict(d)} for key, d in sorted(self.described.items())],
            "pages": [list(p) for p in self.pages],
            "printed": [{"start": s, "end": e, "printed": p} for s, e, p in self.printed],
            "warnings": list(self.warnings),
        }
