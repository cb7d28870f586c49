"""Light RDF terms and their N-Triples form, fast enough to stream millions of triples.

The exporter produces plain tuples rather than rdflib terms: building an rdflib
``Literal`` costs a parse and a normalisation per value, which dominates a large
N-Triples export. Turtle and JSON-LD convert these tuples to rdflib terms
(:func:`to_rdflib`), so every format states the same triples.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any, NamedTuple

from rdflib import Literal, URIRef

from graph.rdf.mapping import RDF_JSON, XSD, PropertyMap

XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_NON_NEGATIVE = XSD + "nonNegativeInteger"
XSD_DOUBLE = XSD + "double"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATETIME = XSD + "dateTime"
XSD_DATE = XSD + "date"

_DATETIME_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?([+-]\d{2}:\d{2})?$")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\b": "\\b", "\f": "\\f"}
_NT_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\ud800-\udfff]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class IRI(str):
    """An IRI (a ``str`` so it costs nothing); the exporter builds only safe ones."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical form and datatype IRI (None for a plain string)."""

    lexical: str
    datatype: str | None = None


Term = IRI | Lit
Triple = tuple[str, str, Term]


def datetime_literal(value: str) -> Lit:
    """A typed xsd:dateTime / xsd:date when ``value`` is in canonical form, else a plain string.

    rdflib rewrites non-canonical date lexicals when it parses them (``Z`` becomes
    ``+00:00``), so typing them would change the value on the way back; a plain
    string keeps every value exactly.
    """
    if _DATETIME_SHAPE.match(value) and _same_isoformat(dt.datetime, value):
        return Lit(value, XSD_DATETIME)
    if _DATE_SHAPE.match(value) and _same_isoformat(dt.date, value):
        return Lit(value, XSD_DATE)
    return Lit(value)


def _same_isoformat(kind: type[dt.date], value: str) -> bool:
    try:
        return kind.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def double_lexical(value: float) -> str:
    """xsd:double lexical form: Python's shortest round-trip repr, XSD spelling of specials."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def scalar_literal(value: Any, prop: PropertyMap) -> Lit:
    """One value of a property, typed by the schema's declared type."""
    kind = prop.type
    if kind == "bool":
        return Lit("true" if value else "false", XSD_BOOLEAN)
    if kind == "int":
        return Lit(str(int(value)), prop.datatype or XSD_INTEGER)
    if kind == "float":
        return Lit(double_lexical(float(value)), XSD_DOUBLE)
    if kind == "datetime":
        return datetime_literal(str(value))
    return Lit(str(value), prop.datatype)


def json_list_literal(values: list[str]) -> Lit:
    """A list kept exactly (order, duplicates, emptiness) as one rdf:JSON literal."""
    return Lit(json.dumps(values, ensure_ascii=False, separators=(",", ":")), RDF_JSON)


def literal_value(lit: Literal, prop: PropertyMap) -> Any:
    """Inverse of :func:`scalar_literal` for an rdflib literal read back by the importer."""
    kind = prop.type
    lexical = str(lit)
    if kind == "bool":
        return lexical.strip().lower() in ("true", "1")
    if kind == "int":
        return int(lexical)
    if kind == "float":
        return float(lexical)
    return lexical


# ---------------------------------------------------------------- N-Triples


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NT_ESCAPES:
        return _NT_ESCAPES[char]
    if "\ud800" <= char <= "\udfff":
        return "\\uFFFD"   # a lone surrogate is not text; it cannot be written as UTF-8
    return f"\\u{ord(char):04X}"


def nt_term(term: Term) -> str:
    """A term in N-Triples syntax (control characters escaped as UCHARs)."""
    if isinstance(term, IRI):
        return f"<{term}>"
    text = term.lexical
    if _NT_NEEDS_ESCAPE.search(text):
        text = _NT_NEEDS_ESCAPE.sub(_escape_char, text)
    if term.datatype is None or term.datatype == XSD_STRING:
        return f'"{text}"'
    return f'"{text}"^^<{term.datatype}>'


def nt_line(triple: Triple) -> str:
    """One N-Triples statement with its newline."""
    subject, predicate, obj = triple
    return f"<{subject}> <{predicate}> {nt_term(obj)} .\n"


def to_rdflib(triple: Triple) -> tuple[URIRef, URIRef, URIRef | Literal]:
    """The same triple as rdflib terms (for Turtle and JSON-LD)."""
    subject, predicate, obj = triple
    if isinstance(obj, IRI):
        return URIRef(subject), URIRef(predicate), URIRef(obj)
    lexical = obj.lexical if obj.lexical.isascii() else _SURROGATE.sub("\ufffd", obj.lexical)
    datatype = URIRef(obj.datatype) if obj.datatype and obj.datatype != XSD_STRING else None
    return URIRef(subject), URIRef(predicate), Literal(lexical, datatype=datatype)
