"""Conflict-event datasets as sources: UCDP GED, ACLED and GDELT records into the graph.

Each record is a report-like source (dataset, version, record id) that makes one event
claim; its actors and places resolve to the same entities as the text loaders', and
the sources the dataset names for the event become citations. See ``formats.yaml`` for
the formats, their columns and their licences.
"""

from __future__ import annotations

from pathlib import Path

from loaders.datasets.reader import sniff

DATASET_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".export", ".gz"}


def is_dataset_file(path: Path) -> bool:
    """True when ``path`` is a dataset file the dataset loader reads (from its header)."""
    return path.is_file() and path.suffix.lower() in DATASET_SUFFIXES and sniff(path) is not None
