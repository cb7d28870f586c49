"""Small actor graphs with known answers, written as report batches (no loader involved).

Each claim is one sentence naming its entities; a relationship claim names a subject,
a predicate and an object. Reports may cite or republish an earlier one by its slug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from graph.model import GraphBatch, Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.stores.base import GraphStore

REGIONS = {"Kunar": "Afghanistan", "Afghanistan": None, "Mogadishu": "Somalia", "Somalia": None}


@dataclass(frozen=True)
class Said:
    """One claim: its sentence and what it names (a relation when predicate is set)."""

    text: str
    names: tuple[str, ...] = ()
    predicate: str | None = None
    hedged: bool = False
    cites: str | None = None


@dataclass
class Doc:
    """A report of the fixture graph."""

    slug: str
    published: str
    claims: list[Said] = field(default_factory=list)
    publisher: str = "Fixture Times"
    republishes: str | None = None


def url(slug: str) -> str:
    """The URL of a fixture report."""
    return f"https://example.org/analysis/{slug}"


def rid(slug: str) -> str:
    """The id of a fixture report."""
    return report_id(url=url(slug))


def entity(name: str) -> Node:
    """An organisation, or a region when the name is one of REGIONS."""
    label = "Region" if name in REGIONS else "Organisation"
    return Node(label, entity_id(label, name=name), {"name": name, "resolved": True})


def eid(name: str) -> str:
    """The id of a fixture entity."""
    return entity(name).id


def _link(builder: ReportBuilder, claim: str, text: str, at: int, said: Said) -> None:
    for position, name in enumerate(said.names):
        start = text.index(name, at)
        target = builder.node(entity(name))
        region = name
        while REGIONS.get(region):
            parent = str(REGIONS[region])
            builder.node(entity(parent))
            builder.structural("PART_OF", eid(region), eid(parent), source="tests")
            region = parent
        kind = "MENTIONS"
        if said.predicate and position < 2:
            kind = "SUBJECT" if position == 0 else "OBJECT"
        extra = {"predicate": said.predicate} if kind != "MENTIONS" else {}
        builder.evidence(kind, claim, target, start, start + len(name), method="gazetteer",
                         confidence=0.9, **extra)


def batch(doc: Doc) -> GraphBatch:
    """The batch of one fixture report."""
    text = " ".join(s.text for s in doc.claims)
    report = Node("Report", rid(doc.slug), {
        "title": doc.slug, "url": url(doc.slug), "text": text, "sha256": sha256_hex(text),
        "stub": False, "published": doc.published, "publisher": doc.publisher})
    builder = ReportBuilder(report, ingestion_node("tests", sha256_hex(text), doc.slug))
    at = 0
    for said in doc.claims:
        end = at + len(said.text)
        claim = builder.claim(at, end, method="sentence", confidence=0.9, hedged=said.hedged,
                              sourced=said.cites is not None)
        _link(builder, claim, text, at, said)
        if said.cites:
            builder.node(Node("Report", rid(said.cites), {"url": url(said.cites), "stub": True}))
            builder.evidence("CITES", claim, rid(said.cites), at, at + 4, method="hyperlink",
                             confidence=0.95, kind="hyperlink", target_url=url(said.cites))
        at = end + 1
    if doc.republishes:
        builder.node(Node("Report", rid(doc.republishes), {"url": url(doc.republishes), "stub": True}))
        builder.evidence("REPUBLISHES", report.id, rid(doc.republishes), 0, 4, method="syndication",
                         confidence=0.9, basis="byline")
    return builder.build()


def write(store: GraphStore, docs: Sequence[Doc]) -> GraphStore:
    """Write the reports in order (originals before their copies)."""
    store.write_batches([batch(d) for d in docs])
    return store


def together(a: str, b: str) -> Said:
    """A claim naming two entities, with no relation between them."""
    return Said(f"{a} and {b} were both seen there.", (a, b))


def relation(subject: str, predicate: str, obj: str, **extra: object) -> Said:
    """A relationship claim."""
    return Said(f"{subject} {predicate} {obj}.", (subject, obj), predicate, **extra)  # type: ignore[arg-type]


def star(leaves: int = 5) -> list[Doc]:
    """A hub named with each leaf, each pair in a report of its own."""
    return [Doc(f"star-{i}", "2024-03-01", [together("Hub", f"Leaf {i}")]) for i in range(1, leaves + 1)]


def two_clusters() -> list[Doc]:
    """Two cliques of four (A1..A4, B1..B4) joined only by A1 supplying B1."""
    claims = [together(f"{side}{i}", f"{side}{j}") for side in "AB"
              for i, j in combinations(range(1, 5), 2)]
    claims.append(relation("A1", "supplies", "B1"))
    return [Doc("clusters", "2024-05-01", claims)]


def changing_alliance() -> list[Doc]:
    """In 2023 Alpha is allied with Beta; in 2024 with Gamma instead, and Beta with Delta."""
    return [
        Doc("alliance-2023a", "2023-02-01", [relation("Alpha", "allied with", "Beta")]),
        Doc("alliance-2023b", "2023-06-01", [relation("Alpha", "allied with", "Beta")],
            publisher="Fixture Post"),
        Doc("alliance-2024a", "2024-02-01", [relation("Alpha", "allied with", "Gamma")]),
        Doc("alliance-2024b", "2024-04-01", [relation("Beta", "allied with", "Delta")]),
    ]


def sourcing() -> list[Doc]:
    """A wire story, its reprint, a report citing it, an independent monitor, and two
    outlets that cite each other."""
    first = Said("Omega and Sigma fighters shelled Kunar villages.", ("Omega", "Sigma", "Kunar"))
    shelters = relation("Omega", "shelters", "Sigma")
    return [
        Doc("wire", "2024-01-10", [first, shelters], publisher="Fixture Wire"),
        Doc("copy", "2024-01-11", [first, shelters], publisher="Fixture Reprint", republishes="wire"),
        Doc("courier", "2024-02-01", [relation("Omega", "shelters", "Sigma", cites="wire")],
            publisher="Fixture Courier"),
        Doc("monitor", "2025-03-01", [relation("Omega", "shelters", "Sigma", hedged=True)],
            publisher="Fixture Monitor"),
        Doc("left", "2024-05-01", [Said("Tau and Upsilon were both seen there.", ("Tau", "Upsilon"),
                                        cites="right")], publisher="Fixture Left"),
        Doc("right", "2024-05-02", [Said("Tau and Upsilon were both seen there.", ("Tau", "Upsilon"),
                                         cites="left")], publisher="Fixture Right"),
    ]


def many_actors(communities: int = 12, size: int = 30, seed: int = 3) -> list[Doc]:
    """``communities`` groups of ``size`` organisations, each named with three others of its
    group, and each group linked to the next by one relationship claim: a view over the cap."""
    import random

    rng = random.Random(seed)
    docs = []
    for group in range(communities):
        names = [f"Cell {group:02d}-{i:02d}" for i in range(size)]
        claims = [together(name, other) for name in names
                  for other in rng.sample([n for n in names if n != name], 3)]
        claims.append(relation(names[0], "supplies", f"Cell {(group + 1) % communities:02d}-00"))
        docs.append(Doc(f"cells-{group:02d}", f"2024-{1 + group % 12:02d}-01", claims))
    return docs
