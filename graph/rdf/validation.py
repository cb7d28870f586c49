"""Check an export against our SHACL shapes (``shapes.ttl``) with pyshacl.

pyshacl is a development dependency: the exporter does not need it, the tests and
anyone who wants to check a file do. Shapes never trigger a download: ``owl:imports``
are not followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph


@dataclass(frozen=True)
class ValidationResult:
    """Whether the data conforms, and pyshacl's report text when it does not."""

    conforms: bool
    report: str


@lru_cache(maxsize=1)
def _shapes_text() -> str:
    return resources.files("graph.rdf").joinpath("shapes.ttl").read_text(encoding="utf-8")


def load_shapes() -> Graph:
    """Our SHACL shapes as an rdflib graph."""
    return Graph().parse(data=_shapes_text(), format="turtle")


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    """Validate ``data`` against ``shapes`` (ours by default), offline, SPARQL constraints on."""
    try:
        from pyshacl import validate
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("validation needs pyshacl (pip install pyshacl)") from exc
    conforms, _graph, text = validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", advanced=True, allow_warnings=False, do_owl_imports=False)
    return ValidationResult(bool(conforms), str(text))
