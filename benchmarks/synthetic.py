"""A synthetic corpus for benchmarks: reports that cite one another, with claims and entities.

Reports are built through the real ReportBuilder, so they carry the same provenance
and validation as ingested ones. The shape is fixed by a seed: the same arguments
always give the same graph.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator

from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex

SENTENCE = "{org} fighters were reported moving through {region} in month {month}, sources said."


def entities(orgs: int, regions: int) -> tuple[list[Node], list[Node]]:
    """Organisations and regions; every tenth region is a country the others belong to."""
    org_nodes = [Node("Organisation", entity_id("Organisation", name=f"Group {i}"),
                      {"name": f"Group {i}", "resolved": True}) for i in range(orgs)]
    region_nodes = [Node("Region", entity_id("Region", name=f"Province {i}"),
                         {"name": f"Province {i}", "resolved": True,
                          "level": "country" if i % 10 == 0 else "province"}) for i in range(regions)]
    return org_nodes, region_nodes


def report_url(index: int) -> str:
    """The URL of synthetic report ``index``."""
    return f"https://example.org/synthetic/{index}"


Pick = tuple[Node, Node, int]


def batches(reports: int, claims_per_report: int, seed: int = 7) -> Iterator[GraphBatch]:
    """One batch per report; about a third of claims restate and cite an earlier report's claim."""
    orgs, regions = entities(200, 300)
    countries = {r.id: regions[(i // 10) * 10] for i, r in enumerate(regions)}
    drawn: list[array[int]] = []       # what each report said before restating, as indices
    for index in range(reports):
        drawn.append(_draw(index, claims_per_report, seed, len(orgs), len(regions)))
        yield _report(index, claims_per_report, seed, orgs, regions, countries, drawn)


def _draw(index: int, claims: int, seed: int, orgs: int, regions: int) -> array[int]:
    """What report ``index`` says, before any restating, as (organisation, region, month)
    indices, three per claim: drawn once and kept (a restating claim picks from an earlier
    report's draw, which drawing again cost a third of the corpus's CPU). ``randrange(n)``
    draws what ``choice`` of n items does, so the corpus is the one it always was."""
    rng = random.Random(seed * 1_000_003 + index)
    picks = array("H")
    for _ in range(claims):
        picks.extend((rng.randrange(orgs), rng.randrange(regions), 1 + rng.randrange(12)))
    return picks


def _picks(drawn: array[int], orgs: list[Node], regions: list[Node]) -> list[Pick]:
    """A draw's claims as (organisation, region, month)."""
    return [(orgs[drawn[at]], regions[drawn[at + 1]], drawn[at + 2]) for at in range(0, len(drawn), 3)]


def _report(index: int, claims: int, seed: int, orgs: list[Node], regions: list[Node],
            countries: dict[str, Node], drawn: list[array[int]]) -> GraphBatch:
    """One report; ``countries`` maps each region's id to its country (found by id: a
    search of the list compared whole nodes, 60% of the corpus's CPU)."""
    rng = random.Random(seed * 7_919 + index)
    picks = _picks(drawn[index], orgs, regions)
    cited = [rng.randrange(index) if index > 0 and rng.random() < 0.33 else None for _ in picks]
    for position, source in enumerate(cited):
        if source is not None:  # restate a claim of the cited report, as real reporting does
            picks[position] = rng.choice(_picks(drawn[source], orgs, regions))
    sentences = [SENTENCE.format(org=o.props["name"], region=r.props["name"], month=m) for o, r, m in picks]
    text = " ".join(sentences)
    url = report_url(index)
    day = 1 + index % 28
    report = Node("Report", report_id(url=url), {
        "title": f"Synthetic report {index}", "url": url, "text": text, "sha256": sha256_hex(text),
        "stub": False, "publisher": f"Publisher {index % 50}",
        "published": f"2025-{1 + index % 12:02d}-{day:02d}"})
    builder = ReportBuilder(report, ingestion_node("benchmark", sha256_hex(text), url))
    at = 0
    for (org, region, _), sentence, source in zip(picks, sentences, cited, strict=True):
        claim = builder.claim(at, at + len(sentence), method="sentence", confidence=0.9,
                              hedged=rng.random() < 0.2, sourced=source is not None)
        _mention(builder, claim, org, text, at)
        _mention(builder, claim, region, text, at)
        parent = countries[region.id]
        if parent.id != region.id:
            builder.node(parent)
            builder.structural("PART_OF", region.id, parent.id, source="synthetic")
        if source is not None:
            target = report_id(url=report_url(source))
            builder.node(Node("Report", target, {"url": "https://example.org/stub", "stub": True}))
            builder.evidence("CITES", claim, target, at, at + 10, method="hyperlink",
                             confidence=0.95, kind="hyperlink")
        at += len(sentence) + 1
    return builder.build()


def _mention(builder: ReportBuilder, claim: str, entity: Node, text: str, offset: int) -> None:
    """A gazetteer mention as ingestion writes it, with the words that name the entity (the
    matching counts a name through its entity, not its words and numbers a second time)."""
    name = entity.props["name"]
    start = text.index(name, offset)
    builder.node(entity)
    builder.evidence("MENTIONS", claim, entity.id, start, start + len(name), method="gazetteer",
                     confidence=0.95, surface=name)
