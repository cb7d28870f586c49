"""Turn an extraction into a graph batch through the one provenance stamper.

Entities bring their direct parents (PART_OF: province -> country -> macro-region);
claims bring their mentions, citations and attributions; report-level references
(bibliography entries, notes and links outside any claim) are CITES from the report.
"""

from __future__ import annotations

import json
from typing import Any

from graph.model import GraphBatch, Node
from graph.provenance import ReportBuilder
from loaders.extract.confidences import method_confidence
from loaders.extraction import Citation, Claim, Credit, Entity, Extraction

LABELS = {"organisation": "Organisation", "region": "Region", "person": "Person",
          "report": "Report"}
GAZETTEER_SOURCE = "conflictkg gazetteer"


def report_node(extraction: Extraction) -> Node:
    """The Report node with its text and hash, so every quote can be re-verified."""
    info = extraction.report
    props: dict[str, Any] = {
        "title": info.title, "publisher": info.publisher, "authors": info.authors or None,
        "published": info.published, "modified": info.modified, "url": info.url,
        "doi": info.doi, "kind": info.kind, "format": info.format, "text": info.text,
        "sha256": info.sha256, "stub": False, "source_name": info.source_name,
        "printed": json.dumps(extraction.printed, ensure_ascii=False) if extraction.printed else None,
    }
    return Node("Report", info.id, {k: v for k, v in props.items() if v is not None})


def entity_node(entity: Entity) -> Node:
    """An Organisation or Region node from an extracted entity."""
    label = LABELS[entity.type]
    props: dict[str, Any] = {"name": entity.name, "aliases": entity.aliases or None,
                             "wikidata": entity.wikidata, "resolved": entity.resolved}
    if label == "Organisation":
        props["kind"] = entity.kind
    else:
        props.update(iso=entity.iso, level=entity.level)
    return Node(label, entity.id, {k: v for k, v in props.items() if v is not None})


def build_batch(extraction: Extraction, ingestion: Node) -> GraphBatch:
    """The report's batch: report, claims, entities, citations, relations, hierarchy."""
    builder = ReportBuilder(report_node(extraction), ingestion, extraction.pages)
    for entity in extraction.entities.values():
        builder.node(entity_node(entity))
        for parent in entity.parents:
            builder.structural("PART_OF", entity.id, parent, source=_hierarchy_source(entity))
    for claim in extraction.claims:
        _add_claim(builder, extraction, claim)
    for citation in extraction.references:
        _add_citation(builder, extraction, extraction.report.id, citation)
    for credit in extraction.credits:
        _add_credit(builder, extraction, credit)
    for stub_id in extraction.described_as:
        _add_description_link(builder, extraction, stub_id)
    for relation in extraction.relations:
        for rel_type, target in (("SUBJECT", relation.subject_id), ("OBJECT", relation.object_id)):
            builder.evidence(rel_type, relation.claim_id, target, relation.start, relation.end,
                             method="pattern", confidence=relation.confidence,
                             predicate=relation.predicate)
    for repub in extraction.republishes:
        if repub.target_id == extraction.report.id:
            continue
        builder.node(Node("Report", repub.target_id,
                          _stub_props(repub.target_url, repub.target_title, repub.target_publisher)))
        builder.evidence("REPUBLISHES", extraction.report.id, repub.target_id, repub.start,
                         repub.end, method="syndication", confidence=repub.confidence,
                         basis=repub.basis)
    return builder.build()


def _hierarchy_source(entity: Entity) -> str:
    """Which gazetteer a PART_OF link comes from (the curated files or generated data)."""
    return GAZETTEER_SOURCE if entity.source == "curated" else f"{GAZETTEER_SOURCE} ({entity.source})"


def _add_claim(builder: ReportBuilder, extraction: Extraction, claim: Claim) -> None:
    builder.claim(claim.start, claim.end, method=claim.method, confidence=claim.confidence,
                  hedged=claim.hedged, hedges=claim.hedges or None,
                  attributed_to=claim.attributed_to or None, sourced=claim.sourced,
                  sourcing=claim.sourcing)
    for mention in claim.mentions:
        builder.evidence("MENTIONS", claim.id, mention.id, mention.start, mention.end,
                         method=mention.method, confidence=mention.confidence,
                         surface=mention.surface)
    for citation in claim.citations:
        _add_citation(builder, extraction, claim.id, citation)


def _add_citation(builder: ReportBuilder, extraction: Extraction, source_id: str,
                  citation: Citation) -> None:
    assert citation.target_id is not None, "citations are resolved to a target before building"
    if citation.target_type == "report":
        if citation.target_id == extraction.report.id:
            return
        described = extraction.described.get(citation.target_id) or citation.described
        stub = (described.props() if described is not None else
                _stub_props(citation.target_url, _stub_title(citation), citation.publisher))
        builder.node(Node("Report", citation.target_id, stub))
        builder.evidence("CITES", source_id, citation.target_id, citation.start, citation.end,
                         method=citation.method, confidence=citation.confidence,
                         kind=citation.kind, target_url=citation.target_url,
                         anchor=citation.anchor, **_attribution_props(citation))
        return
    if citation.target_type == "person":
        builder.node(Node("Person", citation.target_id, {
            "name": citation.target or citation.target_id, "anonymous": citation.anonymous}))
    elif citation.target_id not in extraction.entities:
        builder.node(Node("Organisation", citation.target_id,
                          {"name": citation.target or citation.target_id, "resolved": False}))
    builder.evidence("ATTRIBUTED_TO", source_id, citation.target_id, citation.start, citation.end,
                     method=citation.method, confidence=citation.confidence,
                     anonymous=citation.anonymous, role=citation.role,
                     affiliation=citation.affiliation, affiliation_name=citation.affiliation_name,
                     issuer_root=citation.issuer_root, issuer_part=citation.issuer_part,
                     **_attribution_props(citation))


def _attribution_props(citation: Citation) -> dict[str, Any]:
    """The attribution relation on an evidence edge: kind of source, stance, cue, channel."""
    kind = citation.source_kind or _kind_of(citation)
    return {"source_kind": kind, "stance": citation.stance, "cue": citation.anchor,
            "cue_start": citation.cue_start, "cue_end": citation.cue_end, "via": citation.via,
            "via_name": citation.via_name, "referring": citation.referring}


def _kind_of(citation: Citation) -> str:
    """The source kind of a citation found by a link, note or older pattern."""
    if citation.target_type == "report":
        return "document"
    if citation.anonymous:
        return "anonymous"
    return "person" if citation.target_type == "person" else "organisation"


def _opening_line(text: str) -> tuple[int, int]:
    """The span of the text's first non-blank line: the evidence for what a report says
    of itself in its metadata (a byline credit, being the document a stub described)."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, (end if end > start else len(text))


def _add_description_link(builder: ReportBuilder, extraction: Extraction, stub_id: str) -> None:
    """The described stub continues into this report, the document it described; the
    evidence is the report's opening line (its title as printed)."""
    start, end = _opening_line(extraction.report.text)
    builder.evidence("REPUBLISHES", stub_id, extraction.report.id, start, end,
                     method="described-document", confidence=method_confidence("links", "described-document"),
                     basis="described-document")


def _add_credit(builder: ReportBuilder, extraction: Extraction, credit: Credit) -> None:
    """CREDITS from the report to the agency whose story it is, at the crediting words
    (for a credit in the page's metadata, at the report's opening line)."""
    start, end = credit.start, credit.end
    if end <= start:
        start, end = _opening_line(extraction.report.text)
    if credit.agency_id not in extraction.entities:
        builder.node(Node("Organisation", credit.agency_id, {"name": credit.agency, "resolved": False}))
    builder.evidence("CREDITS", extraction.report.id, credit.agency_id, start, end,
                     method="wire-credit" if credit.basis != "byline" else "metadata",
                     confidence=credit.confidence, basis=credit.basis)


def _stub_title(citation: Citation) -> str | None:
    """A stub's title: the note or entry text, the attribution phrase; not a bare anchor
    like "report" or "here" when the URL says more."""
    if citation.kind == "hyperlink" and citation.target_url and len((citation.target or "").split()) < 3:
        return None
    return citation.target


def _stub_props(url: str | None, title: str | None, publisher: str | None = None) -> dict[str, Any]:
    props = {"url": url, "title": title, "publisher": publisher, "stub": True}
    return {k: v for k, v in props.items() if v is not None}
