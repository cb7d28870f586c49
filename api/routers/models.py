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
