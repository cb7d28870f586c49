"""The neutral graph model every loader writes and every store and exporter reads.

Nodes and edges are plain records (label or type, id, properties) validated against
the schema, so a new property is a one-line change to ``schema.yaml`` rather than a
new class. Ids are deterministic: the same input always gives the same id, which is
what makes re-ingesting a file change nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from graph.schema import SCHEMA, SchemaError

Direction = Literal["out", "in", "both"]

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)=", re.I)


def digest(*parts: object, length: int = 16) -> str:
    """A short, stable hex digest of the parts (joined unambiguously)."""
    joined = "\x1f".join(map(str, parts))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """Lower-case ASCII slug used for readable entity ids ("Al-Qa'ida" -> "al-qa-ida")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")


def canonical_url(url: str) -> str:
    """Normalise a URL so that trivially different spellings name one report."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "https").lower()
    if scheme == "http":
        scheme = "https"
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING_PARAMS.match(q))
    return urlunsplit((scheme, host, path, query, ""))


def report_id(*, url: str | None = None, doi: str | None = None, text_sha256: str | None = None,
              title: str | None = None) -> str:
    """Report id: DOI, else canonical URL, else content hash, else (stubs) the title."""
    if doi:
        return f"rep:{digest('doi', doi.strip().lower())}"
    if url:
        return f"rep:{digest('url', canonical_url(url))}"
    if text_sha256:
        return f"rep:{text_sha256[:16]}"
    if title:
        return f"rep:{digest('title', slug(title))}"
    raise ValueError("a report id needs a DOI, a URL, a text hash or a title")


def claim_id(report: str, start: int, end: int) -> str:
    """Claim id: its report and its character span."""
    return f"clm:{digest(report, start, end)}"


def entity_id(label: str, *, wikidata: str | None = None, iso: str | None = None,
              name: str | None = None) -> str:
    """Entity id from the best canonical key available: ISO code, Wikidata id, name."""
    prefix = SCHEMA.node(label).id_prefix
    if iso:
        return f"{prefix}:iso-{iso.lower()}"
    if wikidata:
        return f"{prefix}:{wikidata.upper()}"
    if name and slug(name):
        return f"{prefix}:{slug(name)}"
    raise ValueError(f"an id for a {label} needs an ISO code, a Wikidata id or a name")


def edge_id(rel_type: str, source: str, target: str, start: int | None = None,
            end: int | None = None, key: str = "") -> str:
    """Edge id: type, ends, and the span (so two mentions at two places stay two edges)."""
    return f"e:{digest(rel_type, source, target, start, end, key)}"


@dataclass
class Node:
    """A node: label, deterministic id and schema-checked properties."""

    label: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise SchemaError unless the properties fit the label's declaration."""
        SCHEMA.node(self.label).validate(self.props)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {"id": self.id, "label": self.label, **self.props}


@dataclass
class Edge:
    """A relationship: type, ends, deterministic id and properties (provenance included)."""

    type: str
    source: str
    target: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)

    def validate(self, labels: dict[str, str]) -> None:
        """Check the type's properties and that its ends have allowed labels."""
        rel = SCHEMA.relationship(self.type)
        rel.validate(self.props)
        for end, allowed in ((self.source, rel.sources), (self.target, rel.targets)):
            label = labels.get(end)
            if label is not None and label not in allowed:
                raise SchemaError(f"{self.type} cannot join a {label} ({end})")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {"id": self.id, "type": self.type, "source": self.source,
                "target": self.target, **self.props}


@dataclass
class GraphBatch:
    """All a store writes for one report, atomically: the unit of ingest.

    ``owned`` nodes (the report and its claims) are replaced as a whole on re-ingest;
    the others (entities, cited stubs, the ingestion) are created when missing and
    otherwise left as they are, so one report never overwrites what another built.
    """

    report_id: str
    owned: list[Node] = field(default_factory=list)
    shared: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def nodes(self) -> list[Node]:
        """Owned and shared nodes together."""
        return [*self.owned, *self.shared]

    def validate(self) -> None:
        """Validate every record and every edge end (ends may also be in the store)."""
        labels = {n.id: n.label for n in self.nodes()}
        for node in self.nodes():
            node.validate()
        for edge in self.edges:
            edge.validate(labels)
        if self.report_id not in {n.id for n in self.owned}:
            raise SchemaError(f"batch for {self.report_id} does not contain its report")

    def to_dict(self) -> dict[str, Any]:
        """Plain form used by the embedded store's journal."""
        return {
            "report_id": self.report_id,
            "owned": [[n.label, n.id, n.props] for n in self.owned],
            "shared": [[n.label, n.id, n.props] for n in self.shared],
            "edges": [[e.type, e.source, e.target, e.id, e.props] for e in self.edges],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> GraphBatch:
        """Inverse of :meth:`to_dict`."""
        return cls(
            report_id=raw["report_id"],
            owned=[Node(label, nid, props) for label, nid, props in raw["owned"]],
            shared=[Node(label, nid, props) for label, nid, props in raw["shared"]],
            edges=[Edge(t, s, d, eid, props) for t, s, d, eid, props in raw["edges"]],
        )


@dataclass
class Subgraph:
    """Nodes and edges returned by an expansion, plus what a cap left out."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, sorted so both stores give byte-identical answers."""
        return {
            "nodes": [self.nodes[k].to_dict() for k in sorted(self.nodes)],
            "edges": [self.edges[k].to_dict() for k in sorted(self.edges)],
            "truncated": self.truncated,
        }
