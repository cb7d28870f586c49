"""Drawing styles, read from the schema: label and relationship styles, and view roles.

``graph/schema.yaml`` is the one place that says how things are drawn: each label's and
relationship type's ``style:`` block, and the ``views: roles:`` block for the role a node
plays in a picture (origin, circular, dangling, ...). Nothing here invents a colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from graph.schema import SCHEMA

FALLBACK_COLOR = "#999999"
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


@dataclass(frozen=True)
class Role:
    """A role a node or edge can play in a view, with its colour and legend text."""

    name: str
    color: str
    legend: str


def _color(value: Any) -> str:
    """A colour the page may use: a hex colour from the schema, else the fallback."""
    text = str(value or "")
    return text if _HEX_COLOR.match(text) else FALLBACK_COLOR


@lru_cache(maxsize=1)
def roles() -> dict[str, Role]:
    """The ``views: roles:`` block of the schema file."""
    text = resources.files("graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    raw = (yaml.safe_load(text).get("views") or {}).get("roles") or {}
    return {name: Role(name, _color(spec.get("color")), str(spec.get("legend", name)))
            for name, spec in raw.items()}


def role(name: str) -> Role:
    """One role; an unknown name is a programming error, so it raises KeyError."""
    return roles()[name]


def label_color(label: str) -> str:
    """The colour of a node label (grey for a label the schema does not know)."""
    node_type = SCHEMA.nodes.get(label)
    return _color(node_type.style.get("color") if node_type else None)


def node_style(label: str, role_name: str | None = None) -> dict[str, Any]:
    """vis-network options for a node: the label's shape and colour, filled by its role."""
    node_type = SCHEMA.nodes.get(label)
    shape = str(node_type.style.get("shape", "dot")) if node_type else "dot"
    border = label_color(label)
    fill = role(role_name).color if role_name else border
    style: dict[str, Any] = {
        "shape": shape,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#000000"},
                  "hover": {"background": fill, "border": "#000000"}},
        "borderWidth": 3 if role_name else 1,
    }
    if shape in ("box", "ellipse") and role_name and role_name != "more":
        style["font"] = {"color": "#ffffff"}
    return style


def edge_style(rel_type: str, role_name: str | None = None) -> dict[str, Any]:
    """vis-network options for an edge: the relationship's style, coloured by its role."""
    rel = SCHEMA.relationships.get(rel_type)
    spec = rel.style if rel else {}
    color = role(role_name).color if role_name else _color(spec.get("color"))
    return {"color": {"color": color, "highlight": "#000000", "hover": "#000000"},
            "dashes": bool(spec.get("dashes")) or rel is None,
            "width": float(spec.get("width", 1)) + (1 if role_name else 0)}


def legend(labels: set[str], rel_types: set[str], role_names: set[str]) -> list[dict[str, str]]:
    """Legend entries for what a view actually draws, in schema order."""
    entries = [{"kind": "label", "name": name, "color": label_color(name),
                "shape": str(t.style.get("shape", "dot"))}
               for name, t in SCHEMA.nodes.items() if name in labels]
    entries += [{"kind": "edge", "name": name, "color": _color(t.style.get("color")),
                 "shape": "line"}
                for name, t in SCHEMA.relationships.items() if name in rel_types]
    entries += [{"kind": "role", "name": r.legend, "color": r.color, "shape": "dot"}
                for name, r in roles().items() if name in role_names]
    return entries
