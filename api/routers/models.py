"""The response models of the read routes, declared once: OpenAPI shows them with an
example, the server validates every answer against them, and clients get the same keys
in every object (a missing value is ``null``, never a missing key).

Naming, the same in every route: a record's own id is ``id``, except in an evidence
record, where the claim's is ``claim_id`` beside the ``report_id`` it comes from; an id
of another node is named after what it identifies (``report_id``, ``copy_of``). A list
is always a list (``claims`` holds claims; counts are ``*_count`` or ``total``), and a
paged answer always has ``total``, ``limit`` and ``offset``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CLAIM = "clm:4c9eca2525f885b7"
REPORT = "rep:6adbad40cb39e40c"
ORIGINAL = "rep:0579f746848df675"


def _example(**values: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [values]})


class Evidence(BaseModel):
    """A claim with where it came from: the quote is ``text[start:end]`` of its report."""

    claim_id: str
    quote: str
    start: int
    end: int
    report_id: str
    report_title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    hedged: bool
    sourced: bool
    page: int | None
    copy_of: str | None = Field(description="The report this claim's report republishes, if a copy.")
    copy_of_name: str | None = Field(description="That original as 'publisher, date'.")

    model_config = _example(
        claim_id=CLAIM, quote="Al Qaeda has established new training camps in Kunar.", start=115, end=170,
        report_id=REPORT, report_title="The region cannot look away", publisher="Example Opinion Review",
        published="2025-03-20", url="https://example.com/opinion/region", hedged=False, sourced=True,
        page=None, copy_of=None, copy_of_name=None)


class ClaimItem(Evidence):
    """A claim in a list of claims about an entity, with the entities it links to."""

    entities: list[str]


class EntityRef(BaseModel):
    """An organisation, region or person as answers name it."""

    id: str
    name: str
    label: str

    model_config = _example(id="org:Q34490", name="Al Qaeda", label="Organisation")


class Paged(BaseModel):
    """How many results there are in all, and which page this is."""

    total: int = Field(description="Results in all (for search: up to its cap, see total_capped).")
    limit: int
    offset: int


class ClaimsPage(Paged):
    """One page of claims about an entity."""

    entity: EntityRef
    claims: list[ClaimItem]


class ReportSummary(BaseModel):
    """A report without its text."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    stub: bool | None = Field(description="True for a report that is cited but not ingested.")
    kind: str | None
    authors: list[str] | None
    claim_count: int | None

    model_config = _example(id=REPORT, title="The region cannot look away",
                            publisher="Example Opinion Review", published="2025-03-20",
                            url="https://example.com/opinion/region", stub=False, kind="op-ed",
                            authors=["C. Columnist"], claim_count=5)


class ReportsPage(Paged):
    """One page of reports, by id."""

    reports: list[ReportSummary]


class Link(BaseModel):
    """A relationship from or to a node, with the node at its other end named."""

    type: str
    id: str = Field(description="The node at the other end.")
    label: str | None
    name: str

    model_config = _example(type="REPUBLISHES", id=ORIGINAL, label="Report",
                            name="Example Wire Service, 2025-03-07: Al Qaeda rebuilding camps")


class NodeDescription(BaseModel):
    """Any node: what it is, its evidence when a claim, whose copy when a report, and its
    first links each way (with the totals)."""

    id: str
    label: str
    name: str
    properties: dict[str, Any]
    evidence: Evidence | None = None
    copy_of: str | None = None
    links_out: list[Link]
    links_out_total: int
    links_in: list[Link]
    links_in_total: int


class SearchHit(BaseModel):
    """A node holding every word: its id, label and the field matched, then the fields of
    its kind (a claim's evidence, a report's summary, an entity's properties)."""

    id: str
    label: str
    field: str

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": CLAIM, "label": "Claim", "field": "text", "claim_id": CLAIM,
        "quote": "Al Qaeda has established new training camps in Kunar.", "report_id": REPORT}]})


class SearchPage(Paged):
    """One page of search results, ordered by id."""

    query: str
    total_capped: bool = Field(description="True when there are more than the cap of results counted.")
    results: list[SearchHit]


# ------------------------------------------------------------------ nodes, edges, subgraphs

class GraphNode(BaseModel):
    """A stored node: its id and label, then its properties (which vary by label)."""

    id: str
    label: str

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "org:Q34490", "label": "Organisation", "name": "Al Qaeda", "aliases": ["al-Qaida"]}]})


class GraphEdge(BaseModel):
    """A stored relationship: type, ends and id, then its properties (provenance included)."""

    id: str
    type: str
    source: str
    target: str

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "edg:9f1c2b7a0d3e4f56", "type": "MENTIONS", "source": CLAIM, "target": "org:Q34490",
        "report_id": REPORT, "start": 115, "end": 123, "quote": "Al Qaeda", "method": "gazetteer"}]})


class Neighbourhood(BaseModel):
    """The nodes and edges around a node; ``truncated`` when the store stopped collecting."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


# ------------------------------------------------------------------ claims and reports

class ClaimLink(GraphEdge):
    """An edge out of a claim, with the node at its end named."""

    target_name: str | None


class ClaimDetail(Evidence):
    """A claim's evidence and every edge out of it (mentions, citations, attributions)."""

    links: list[ClaimLink]


class SourceChain(BaseModel):
    """Every path from a claim (or report) back to its origins; the hops and origins are
    described in docs/corroboration.md and keep the keys of queries.chain."""

    start: str
    flags: dict[str, bool]
    capped: dict[str, bool]
    limits: dict[str, int]
    origins: list[dict[str, Any]]
    paths: list[dict[str, Any]]

    model_config = _example(start=CLAIM, flags={"unsourced": False, "single_origin": True},
                            capped={"depth": False, "paths": False}, limits={"max_depth": 6, "max_paths": 50},
                            origins=[{"type": "primary", "report_id": ORIGINAL}], paths=[])


class ReportDetail(ReportSummary):
    """A report with its claims (each with its span), what it cites and republishes, and
    its text when asked for (``null`` otherwise)."""

    sha256: str | None
    claims: list[Evidence]
    links: list[GraphEdge]
    text: str | None = None


# ------------------------------------------------------------------ entities

class MonthCount(BaseModel):
    """Claims in one month (``undated`` for claims with no date)."""

    month: str
    claims: int


class CoMention(EntityRef):
    """An entity named beside another, and in how many claims."""

    claims: int


class EntityProfile(BaseModel):
    """Who or what an entity is, how often it is mentioned, with whom, and where it sits."""

    entity: GraphNode
    part_of: list[EntityRef]
    contains: list[str] = Field(description="Ids of the regions inside a region.")
    claim_count: int
    report_count: int
    hedged_claim_count: int
    co_mentioned: list[CoMention]
    timeline: list[MonthCount]

    model_config = _example(
        entity={"id": "reg:iso-af", "label": "Region", "name": "Afghanistan", "level": "country"},
        part_of=[], contains=["reg:kunar"], claim_count=12, report_count=4, hedged_claim_count=3,
        co_mentioned=[{"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation", "claims": 5}],
        timeline=[{"month": "2025-03", "claims": 12}])


class RelationLink(BaseModel):
    """The claims that say subject -predicate-> object, and their independent origins."""

    subject: str
    predicate: str
    object: str
    independent_origins: int
    claims: list[Evidence]


class CoMentionClaims(BaseModel):
    """The claims that name both entities without relating them."""

    claims: list[Evidence]
    independent_origins: int


class Relationship(BaseModel):
    """How two entities are linked, with every supporting claim."""

    entities: list[EntityRef]
    relations: list[RelationLink]
    co_mentions: CoMentionClaims


# ------------------------------------------------------------------ the actor network

class EvidenceCounts(BaseModel):
    """What a network result rests on (``independent_origins`` is ``null`` when not counted)."""

    claims: int
    reports: int
    independent_origins: int | None
    hedged_share: float
    first: str | None
    last: str | None

    model_config = _example(claims=7, reports=5, independent_origins=3, hedged_share=0.143,
                            first="2024-02-01", last="2024-11-30")


class NetworkEdge(EvidenceCounts):
    """All claims that link two entities with one predicate."""

    source: str
    source_name: str
    target: str
    target_name: str
    predicate: str
    directed: bool


class NetworkNode(EvidenceCounts):
    """An entity of the network with the evidence of its edges."""

    id: str
    name: str
    label: str


class NetworkTotals(EvidenceCounts):
    """The whole network's size and evidence."""

    nodes: int
    edges: int


class ActorNetworkAnswer(BaseModel):
    """The actor network: one edge per pair and predicate, with the evidence behind each."""

    filters: dict[str, Any]
    notes: list[str]
    totals: NetworkTotals
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class MeasuredNode(BaseModel):
    """An entity's measures (most central first) and the evidence they rest on."""

    id: str
    name: str
    label: str
    degree: int
    weighted_degree: float
    betweenness: float
    pagerank: float
    community: int | None
    communities_linked: int = Field(description="Other communities it has links into.")
    evidence: EvidenceCounts


class Member(BaseModel):
    """An entity in a community."""

    id: str
    name: str


class Community(BaseModel):
    """A Louvain community (0 is the largest) and the evidence of the links inside it."""

    community: int
    size: int
    members: list[Member]
    internal_edges: int
    evidence: EvidenceCounts


class Bridge(BaseModel):
    """A link whose removal splits the network."""

    source: str
    source_name: str
    target: str
    target_name: str
    predicates: str
    evidence: EvidenceCounts


class CutPoint(BaseModel):
    """An entity whose removal splits the network."""

    id: str
    name: str
    degree: int
    evidence: EvidenceCounts


class MeasuresTotals(NetworkTotals):
    """The flattened network's size, its communities and its evidence."""

    communities: int


class Measures(BaseModel):
    """Every measure of a network (or an ego network) at once."""

    weight: str
    filters: dict[str, Any]
    notes: list[str]
    totals: MeasuresTotals
    modularity: float
    nodes: list[MeasuredNode]
    communities: list[Community]
    bridges: list[Bridge]
    articulation_points: list[CutPoint]


class EdgeClaim(Evidence):
    """A claim behind an edge, with the origins (named by their first report) it traces to."""

    independent_origins: list[str] | None


class EdgeExpansion(BaseModel):
    """The claims behind the edges between two entities, one page of them."""

    entities: list[EntityRef]
    edges: list[NetworkEdge]
    total: EvidenceCounts
    offset: int
    notes: list[str]
    claims: list[EdgeClaim]
