"""Reports: list, read, chain, upload (with the write key) and delete (with the write key)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, HTTPException, Query, Response, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.deps import ExtractionDep, ReadAccess, SettingsDep, StoreDep, WriteAccess
from api.routers.models import ReportDetail, ReportsPage, SourceChain
from api.routers.params import Limit, Offset
from api.viz.evidence import span_context
from loaders.datasets.reader import sniff_bytes
from loaders.errors import LoadError
from loaders.ingest import IngestOutcome, ingest_extracted
from loaders.readers.text import LIMITS
from loaders.source import source_from_bytes
from queries.chain import MAX_DEPTH, MAX_PATHS, NotFoundError, source_chain
from queries.evidence import load_evidence, report_summary
from queries.ids import resolve_id

router = APIRouter(prefix="/reports", tags=["reports"])
FIELD_CHARS: dict[str, int] = LIMITS["field_chars"]
_SURROGATE = re.compile("[\ud800-\udfff]")
# what YAML 1.1 allows unescaped in a double-quoted scalar (besides tab and newline)
_NOT_YAML_PRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class TextReport(BaseModel):
    """A report sent as text (no file, no URL needed); text that is not Unicode (a lone
    surrogate escape in the JSON) is refused with a 422."""

    text: str = Field(min_length=1, max_length=5_000_000)
    title: str | None = Field(default=None, max_length=FIELD_CHARS["title"])
    publisher: str | None = Field(default=None, max_length=FIELD_CHARS["publisher"])
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}",
                                  max_length=FIELD_CHARS["published"])
    url: str | None = Field(default=None, max_length=FIELD_CHARS["url"])

    @field_validator("text", "title", "publisher", "url")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        if value is not None and _SURROGATE.search(value):
            raise ValueError("contains a lone surrogate (not Unicode text)")
        return value


class DatasetFileRefused(BaseModel):
    """A dataset file sent where reports go: which dataset it is and where to send it."""

    detail: str
    format: str = Field(description="The dataset format read from the file's header.")
    dataset: str
    route: str = Field(description="The route that ingests it: one event per row.")


EVENTS_ROUTE = "POST /events"
DATASET_REFUSED: dict[int | str, dict[str, Any]] = {415: {
    "model": DatasetFileRefused,
    "description": "The file is a conflict-event dataset (UCDP GED, ACLED, GDELT), not a "
                   "report: send it to POST /events, which makes one event per row.",
    "content": {"application/json": {"example": {
        "detail": "ged.csv is a UCDP GED file (format ucdp-ged), not a report: send it to "
                  "POST /events, which reads one event per row",
        "format": "ucdp-ged", "dataset": "UCDP GED", "route": EVENTS_ROUTE}}}}}


def _dataset_refusal(name: str, data: bytes) -> JSONResponse | None:
    """A 415 for a dataset file: read as text, each row would become one bare claim with
    no actor, place or source, so it is sent where it loads as events instead."""
    fmt = sniff_bytes(data)
    if fmt is None:
        return None
    body = DatasetFileRefused(
        detail=f"{name} is a {fmt.dataset} file (format {fmt.name}), not a report: send it "
               f"to {EVENTS_ROUTE}, which reads one event per row",
        format=fmt.name, dataset=fmt.dataset, route=EVENTS_ROUTE)
    return JSONResponse(body.model_dump(), status_code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)


@router.get("", dependencies=[ReadAccess], response_model=ReportsPage)
def list_reports(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                 stub: bool | None = None) -> dict[str, Any]:
    """Reports, ordered by id; ``stub=true`` lists cited reports that are not ingested."""
    where = {"stub": stub} if stub is not None else None
    reports = store.find_nodes("Report", where, limit=limit, offset=offset)
    return {"total": _report_total(store, stub), "limit": limit, "offset": offset,
            "reports": [report_summary(r) for r in reports]}


STUB_PAGE = 1000


def _report_total(store: StoreDep, stub: bool | None) -> int:
    """All reports from the store's counters; with the stub filter, the stubs are counted
    page by page (stubs carry no text, and there are far fewer of them than claims)."""
    everything = store.stats().get("Report", 0)
    if stub is None:
        return everything
    stubs, offset = 0, 0
    while page := store.find_nodes("Report", {"stub": True}, limit=STUB_PAGE, offset=offset):
        stubs += len(page)
        offset += STUB_PAGE
    return stubs if stub else everything - stubs


@router.get("/{report_id}", dependencies=[ReadAccess], response_model=ReportDetail)
def get_report(store: StoreDep, report_id: str,
               include_text: Annotated[bool, Query(description="Include the stored text.")] = False,
               ) -> dict[str, Any]:
    """A report with its claims (each with its span) and what it cites and republishes."""
    report_id = resolve_id(store, report_id, ["Report"], "report")
    report = store.get_nodes([report_id]).get(report_id)
    if report is None or report.label != "Report":
        raise NotFoundError(f"no report with id {report_id!r}")
    claim_ids = [e.target for e in store.edges([report_id], ["MAKES"], "out")]
    evidence = load_evidence(store, claim_ids)
    links = store.edges([report_id], ["CITES", "REPUBLISHES"], "both")
    body = {**report_summary(report), "sha256": report.props.get("sha256"),
            "claims": [evidence[c].to_dict() for c in sorted(evidence, key=lambda c: evidence[c].start)],
            "links": [e.to_dict() for e in links]}
    if include_text:
        body["text"] = report.props.get("text")
    return body


class SpanContext(BaseModel):
    """The passage around a span of a report's stored text, as every page and the CLI show
    it: cut between words, with "…" where text was left out (api/viz/evidence.py)."""

    report_id: str
    start: int
    end: int
    before: str = Field(description="The text before the span, starting at a word.")
    span: str = Field(description="The stored text of the span (compare it with the quote).")
    after: str = Field(description="The text after the span, ending at a word.")

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "report_id": "rep:0d4ab2c1e9f03b77", "start": 212, "end": 248,
        "before": "…officials in Kunar said on Friday that ",
        "span": "the camps near Asadabad were rebuilt",
        "after": " over the winter, according to a UN report seen by…"}]})


@router.get("/{report_id}/context", dependencies=[ReadAccess], response_model=SpanContext)
def report_context(store: StoreDep, report_id: str,
                   start: Annotated[int, Query(ge=0, le=1 << 40)],
                   end: Annotated[int, Query(ge=0, le=1 << 40)]) -> dict[str, Any]:
    """The passage around characters ``start``-``end`` of the report's stored text (the
    explorer asks for it to show a quote in context without loading the whole text)."""
    report_id = resolve_id(store, report_id, ["Report"], "report")
    report = store.get_nodes([report_id]).get(report_id)
    text = report.props.get("text") if report else None
    if not isinstance(text, str):
        raise NotFoundError(f"report {report_id!r} has no stored text")
    found = span_context(text, start, end)
    if not found:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            f"characters {start}-{end} are not a span of the report's {len(text)} characters")
    return {"report_id": report_id, "start": start, "end": end, **found}


@router.get("/{report_id}/chain", dependencies=[ReadAccess], response_model=SourceChain)
def report_chain(store: StoreDep, report_id: str,
                 max_depth: Annotated[int, Query(ge=1, le=20)] = MAX_DEPTH,
                 max_paths: Annotated[int, Query(ge=1, le=1000)] = MAX_PATHS) -> dict[str, Any]:
    """The source chain of a whole report."""
    report_id = resolve_id(store, report_id, ["Report"], "report")
    return source_chain(store, report_id, max_depth, max_paths).to_dict()


def _created(outcome: IngestOutcome) -> dict[str, Any]:
    if outcome.error:
        raise LoadError(outcome.source, outcome.error)
    return {"report_id": outcome.report_id, "claims": outcome.claims, "warnings": outcome.warnings}


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[WriteAccess],
             response_model=dict[str, Any], responses=DATASET_REFUSED)
def upload_report(store: StoreDep, settings: SettingsDep, extraction: ExtractionDep,
                  file: Annotated[UploadFile, File(description="A report file.")],
                  ) -> dict[str, Any] | JSONResponse:
    """Ingest an uploaded report file (text, Markdown, HTML or PDF). A dataset file
    (UCDP GED CSV or JSON, ACLED, GDELT) is refused with a 415 naming ``POST /events``.

    A plain ``def`` that FastAPI runs in a worker thread, waiting for the extraction in a
    worker process: a large file never holds up the event loop (or any other request).
    """
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "the file is over the upload limit")
    name = file.filename or "upload"
    refused = _dataset_refusal(Path(name).name, data)
    if refused is not None:
        return refused
    source = source_from_bytes(name, data, settings.max_upload_bytes)
    return _created(ingest_extracted(store, extraction.extract(source)))


@router.post("/text", status_code=status.HTTP_201_CREATED, dependencies=[WriteAccess],
             response_model=dict[str, Any], responses=DATASET_REFUSED)
def post_text_report(store: StoreDep, extraction: ExtractionDep,
                     report: Annotated[TextReport, Body()]) -> dict[str, Any] | JSONResponse:
    """Ingest a report sent as text with optional metadata (no URL needed); the rows of
    a dataset pasted as text are refused as a dataset file is (415)."""
    refused = _dataset_refusal("the text", report.text.encode("utf-8", "surrogatepass"))
    if refused is not None:
        return refused
    header = {k: v for k, v in report.model_dump().items() if k != "text" and v}
    front = "".join(f"{k}: {_yaml_scalar(v)}\n" for k, v in header.items())
    body = (f"---\n{front}---\n" if front else "") + report.text
    source = source_from_bytes("posted-text.md", body.encode("utf-8"))
    return _created(ingest_extracted(store, extraction.extract(source)))


@router.delete("/{report_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[WriteAccess])
def delete_report(store: StoreDep, report_id: str) -> Response:
    """Delete a report and what only it supports (a report others cite stays as a stub)."""
    if not store.delete_report(report_id):
        raise NotFoundError(f"no report with id {report_id!r}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _yaml_scalar(value: str) -> str:
    """Quote a front-matter value so that no metadata can inject YAML structure; characters
    YAML may not hold literally (controls, non-characters) are written as escapes."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + _NOT_YAML_PRINTABLE.sub(_yaml_escape, escaped) + '"'


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
