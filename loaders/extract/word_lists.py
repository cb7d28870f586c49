"""Word lists and patterns as data: the packaged YAML files, extended by a user's file.

The sourcing words (``CONFLICTKG_SOURCING``) and the boilerplate patterns
(``CONFLICTKG_BOILERPLATE``) are read the same way: the packaged files in order, then the
file the environment variable names, whose lists are added to the packaged ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from graph.settings import current

# libyaml's parser when it is installed: the same data as the pure-Python one, about eight
# times faster, which a command that reads every word list at start notices.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of one YAML document, read with the safe loader (libyaml's when present)."""
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def merge_lists(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists are extended, mappings merged key by key, scalars replaced."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_lists(old, value)
        else:
            merged[key] = value
    return merged


def read_lists(packaged: Sequence[Path], environment: str, expected: str) -> dict[str, Any]:
    """The packaged files merged in order, then the user's file named by ``environment``.
    A file that is not a YAML mapping is an error that names it (``expected`` says what)."""
    raw: dict[str, Any] = {}
    extra = current().file_named_by(environment)
    for path in [*packaged, *([Path(extra)] if extra else [])]:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: expected a mapping with {expected}")
        raw = merge_lists(raw, data)
    return raw
