"""Confidences as data: how sure each extraction method is, read from a YAML file.

The packaged ``data/confidences.yaml`` gives one value per group and method; a user's
file named by ``CONFLICTKG_CONFIDENCES`` is merged over it, key by key, so a project can
weigh a method differently without changing code. Values are read once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from graph.errors import ConfigurationError
from loaders.extract.word_lists import read_lists

PACKAGED = Path(__file__).with_name("data") / "confidences.yaml"
ENVIRONMENT = "CONFLICTKG_CONFIDENCES"


@cache
def confidences() -> dict[str, dict[str, float]]:
    """Every group's confidences, checked: each a number from 0 to 1."""
    try:
        raw = read_lists([PACKAGED], ENVIRONMENT, "groups of method: confidence")
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read the confidences ({ENVIRONMENT}): {exc}") from None
    checked: dict[str, dict[str, float]] = {}
    for group, values in raw.items():
        if not isinstance(values, dict):
            raise ConfigurationError(f"confidences: {group} must map methods to numbers")
        checked[str(group)] = {str(key): _checked(group, key, value) for key, value in values.items()}
    return checked


def _checked(group: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigurationError(f"confidences: {group}.{key} must be a number from 0 to 1, "
                                 f"not {value!r}")
    return float(value)


def method_confidence(group: str, key: str) -> float:
    """The confidence of ``key`` in ``group`` (a method, a source kind, a discount)."""
    try:
        return confidences()[group][key]
    except KeyError:
        raise ConfigurationError(f"confidences: no value for {group}.{key}") from None


def default(group: str, key: str) -> Callable[[], float]:
    """A dataclass field's default, read when an object is made, not at import."""
    return partial(method_confidence, group, key)
