"""The graph schema, loaded from ``schema.yaml`` and used to validate every record.

The YAML file is the single declaration of labels, relationship types and their
properties; this module turns it into small frozen objects that the model, the
stores, the exporters and the API read instead of repeating the schema in code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from graph.errors import InputError

SCALAR_CHECKS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "datetime": (str,),
}

PlainTypes = frozenset[type]


class SchemaError(InputError, ValueError):
    """A record does not fit the schema (unknown label, missing or mistyped property)."""


@dataclass(frozen=True)
class Property:
    """One declared property: its name, type and whether it must be present."""

    name: str
    type: str
    required: bool = False

    def check(self, owner: str, value: Any) -> None:
        """Raise SchemaError when ``value`` is not of this property's declared type."""
        if self.type == "str_list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SchemaError(f"{owner}.{self.name} must be a list of strings")
            return
        expected = SCALAR_CHECKS[self.type]
        if isinstance(value, bool) and bool not in expected:
            raise SchemaError(f"{owner}.{self.name} must be {self.type}, not bool")
        if not isinstance(value, expected):
            raise SchemaError(f"{owner}.{self.name} must be {self.type}, got {type(value).__name__}")
        if self.type == "datetime" and not _is_iso_datetime(str(value)):
            raise SchemaError(f"{owner}.{self.name} is not an ISO-8601 date: {value!r}")

    @property
    def plain_types(self) -> PlainTypes:
        """The exact value types that fit this property with no further check (a ``str``
        fits a ``str`` property; a date must still be parsed, a list read through)."""
        if self.type in ("datetime", "str_list"):
            return frozenset()
        return frozenset(SCALAR_CHECKS[self.type])


@lru_cache(maxsize=4096)
def _is_iso_datetime(value: str) -> bool:
    """Whether ``value`` is an ISO-8601 date or time; remembered, because the claims of
    a report carry its date, each checked."""
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ElementType:
    """A node label or relationship type with its properties, RDF mapping and style."""

    name: str
    properties: Mapping[str, Property]
    rdf: Mapping[str, Any] = field(default_factory=dict)
    style: Mapping[str, Any] = field(default_factory=dict)

    def validate(self, props: Mapping[str, Any]) -> None:
        """Check required properties are present and every property is declared and typed.

        Every record written is checked (about 375 per report), so a value whose exact
        type is its property's plain type is accepted on one set look-up; the others
        (dates, lists, an int where a float is declared, anything wrong) take the full check.
        """
        for name in self._required:
            if props.get(name) is None:
                raise SchemaError(f"{self.name} is missing required property {name!r}")
        plain = self._plain_types
        try:
            for key, value in props.items():
                if type(value) not in plain[key] and value is not None:
                    self.properties[key].check(self.name, value)
        except KeyError:
            undeclared = next(key for key in props if key not in plain)
            raise SchemaError(f"{self.name} has undeclared property {undeclared!r}") from None

    @cached_property
    def _required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties.values() if p.required)

    @cached_property
    def _plain_types(self) -> dict[str, PlainTypes]:
        return {p.name: p.plain_types for p in self.properties.values()}


@dataclass(frozen=True)
class NodeType(ElementType):
    """A node label; ``id_prefix`` starts every id of this label."""

    id_prefix: str = ""
    id_rule: str = ""
    title_property: str = "id"
    search: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelType(ElementType):
    """A relationship type with the labels it may join."""

    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    evidence: bool = False


@dataclass(frozen=True)
class Schema:
    """The whole schema; look labels and relationship types up by name."""

    nodes: Mapping[str, NodeType]
    relationships: Mapping[str, RelType]
    provenance: Mapping[str, Property]

    def node(self, label: str) -> NodeType:
        """Return the node type, or raise SchemaError naming the unknown label."""
        try:
            return self.nodes[label]
        except KeyError:
            raise SchemaError(f"unknown node label {label!r}") from None

    def relationship(self, rel_type: str) -> RelType:
        """Return the relationship type, or raise SchemaError naming it."""
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise SchemaError(f"unknown relationship type {rel_type!r}") from None

    def label_for_prefix(self, node_id: str) -> str | None:
        """Guess a node's label from its id prefix (ids look like ``org:...``)."""
        prefix = node_id.split(":", 1)[0]
        for node_type in self.nodes.values():
            if node_type.id_prefix == prefix:
                return node_type.name
        return None


def _properties(raw: Mapping[str, Any] | None) -> dict[str, Property]:
    props: dict[str, Property] = {}
    for name, spec in (raw or {}).items():
        if spec["type"] not in SCALAR_CHECKS and spec["type"] != "str_list":
            raise SchemaError(f"property {name!r} has unknown type {spec['type']!r}")
        props[name] = Property(name=name, type=spec["type"], required=bool(spec.get("required")))
    return props


def _node_type(name: str, raw: Mapping[str, Any], provenance: Mapping[str, Property]) -> NodeType:
    props = _properties(raw.get("properties"))
    if raw.get("provenance"):
        props = {**provenance, **props}
    return NodeType(
        name=name,
        properties=props,
        rdf=raw.get("rdf", {}),
        style=raw.get("style", {}),
        id_prefix=raw["id_prefix"],
        id_rule=raw.get("id_rule", ""),
        title_property=raw.get("title_property", "id"),
        search=tuple(raw.get("search", ())),
    )


def _rel_type(name: str, raw: Mapping[str, Any], provenance: Mapping[str, Property]) -> RelType:
    props = _properties(raw.get("properties"))
    if raw.get("evidence"):
        props = {**provenance, **props}
    return RelType(
        name=name,
        properties=props,
        rdf=raw.get("rdf", {}),
        style=raw.get("style", {}),
        sources=tuple(raw["from"]),
        targets=tuple(raw["to"]),
        evidence=bool(raw.get("evidence")),
    )


def parse_schema(raw: Mapping[str, Any]) -> Schema:
    """Build a Schema from the parsed YAML mapping."""
    provenance = _properties(raw["provenance"]["properties"])
    nodes = {name: _node_type(name, spec, provenance) for name, spec in raw["nodes"].items()}
    rels = {name: _rel_type(name, spec, provenance) for name, spec in raw["relationships"].items()}
    for rel in rels.values():
        for label in (*rel.sources, *rel.targets):
            if label not in nodes:
                raise SchemaError(f"{rel.name} refers to unknown label {label!r}")
    return Schema(nodes=nodes, relationships=rels, provenance=provenance)


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """The project's schema, read once from the packaged ``schema.yaml``."""
    text = resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    return parse_schema(yaml.safe_load(text))


SCHEMA = load_schema()
