"""The response models of the read routes, declared once: OpenAPI shows them with an
example, the server validates every answer against them, and clients get the same keys
in every object (a missing value is ``null``, never a missing key).

Naming, the same in every route: a record's own id is ``id``, except in an evidence
record (and an event, which is a claim of a dataset), where the claim's is ``claim_id``
beside the ``report_id`` it comes from; an id of another node is named after what it
identifies (``report_id``, ``copy_of``). A list is always a list (``claims`` holds claims;
counts are ``*_count`` or ``total``), and a paged answer always has ``total``, ``limit``
and ``offset``. Two families keep the keys their queries give, each field described: the
network's evidence counts (``claims``, ``reports``: numbers, as in EvidenceCounts) and
the corroboration counts (``corroborating``: a number, for a claim and for a dataset
event alike; an event's answer lists the claims under ``claims``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from queries.results import Answer

CLAIM = "clm:4c9eca2525f885b7"
REPORT = "rep:6adbad40cb39e40c"
ORIGINAL = "rep:0579f746848df675"


EVIDENCE_EXAMPLE: dict[str, Any] = {
    "claim_id": CLAIM, "quote": "Al Qaeda has established new training camps in Kunar.", "start": 115,
    "end": 170, "report_id": REPORT, "report_title": "The region cannot look away",
    "publisher": "Example Opinion Review", "published": "2025-03-20", "url": "https://example.com/opinion/region",
    "hedged": False, "sourced": True, "page": None, "copy_of": None, "copy_of_name": None}


_REPORT: dict[str, Any] = {
    "id": REPORT, "title": "The region cannot look away", "publisher": "Example Opinion Review",
    "published": "2025-03-20", "url": "https://example.com/opinion/region", "stub": False, "kind": "op-ed",
    "authors": ["C. Columnist"], "claim_count": 5}
_COUNTS: dict[str, Any] = {"claims": 7, "reports": 5, "independent_origins": 3, "hedged_share": 0.143,
                           "first": "2024-02-01", "last": "2024-11-30"}
_EDGE: dict[str, Any] = {"source": "org:Q34490", "source_name": "Al Qaeda", "target": "reg:kunar",
                         "target_name": "Kunar", "predicate": "operates_in", "directed": True, **_COUNTS}


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

    model_config = _example(**EVIDENCE_EXAMPLE)


class ClaimItem(Evidence):
    """A claim in a list of claims about an entity, with the entities it links to."""

    entities: list[str]

    model_config = _example(**EVIDENCE_EXAMPLE, entities=["org:Q34490", "reg:kunar"])


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

    model_config = _example(total=12, limit=1, offset=0,
                            entity={"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation"},
                            claims=[{**EVIDENCE_EXAMPLE, "entities": ["org:Q34490", "reg:kunar"]}])


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

    model_config = _example(total=16, limit=1, offset=0, reports=[_REPORT])


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

    model_config = _example(
        id=REPORT, label="Report", name="Example Opinion Review, 2025-03-20: The region cannot look away",
        properties={"title": "The region cannot look away", "publisher": "Example Opinion Review",
                    "published": "2025-03-20", "url": "https://example.com/opinion/region"},
        evidence=None, copy_of=None,
        links_out=[{"type": "MAKES", "id": CLAIM, "label": "Claim",
                    "name": "Al Qaeda has established new training camps in Kunar."}],
        links_out_total=5, links_in=[], links_in_total=0)


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

    model_config = _example(total=3, limit=1, offset=0, query="training camps", total_capped=False,
                            results=[{"id": CLAIM, "label": "Claim", "field": "text", **EVIDENCE_EXAMPLE}])


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

    model_config = _example(
        nodes=[{"id": CLAIM, "label": "Claim", "text": EVIDENCE_EXAMPLE["quote"]},
               {"id": "org:Q34490", "label": "Organisation", "name": "Al Qaeda"}],
        edges=[{"id": "edg:9f1c2b7a0d3e4f56", "type": "MENTIONS", "source": CLAIM, "target": "org:Q34490",
                "report_id": REPORT, "start": 115, "end": 123, "quote": "Al Qaeda", "method": "gazetteer"}],
        truncated=False)


# ------------------------------------------------------------------ claims and reports

class ClaimLink(GraphEdge):
    """An edge out of a claim, with the node at its end named."""

    target_name: str | None

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "edg:9f1c2b7a0d3e4f56", "type": "MENTIONS", "source": CLAIM, "target": "org:Q34490",
        "target_name": "Al Qaeda", "report_id": REPORT, "quote": "Al Qaeda", "method": "gazetteer"}]})


class ClaimDetail(Evidence):
    """A claim's evidence and every edge out of it (mentions, citations, attributions)."""

    links: list[ClaimLink]

    model_config = _example(**EVIDENCE_EXAMPLE, links=[{
        "id": "edg:9f1c2b7a0d3e4f56", "type": "MENTIONS", "source": CLAIM, "target": "org:Q34490",
        "target_name": "Al Qaeda"}])


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

    model_config = _example(**_REPORT, sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00",
                            claims=[EVIDENCE_EXAMPLE], links=[{
                                "id": "edg:1d2c3b4a59687766", "type": "REPUBLISHES", "source": REPORT,
                                "target": ORIGINAL, "basis": "declared"}], text=None)


# ------------------------------------------------------------------ entities

class MonthCount(BaseModel):
    """Claims in one month (``undated`` for claims with no date)."""

    month: str
    claims: int


class CoMention(EntityRef):
    """An entity named beside another, and in how many claims."""

    claims: int

    model_config = _example(id="org:Q34490", name="Al Qaeda", label="Organisation", claims=5)


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

    model_config = _example(
        entities=[{"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation"},
                  {"id": "reg:kunar", "name": "Kunar", "label": "Region"}],
        relations=[{"subject": "org:Q34490", "predicate": "operates_in", "object": "reg:kunar",
                    "independent_origins": 1, "claims": [EVIDENCE_EXAMPLE]}],
        co_mentions={"claims": [], "independent_origins": 0})


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

    model_config = _example(**_EDGE)


class NetworkNode(EvidenceCounts):
    """An entity of the network with the evidence of its edges."""

    id: str
    name: str
    label: str

    model_config = _example(id="org:Q34490", name="Al Qaeda", label="Organisation", **_COUNTS)


class NetworkTotals(EvidenceCounts):
    """The whole network's size and evidence."""

    nodes: int
    edges: int

    model_config = _example(nodes=2, edges=1, **_COUNTS)


class ActorNetworkAnswer(BaseModel):
    """The actor network: one edge per pair and predicate, with the evidence behind each."""

    filters: dict[str, Any]
    notes: list[str]
    totals: NetworkTotals
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]

    model_config = _example(
        filters={"include_regions": True}, notes=[],
        totals={"nodes": 2, "edges": 1, **_COUNTS},
        nodes=[{"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation", **_COUNTS},
               {"id": "reg:kunar", "name": "Kunar", "label": "Region", **_COUNTS}],
        edges=[_EDGE])


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

    model_config = _example(nodes=2, edges=1, communities=1, **_COUNTS)


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

    model_config = _example(
        weight="claims", filters={"include_regions": True}, notes=[],
        totals={"nodes": 2, "edges": 1, "communities": 1, **_COUNTS}, modularity=0.0,
        nodes=[{"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation", "degree": 1,
                "weighted_degree": 7.0, "betweenness": 0.0, "pagerank": 0.5, "community": 0,
                "communities_linked": 0, "evidence": _COUNTS}],
        communities=[{"community": 0, "size": 2, "members": [{"id": "org:Q34490", "name": "Al Qaeda"},
                                                             {"id": "reg:kunar", "name": "Kunar"}],
                      "internal_edges": 1, "evidence": _COUNTS}],
        bridges=[{"source": "org:Q34490", "source_name": "Al Qaeda", "target": "reg:kunar",
                  "target_name": "Kunar", "predicates": "operates_in", "evidence": _COUNTS}],
        articulation_points=[])


class EdgeClaim(Evidence):
    """A claim behind an edge, with the origins (named by their first report) it traces to."""

    independent_origins: list[str] | None

    model_config = _example(**EVIDENCE_EXAMPLE, independent_origins=[ORIGINAL])


class EdgeExpansion(BaseModel):
    """The claims behind the edges between two entities, one page of them."""

    entities: list[EntityRef]
    edges: list[NetworkEdge]
    total: EvidenceCounts
    offset: int
    notes: list[str]
    claims: list[EdgeClaim]

    model_config = _example(
        entities=[{"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation"},
                  {"id": "reg:kunar", "name": "Kunar", "label": "Region"}],
        edges=[_EDGE], total=_COUNTS, offset=0, notes=[],
        claims=[{**EVIDENCE_EXAMPLE, "independent_origins": [ORIGINAL]}])


# ------------------------------------------------------------------ snapshots, dependency, publishers

class EdgeChange(BaseModel):
    """An edge (pair and predicate) whose weight changed from one year to the next (0: absent)."""

    source: str
    source_name: str
    target: str
    target_name: str
    predicate: str
    before: int
    after: int


class CommunityMove(BaseModel):
    """An entity whose community changed: whom it left and whom it joined (by name)."""

    id: str
    name: str
    left: list[str]
    joined: list[str]


class YearChanges(BaseModel):
    """What changed from the year before."""

    edges_added: list[EdgeChange]
    edges_removed: list[EdgeChange]
    edges_changed: list[EdgeChange]
    entities_joined: list[str] = Field(description="Ids of entities new this year.")
    entities_left: list[str] = Field(description="Ids of entities gone this year.")
    community_moves: list[CommunityMove]


class YearSnapshot(BaseModel):
    """One year's network: its measures, and its changes (``null`` for the first year)."""

    year: str
    totals: MeasuresTotals
    notes: list[str]
    most_central: list[MeasuredNode]
    communities: list[Community]
    bridges: list[Bridge]
    articulation_points: list[CutPoint]
    changes: YearChanges | None = None


class Snapshots(BaseModel):
    """The network year by year (by the claims' publication year)."""

    weight: str
    filters: dict[str, Any]
    notes: list[str]
    years: list[YearSnapshot]

    model_config = _example(weight="claims", filters={"include_regions": True}, notes=[], years=[{
        "year": "2025", "totals": {"nodes": 2, "edges": 1, "communities": 1, "claims": 4, "reports": 4,
                                   "independent_origins": 1, "hedged_share": 0.0,
                                   "first": "2025-04-01", "last": "2025-04-08"},
        "notes": [], "most_central": [], "communities": [], "bridges": [], "articulation_points": [],
        "changes": None}])


class Origin(BaseModel):
    """One source node a group of claims rests on: the chain's end (``type``, the report
    it is in), the source's key, kind and name, and why it counts as it does (``note``).
    Answers that describe the origin's report add its fields (title, publisher, ...)."""

    type: str
    report_id: str | None
    source: str
    kind: str
    name: str | None
    note: str | None = None
    attributed_to: str | None = Field(default=None, description="The person or body it is attributed to.")

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "primary", "report_id": ORIGINAL, "source": f"own:{ORIGINAL}", "kind": "own",
        "name": "Example Wire Service", "note": "the report cites nothing: the outlet's own reporting",
        "attributed_to": None}]})


class DescribedOrigin(Origin):
    """An origin with its report's title, publisher, date, URL and stub flag."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    stub: bool | None = None

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "primary", "report_id": ORIGINAL, "source": f"own:{ORIGINAL}", "kind": "own",
        "name": "Example Wire Service", "note": None, "attributed_to": None,
        "title": "Al Qaeda rebuilding camps", "publisher": "Example Wire Service", "published": "2025-03-07",
        "url": "https://example.com/wire/camps", "stub": False}]})


class OriginShare(BaseModel):
    """Origins that count as one, and the share of the entity's claims resting on them."""

    origins: list[DescribedOrigin]
    claims: int = Field(description="How many claims rest on this group (their ids: claim_ids).")
    share: float
    claim_ids: list[str]


class ConcentrationStep(BaseModel):
    """The first ``origins`` groups together: how many claims (and what share) they hold."""

    origins: int
    claims: int
    share: float


class SourceDependency(BaseModel):
    """Which independent origins the claims about an entity rest on, and each one's share."""

    entity: EntityRef
    region: EntityRef | None
    since: str | None
    until: str | None
    claims: int = Field(description="Claims about the entity in the period (a count, as in the "
                        "network routes).")
    independent_origins: int
    headline: str
    concentration: list[ConcentrationStep]
    origins: list[OriginShare]

    model_config = _example(
        entity={"id": "org:Q34490", "name": "Al Qaeda", "label": "Organisation"}, region=None, since=None,
        until=None, claims=4, independent_origins=1,
        headline="100% of 4 claims about Al Qaeda trace to 1 of 1 independent origin(s).",
        concentration=[{"origins": 1, "claims": 4, "share": 1.0}],
        origins=[{"origins": [{"type": "primary", "report_id": ORIGINAL, "source": f"own:{ORIGINAL}",
                               "kind": "own", "name": "Example Wire Service", "note": None,
                               "attributed_to": None, "title": "Al Qaeda rebuilding camps",
                               "publisher": "Example Wire Service", "published": "2025-03-07",
                               "url": "https://example.com/wire/camps", "stub": False}],
                  "claims": 4, "share": 1.0, "claim_ids": [CLAIM]}])


class Publisher(BaseModel):
    """A publisher: how often its reports cite or copy others', and are cited or copied."""

    publisher: str
    cites: int
    cited_by: int
    self_citations: int
    community: int | None


class PublisherLink(BaseModel):
    """Citations and copies from one publisher's reports to another's."""

    from_: str = Field(alias="from")
    to: str
    citations: int
    republications: int
    weight: int


class PublisherCommunity(BaseModel):
    """Publishers that cite or copy one another more than others."""

    community: int
    publishers: list[str]


class CircularCluster(BaseModel):
    """Publishers that cite or copy one another round a loop, and the links of the loop."""

    publishers: list[str]
    edges: list[PublisherLink]


class PublisherNetwork(BaseModel):
    """Who repeats whom: publishers linked by citations and copies, communities, and
    circular clusters (publishers citing one another round a loop)."""

    since: str | None
    until: str | None
    nodes: list[Publisher]
    edges: list[PublisherLink]
    communities: list[PublisherCommunity]
    circular_clusters: list[CircularCluster]
    notes: list[str]

    model_config = _example(
        since=None, until=None,
        nodes=[{"publisher": "Example Wire Service", "cites": 0, "cited_by": 1, "self_citations": 0,
                "community": 0},
               {"publisher": "Example Opinion Review", "cites": 1, "cited_by": 0, "self_citations": 0,
                "community": 0}],
        edges=[{"from": "Example Opinion Review", "to": "Example Wire Service", "citations": 0,
                "republications": 1, "weight": 1}],
        communities=[{"community": 0, "publishers": ["Example Opinion Review", "Example Wire Service"]}],
        circular_clusters=[], notes=["Citations within one publisher are counted apart (self_citations)."])


# ------------------------------------------------------------------ corroboration

class MatchDetail(BaseModel):
    """How a claim compares with the one asked about: score, shared features by kind
    (words, concepts, numbers, dates, entities), conflicts, and whether it opposes it."""

    score: float
    shared: dict[str, list[str]]
    conflicts: list[dict[str, Any]]
    opposed: bool


class GroupClaim(Evidence):
    """A claim of an origin group: ``asked`` for the claim asked about, which has no ``match``."""

    asked: bool
    match: MatchDetail | None = None

    model_config = _example(**EVIDENCE_EXAMPLE, asked=False, match={
        "score": 1.19, "shared": {"words": ["camps", "kunar"]}, "conflicts": [], "opposed": False})


class OriginGroupAnswer(BaseModel):
    """Claims that rest on origins counting as one, and why they count as one."""

    source: str | None
    kind: str
    why: list[str]
    origins: list[Origin]
    claims: list[GroupClaim]


class Conflict(BaseModel):
    """A claim that denies the one asked about (``denial``), or tells the same event with a
    count that cannot also be true (``number``: what is counted, and both claims' values).

    The other claim's id is ``claim_id``, as everywhere else: one id has one name in every
    answer."""

    kind: str
    claim_id: str = Field(description="The other claim's id (its evidence is under ``claim``).")
    what: str | None = None
    values: list[list[str]] | None = None
    claim: Evidence | None = None
    match: MatchDetail

    model_config = _example(
        kind="number", claim_id="clm:7d2e5a1c90b34f68", what="kill", values=[["32"], ["eight"]],
        claim={**EVIDENCE_EXAMPLE, "claim_id": "clm:7d2e5a1c90b34f68",
               "quote": "Eight people were killed in the attack, officials said."},
        match={"score": 0.91, "shared": {"concepts": ["kill"]}, "conflicts": [
            {"kind": "number", "what": "kill", "values": [["32"], ["eight"]]}], "opposed": False})


class CountedAsOne(BaseModel):
    """An origin group of several sources, and why they count as one."""

    source: str | None
    kind: str
    why: list[str]


class CandidateSearch(BaseModel):
    """How the claims compared were found: the index words looked up, those too common to
    use, and how many claims shared enough of them."""

    looked_up: list[str]
    too_common: list[str]
    claims_sharing_words: int
    sharing_too_little: int
    compared: int
    stopped_at: int | None


class ChainLimits(BaseModel):
    """Whether tracing the claims to their origins hit a limit."""

    capped: dict[str, bool]
    max_depth: int
    max_paths_per_claim: int


class CorroborationAnswer(BaseModel):
    """Who else states the claim (grouped by independent origin), who contradicts it, and
    how the comparison was made. ``corroborating`` and ``disagreeing`` are counts of the
    claims listed under ``groups`` (less the claim asked about) and ``conflicts``."""

    independent_origins: int
    corroborating: int
    disagreeing: int
    claim: Evidence
    match_rule: str
    groups: list[OriginGroupAnswer]
    conflicts: list[Conflict]
    counted_as_one: list[CountedAsOne]
    candidates: CandidateSearch
    chains: ChainLimits

    model_config = _example(
        independent_origins=1, corroborating=1, disagreeing=0,
        claim=EVIDENCE_EXAMPLE,
        match_rule="features shared ... >= the match threshold of the shorter claim's weight",
        groups=[{"source": "officials", "kind": "anonymous", "why": ["2 claims rest on anonymous officials"],
                 "origins": [{"type": "primary", "report_id": ORIGINAL, "source": "anonymous:per:officials",
                              "kind": "anonymous", "name": "officials", "note": None,
                              "attributed_to": "per:officials"}],
                 "claims": []}],
        conflicts=[], counted_as_one=[{"source": "officials", "kind": "anonymous",
                                       "why": ["2 claims rest on anonymous officials"]}],
        candidates={"looked_up": ["kunar", "camps"], "too_common": [], "claims_sharing_words": 1,
                    "sharing_too_little": 0, "compared": 1, "stopped_at": None},
        chains={"capped": {"depth": False, "paths": False}, "max_depth": 8, "max_paths_per_claim": 50})


# ------------------------------------------------------------------ drawn views as data

class VisNode(BaseModel):
    """A node as vis-network draws it: id and caption, then drawing options (shape,
    colour, level, tooltip ``title``), which vary by kind and role."""

    id: str
    label: str

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": CLAIM, "label": "Example Opinion Review · 2025-03-20", "shape": "dot", "level": 0}]})


class VisEdge(BaseModel):
    """An edge as vis-network draws it: id and ends, then drawing options."""

    id: str
    from_: str = Field(alias="from")
    to: str

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "chain:4621472169539b02", "from": CLAIM, "to": ORIGINAL, "label": "republishes",
        "arrows": "to"}]})


class DrawnEvidence(BaseModel):
    """A quote as the evidence panel shows it, with the text around it (``null`` when the
    report's text is not stored) and, for a claim, its id, hedging and sourcing."""

    quote: str | None
    start: int
    end: int
    method: str | None
    confidence: float | None
    report_id: str
    report_title: str | None
    publisher: str | None
    published: str | None
    url: str | None = Field(description="The report's URL when it is safe to link (http or https).")
    url_text: str | None = Field(description="The report's URL as stored, shown as text.")
    stub: bool
    claim_id: str | None = None
    hedged: bool | None = None
    sourced: bool | None = None
    edge_type: str | None = None
    before: str | None = None
    span: str | None = None
    after: str | None = None


class Hidden(BaseModel):
    """A node left out of the drawing, gathered in a "+N" box."""

    id: str
    label: str
    caption: str


class DrawnNode(BaseModel):
    """What the side panel shows of a drawn node."""

    label: str
    caption: str
    role: str | None
    fields: dict[str, Any]
    evidence: list[DrawnEvidence]
    hidden: list[Hidden]


class DrawnEdge(BaseModel):
    """What the side panel shows of a drawn edge."""

    type: str
    source: str
    target: str
    role: str | None
    fields: dict[str, Any]
    evidence: list[DrawnEvidence]


class ViewDetails(BaseModel):
    """Every drawn node and edge by id, with its fields and evidence."""

    nodes: dict[str, DrawnNode]
    edges: dict[str, DrawnEdge]


class LegendEntry(BaseModel):
    """A colour and shape the drawing uses, and what it stands for."""

    kind: str
    name: str
    color: str
    shape: str


class ViewCounts(BaseModel):
    """Nodes drawn, nodes in all (more than drawn when the drawing limit ``cap`` was hit), edges."""

    drawn: int
    total: int
    edges: int
    cap: int


class ViewData(BaseModel):
    """A drawn view as JSON: what the explorer (or any client) needs to draw it and to
    show every node's and edge's evidence."""

    kind: str
    title: str
    focus: str | None
    hierarchical: bool
    notes: list[str]
    links: dict[str, str] = Field(description="Onward pages by name ('chain', 'entity', ...).")
    citation: str | None = Field(description="The chain as a note to paste (chain views only).")
    permalink: str | None
    counts: ViewCounts
    legend: list[LegendEntry]
    nodes: list[VisNode]
    edges: list[VisEdge]
    details: ViewDetails

    model_config = _example(
        kind="chain", title="Source chain: Al Qaeda has established new training camps in Kunar.",
        focus=CLAIM, hierarchical=True, notes=["1 path(s) to 1 distinct origin(s)."], links={},
        citation=None, permalink=f"/view/chain/{CLAIM}",
        counts={"drawn": 1, "total": 1, "edges": 0, "cap": 300},
        legend=[{"kind": "label", "name": "Claim", "color": "#f28e2b", "shape": "dot"}],
        nodes=[{"id": CLAIM, "label": "Example Opinion Review · 2025-03-20", "shape": "dot", "level": 0}],
        edges=[], details={"nodes": {CLAIM: {
            "label": "Claim", "caption": "Example Opinion Review · 2025-03-20", "role": "focus",
            "fields": {"hedged": False, "sourced": True}, "evidence": [], "hidden": []}}, "edges": {}})


# ------------------------------------------------------------------ dataset events

EVENT_EXAMPLE: dict[str, Any] = {
    "claim_id": CLAIM, "text": "Government of Afghanistan vs Taleban, at Kunar, on 2024-03-02.",
    "dataset": "UCDP GED", "record_id": "900001", "report_id": REPORT, "license": "CC BY 4.0",
    "redistribution": "allowed with attribution", "date_start": "2024-03-02", "date_end": "2024-03-02",
    "date_precision": "exact day", "actors": [{"id": "org:ucdp-130", "name": "Government of Afghanistan"}],
    "place": {"id": "reg:iso-af-knr", "name": "Kunar"}, "deaths": {"best": 4, "low": 4, "high": 4},
    "source_count": 1, "sources": [{
        "id": ORIGINAL, "relation": "CITES", "role": "dataset-source", "name": "Clash near Asadabad",
        "url": None, "publisher": "Example Wire Service", "published": "2024-03-03", "ingested": False,
        "quote": "Clash near Asadabad", "field": "source_headline", "row": 2}]}


class Deaths(BaseModel):
    """The dataset's death counts (``null`` where it gives none)."""

    best: int | None = None
    low: int | None = None
    high: int | None = None


class Place(BaseModel):
    """Where the event happened, as a region of the graph."""

    id: str
    name: str | None


class EventSource(BaseModel):
    """A document or outlet the dataset names as the event's source, as a node of the graph."""

    id: str
    relation: str
    role: str | None
    name: str | None
    url: str | None
    publisher: str | None
    published: str | None
    ingested: bool = Field(description="True when the source is an ingested report, not a stub.")
    quote: str | None
    field: str | None = Field(description="The dataset's column the source was read from.")
    row: int | None


class EventRecord(BaseModel):
    """An event of a dataset (a claim of the dataset's record): when, who, where, deaths,
    licence, and the sources the dataset names. Its own id is ``claim_id``, as in evidence."""

    claim_id: str
    text: str | None
    dataset: str | None
    record_id: str | None
    report_id: str | None
    license: str | None
    redistribution: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    actors: list[Member]
    place: Place | None
    deaths: Deaths
    source_count: int | None
    sources: list[EventSource]

    model_config = _example(**EVENT_EXAMPLE)


class EventsPage(Paged):
    """One page of events, newest first."""

    events: list[EventRecord]

    model_config = _example(total=1, limit=50, offset=0,
                            events=[EVENT_EXAMPLE])


class EventMatch(BaseModel):
    """A report claim that tells of the event: its actors and places among the event's."""

    claim_id: str
    text: str | None
    report_id: str | None
    published: str
    publisher: str | None = Field(default=None, description="The publisher of the claim's report.")
    actors: list[str]
    places: list[str]


class EventCorroboration(BaseModel):
    """Report claims that tell of the event, their independent origins, and the dataset's
    own source count beside them. As in a claim's corroboration, ``corroborating`` is a
    count; ``claims`` lists them (queries/events.py)."""

    event: EventRecord
    corroborating: int
    claims: list[EventMatch]
    independent_origins: int
    dataset_source_count: int | None
    comparison: str

    model_config = _example(
        event=EVENT_EXAMPLE, corroborating=1,
        claims=[{"claim_id": CLAIM, "text": "Forces of the Government of Afghanistan and the Taleban "
                        "clashed near Asadabad in Kunar on Saturday, leaving four people dead.",
                        "report_id": REPORT, "published": "2024-03-03", "publisher": "Kabul Ledger",
                        "actors": ["org:ucdp-130"], "places": ["reg:iso-af-knr"]}],
        independent_origins=1, dataset_source_count=1,
        comparison="as many independent origins as the dataset's sources")


# ------------------------------------------------------------------ one serialiser for all

def sent(model: Any, value: Any) -> Any:
    """The JSON a route whose response model is ``model`` sends for ``value``: validated,
    every optional key present (``null`` when empty), names as clients read them (``from``,
    ``claim_id``). The CLI's ``--json`` prints this too, so a question asked in the
    terminal and over HTTP is answered in one shape. A query's answer is sent as its
    ``to_dict()``, as a route returns it."""
    if isinstance(value, Answer):
        value = value.to_dict()
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    return adapter.dump_python(adapter.validate_python(value), mode="json", by_alias=True)
