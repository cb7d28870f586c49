"""Which conflict-event dataset a file holds, decided from its header.

The formats, their columns, licences and precision codes are data
(``formats.yaml``); this module only compares a header with the signatures there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class DatasetFormat:
    """One dataset format: its columns, licence terms and precision codes."""

    name: str
    dataset: str
    columns: Mapping[str, tuple[str, ...]]
    licence: Mapping[str, str]
    signature: tuple[str, ...]
    header: tuple[str, ...] = ()
    headerless: int | None = None
    headerless_first: str = r"\d+"
    precision: Mapping[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        """``ucdp``, ``acled`` or ``gdelt``: the dataset a record id belongs to."""
        return self.name.split("-")[0]

    @property
    def namespace(self) -> str:
        """What a record id is unique within: UCDP's formats share GED's event ids."""
        return self.family if self.family == "ucdp" else self.name

    def fits(self, columns: Sequence[str]) -> bool:
        """True when every signature column is among ``columns`` (lower-cased)."""
        return set(self.signature) <= set(columns)


@lru_cache(maxsize=2)
def config(name: str = "formats.yaml") -> dict[str, Any]:
    """A packaged data file of this package, parsed."""
    text = resources.files("loaders.datasets").joinpath(name).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@lru_cache(maxsize=1)
def formats() -> tuple[DatasetFormat, ...]:
    """Every known format, in the order detection tries them."""
    raw = config()
    return tuple(_format(name, spec, raw) for name, spec in raw["formats"].items())


def _format(name: str, spec: Mapping[str, Any], raw: Mapping[str, Any]) -> DatasetFormat:
    columns = {key: tuple(value) if isinstance(value, list) else (value,)
               for key, value in spec["columns"].items()}
    return DatasetFormat(
        name=name, dataset=spec["dataset"], columns=columns,
        licence=dict(raw["licences"][spec["licence"]]),
        signature=tuple(spec["signature"]),
        header=tuple(raw.get("headers", {}).get(name, ())),
        headerless=spec.get("headerless"),
        headerless_first=spec.get("headerless_first", r"\d+"),
        precision=raw.get("precision", {}).get(name, {}))


def format_named(name: str) -> DatasetFormat:
    """The format called ``name`` (KeyError when there is none)."""
    for fmt in formats():
        if fmt.name == name:
            return fmt
    raise KeyError(name)


def normalise_column(name: str) -> str:
    """Header names compared without case, spaces, quotes or a byte-order mark."""
    return name.strip().lstrip("\ufeff").strip('"').strip().lower()


def detect_columns(columns: Sequence[str]) -> DatasetFormat | None:
    """The format whose signature the (normalised) header fits, if any."""
    names = [normalise_column(c) for c in columns]
    for fmt in formats():
        if fmt.fits(names):
            return fmt
    return None


def detect_headerless(values: Sequence[str]) -> DatasetFormat | None:
    """A headerless GDELT file, from its column count and what its first column holds."""
    if not values:
        return None
    for fmt in formats():
        if fmt.headerless == len(values) and re.fullmatch(fmt.headerless_first, values[0].strip()):
            return fmt
    return None
