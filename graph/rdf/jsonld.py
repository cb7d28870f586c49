"""JSON-LD without the network: contexts come from local files, never from a URL.

rdflib resolves a ``"@context": "https://..."`` by downloading it. Before any JSON-LD
reaches rdflib, :func:`resolve_contexts` replaces every context reference (and every
JSON-LD 1.1 ``@import``) by a local object from a caller-supplied map, and refuses a
reference it has no local copy of. Our exports embed our context inline, so reading
them back needs nothing at all.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from rdflib import Graph

from graph.errors import InputError
from graph.rdf.mapping import load_mapping

MAX_CONTEXT_DEPTH = 16


class RemoteContextError(InputError, ValueError):
    """A JSON-LD document refers to a context that has no local copy."""


@lru_cache(maxsize=1)
def _context_document() -> dict[str, Any]:
    text = resources.files("graph.rdf").joinpath("context.jsonld").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def local_context() -> dict[str, Any]:
    """Our JSON-LD context (the object inside ``context.jsonld``), a fresh copy."""
    return copy.deepcopy(_context_document()["@context"])


def known_contexts() -> dict[str, Any]:
    """Context IRIs we can resolve locally: ours, by its published IRI."""
    return {load_mapping().context_iri: _context_document()}


def resolve_contexts(document: Any, known: Mapping[str, Any] | None = None) -> Any:
    """A copy of ``document`` whose context references are replaced by local objects."""
    table = {**known_contexts(), **(known or {})}
    return _walk(document, table, 0)


def _walk(value: Any, known: Mapping[str, Any], depth: int) -> Any:
    if isinstance(value, list):
        return [_walk(item, known, depth) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in ("@context", "@import"):
            out[key] = _context_value(item, known, depth + 1)
        else:
            out[key] = _walk(item, known, depth)
    if "@import" in out:
        imported = out.pop("@import")
        out = {**(imported if isinstance(imported, dict) else {}), **out}
    return out


def _context_value(value: Any, known: Mapping[str, Any], depth: int) -> Any:
    if depth > MAX_CONTEXT_DEPTH:
        raise RemoteContextError("JSON-LD contexts nest too deeply (a context refers to itself?)")
    if isinstance(value, str):
        if value not in known:
            raise RemoteContextError(
                f"JSON-LD context {value!r} is remote and has no local copy; it is never fetched")
        document = known[value]
        local = document.get("@context", document) if isinstance(document, dict) else document
        return _context_value(copy.deepcopy(local), known, depth + 1)
    if isinstance(value, list):
        return [_context_value(item, known, depth) for item in value]
    return _walk(value, known, depth)


def parse_jsonld(data: str | bytes | Any, known: Mapping[str, Any] | None = None,
                 base: str | None = None) -> Graph:
    """Parse JSON-LD (text or already-loaded JSON) into an rdflib Graph, offline."""
    document = json.loads(data) if isinstance(data, str | bytes) else data
    graph = Graph(bind_namespaces="none")
    graph.parse(data=resolve_contexts(document, known), format="json-ld", base=base)
    return graph
