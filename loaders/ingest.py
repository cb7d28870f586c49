"""Ingest files into a store: one report per file, one atomic batch per report.

A bad file is reported with its name and problem and skipped; every good file in
the same run is still ingested, and nothing of a failed file reaches the store
(its batch is built completely before the store sees any of it). A report whose text
is already stored under another URL is linked to that copy by ``REPUBLISHES``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.provenance import ingestion_node
from graph.schema import SchemaError
from loaders.errors import LoadError
from loaders.extract.confidences import method_confidence
from loaders.extract.pipeline import extract
from loaders.extraction import Extraction, Republication
from loaders.manifest import Entry, apply_metadata
from loaders.readers import REPORT_SUFFIXES, read_document
from loaders.source import RawSource

if TYPE_CHECKING:   # what only ingesting needs (batches, datasets, workers) loads when it runs,
    # so `conflictkg extract` imports the extraction alone
    from graph.model import GraphBatch
    from graph.stores.base import GraphStore
    from loaders.parallel import Extracted

LOADER_NAME = "conflictkg.loaders.report"
SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class IngestOutcome:
    """What happened to one file."""

    source: str
    report_id: str | None = None
    claims: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestSummary:
    """What happened to a whole run."""

    outcomes: list[IngestOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[IngestOutcome]:
        """Outcomes with an error."""
        return [o for o in self.outcomes if o.error]

    @property
    def succeeded(self) -> list[IngestOutcome]:
        """Outcomes without an error."""
        return [o for o in self.outcomes if not o.error]


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and files inside named folders (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if _looks_like_report(name):
                        yield Path(root) / name
        else:
            yield path


def _looks_like_report(name: str) -> bool:
    """Inside a folder, read report files only: not hidden files, READMEs or annotations."""
    if name.startswith(".") or name in SKIPPED_NAMES or name.upper().startswith("README"):
        return False
    suffix = Path(name).suffix.lower()
    return suffix in REPORT_SUFFIXES or suffix == ""


def extract_source(source: RawSource, metadata: Entry | None = None) -> Extraction:
    """Read and extract one source (with its row of a folder's metadata.csv, if any);
    raises LoadError for bad input."""
    document = read_document(source)
    if not document.text.strip():
        raise LoadError(source.name, "no text found in file")
    apply_metadata(document, metadata)
    return extract(document)


def batch_for(source: RawSource, store: GraphStore | None = None) -> tuple[Extraction, GraphBatch]:
    """Extraction and complete, validated batch for one source (linked to stored copies
    of the same text when a store is given)."""
    from loaders.shared_documents import join_described_documents, link_to_descriptions
    extraction = extract_source(source)
    if store is not None:
        link_stored_copies(store, extraction)
        join_described_documents(store, extraction)
        link_to_descriptions(store, extraction)
    return extraction, build(source.name, source.sha256, extraction)


def build(name: str, input_sha256: str, extraction: Extraction) -> GraphBatch:
    """The batch for an extraction, or a LoadError when it does not fit the schema."""
    from loaders.build import build_batch
    ingestion = ingestion_node(LOADER_NAME, input_sha256, Path(name).name)
    try:
        return build_batch(extraction, ingestion)
    except SchemaError as exc:
        raise LoadError(name, f"extraction does not fit the schema: {exc}") from exc


def link_stored_copies(store: GraphStore, extraction: Extraction) -> None:
    """Add REPUBLISHES to reports already stored with the same text under another id.

    The later report republishes the earlier one; when this one is dated earlier, the
    link is made when the other is ingested again, and a warning says so.
    """
    info = extraction.report
    copies = [n for n in store.find_nodes("Report", {"sha256": info.sha256})
              if n.id != info.id and not n.props.get("stub")]
    known = {r.target_id for r in extraction.republishes}
    # a copy stored first that already names this report as its original ("republished
    # from") must not be made this report's original too: that would be a loop
    theirs = {e.source for e in store.edges([c.id for c in copies], ["REPUBLISHES"], "out")
              if e.target == info.id} if copies else set()
    for copy in copies:
        if copy.id in known or copy.id in theirs:
            continue
        if _earlier(info.published, copy.props.get("published")):
            extraction.warnings.append(f"the same text is stored as {copy.id}, published later; "
                                       "it republishes this report (re-ingest it to link them)")
            continue
        start, end = _evidence_span(extraction)
        extraction.republishes.append(Republication(
            copy.id, copy.props.get("url"), "identical-text", start, end,
            copy.props.get("title"), copy.props.get("publisher"),
            method_confidence("republications", "identical-text")))


def _earlier(mine: str | None, theirs: object) -> bool:
    return mine is not None and isinstance(theirs, str) and mine[:10] < theirs[:10]


def _evidence_span(extraction: Extraction) -> tuple[int, int]:
    """The first claim (the text both copies share), else the first line."""
    if extraction.claims:
        return extraction.claims[0].start, extraction.claims[0].end
    text = extraction.report.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, (end if end > start else len(text))


def ingest_source(store: GraphStore, source: RawSource) -> IngestOutcome:
    """Ingest one source; errors are returned in the outcome, not raised."""
    try:
        extraction, batch = batch_for(source, store)
        store.write_batch(batch)
    except LoadError as exc:
        return IngestOutcome(source.name, error=exc.problem)
    return IngestOutcome(source.name, extraction.report.id, len(extraction.claims),
                         warnings=extraction.warnings)


def ingest_extracted(store: GraphStore, item: Extracted) -> IngestOutcome:
    """Write one extracted file (linked to stored copies of its text) as one batch."""
    from loaders.datasets.joins import join_report
    from loaders.shared_documents import join_described_documents, link_to_descriptions
    if item.error is not None or item.extraction is None or item.sha256 is None:
        return IngestOutcome(item.path, error=item.error or "nothing was extracted")
    extraction = item.extraction
    try:
        before = _links(extraction)
        link_stored_copies(store, extraction)
        join_described_documents(store, extraction)
        link_to_descriptions(store, extraction)
        batch = item.batch
        if batch is None or _links(extraction) != before:   # the store changed what it links to
            batch = build(item.path, item.sha256, extraction)
        # build() validated the batch (ReportBuilder.build): the store need not do it again
        store.write_batches([batch], validated=True)
        join_report(store, vars(extraction.report), extraction.report.id)  # a dataset's stub source
    except LoadError as exc:
        return IngestOutcome(item.path, error=exc.problem)
    return IngestOutcome(item.path, extraction.report.id, len(extraction.claims),
                         warnings=extraction.warnings)


def _links(extraction: Extraction) -> tuple[object, ...]:
    """What linking to the store may change in an extraction: the copies it republishes,
    its described documents (joined to stored stubs, citations retargeted with them) and
    the stubs that described it. Equal before and after: the worker's batch still holds."""
    return (len(extraction.republishes), dict(extraction.described), list(extraction.described_as))


def ingest_paths(store: GraphStore, paths: Iterable[Path],
                 progress: Callable[[IngestOutcome], None] | None = None,
                 workers: int = 1) -> IngestSummary:
    """Ingest every file under ``paths``; a failure never stops the batch.

    With ``workers`` > 1 files are read and extracted in that many processes while this
    one writes their batches, in input order.
    """
    from loaders.datasets.hook import ingest_datasets, split_datasets
    from loaders.parallel import extract_paths
    summary = IngestSummary()
    paths, datasets = split_datasets(paths)          # event datasets: loaders/datasets
    for outcome in ingest_datasets(store, datasets):
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    with _report_group(store):    # one commit per group of reports, each still atomic
        for item in extract_paths(iter_input_files(paths), workers):
            outcome = ingest_extracted(store, item)
            summary.outcomes.append(outcome)
            if progress:
                progress(outcome)
    return summary


def _report_group(store: GraphStore) -> AbstractContextManager[None]:
    """The store's write group; the embedded store's ``loading`` when it has one (into
    an empty store, the indexes only readers use are built at the end, not per row)."""
    loading = getattr(store, "loading", None)
    return loading() if callable(loading) else store.grouped()


def check_paths(paths: Iterable[Path], progress: Callable[[IngestOutcome], None] | None = None,
                workers: int = 1) -> IngestSummary:
    """Read, extract and build every report file under ``paths`` and write nothing: a check
    of a folder before ingesting it (links to stored copies are not made, no store is read).

    Dataset files are only named: they are checked when they are ingested.
    """
    from loaders.datasets.hook import split_datasets
    from loaders.parallel import extract_paths
    summary = IngestSummary()
    paths, datasets = split_datasets(paths)
    for path in datasets:
        summary.outcomes.append(IngestOutcome(str(path), warnings=[
            "a dataset file: its rows are checked when it is ingested, not in a dry run"]))
    for item in extract_paths(iter_input_files(paths), workers):
        outcome = _checked(item)
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return summary


def _checked(item: Extracted) -> IngestOutcome:
    """A file's outcome in a dry run: the worker built and validated its batch."""
    if item.error is not None or item.extraction is None or item.batch is None:
        return IngestOutcome(item.path, error=item.error or "nothing was extracted")
    return IngestOutcome(item.path, item.extraction.report.id, len(item.extraction.claims),
                         warnings=item.extraction.warnings)
