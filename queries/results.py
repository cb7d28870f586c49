"""What every query answers: a dataclass deriving from :class:`Answer`.

An answer's fields are the keys its JSON has (``to_dict``), so the API's response
models, the CLI's ``--json`` and the exporters read one shape, and Python callers read
attributes that mypy checks instead of dictionary keys. The parts inside an answer
(evidence records, groups, links) are plain JSON-ready values, already in the shape
the answer's documentation gives.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Answer:
    """Base of every query's answer."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the fields as keys (nested dataclasses as dicts)."""
        return asdict(self)
