"""The analysis thresholds, as data (``settings.yaml``), overridable by the user."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.settings import current

OVERRIDE_VARIABLE = "CONFLICTKG_ANALYSIS"


@dataclass(frozen=True)
class AnalysisSettings:
    """Seeds, limits and names the analysis uses (documented in ``settings.yaml``)."""

    seed: int
    resolution: float
    exact_betweenness_nodes: int
    betweenness_sample: int
    origin_count_claims: int
    co_mention_predicate: str
    edge_claims_page: int


def _read(text: str, source: str) -> dict[str, Any]:
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: expected a mapping of analysis settings")
    known = {f.name for f in fields(AnalysisSettings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"{source}: unknown analysis setting(s): {', '.join(unknown)}")
    return raw


@lru_cache(maxsize=1)
def settings() -> AnalysisSettings:
    """The packaged defaults, with the keys of ``$CONFLICTKG_ANALYSIS`` (if set) on top."""
    values = _read(resources.files("queries.analysis").joinpath("settings.yaml")
                   .read_text(encoding="utf-8"), "settings.yaml")
    override = current().analysis
    if override:
        values.update(_read(Path(override).read_text(encoding="utf-8"), override))
    return AnalysisSettings(**values)
