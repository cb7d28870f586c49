"""The actor network: organisations (and optionally regions) linked by what claims say.

One edge per pair and predicate. A relationship claim ("A shelters B") gives a directed
edge from subject to object with its predicate; two entities named in one claim and not
related by it give an undirected ``co-mentioned`` edge. Every edge keeps its claims, so
its weight (claims, reports, independent origins, hedged share, first and last date)
always expands to the quotes behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from itertools import combinations
from typing import Any, NamedTuple

import numpy as np

from graph.bulk import bulk_build
from graph.model import Node
from graph.schema import SCHEMA
from graph.stores.base import ClaimLinks, GraphStore
from queries.analysis.settings import settings
from queries.chain import NotFoundError
from queries.claims import ClaimFilter
from queries.entities import EntityRef, claims_linking, descendant_regions, resolve_entity
from queries.evidence import load_evidence
from queries.grouping import origin_groups
from queries.results import Answer

ENTITY_LINKS = ("SUBJECT", "OBJECT", "MENTIONS")
CLAIM_FIELDS = ("published", "hedged", "sourced", "report_id")
PAGE = 10_000
TABLE_FROM = 64  # claims from which a summary uses the claim table's arrays
ENTITY_BATCH = 500  # entities whose links one store read fetches
EdgeKey = tuple[str, str, str]


@dataclass(frozen=True)
class NetworkFilter:
    """Which claims make the network: dates (inclusive), region (with the regions inside
    it), predicates, hedging, sourcing, and the fewest independent origins an edge needs."""

    since: str | None = None
    until: str | None = None
    region: str | None = None
    predicates: tuple[str, ...] = ()
    min_origins: int = 0
    hedged: bool | None = None
    sourced: bool | None = None
    include_regions: bool = False
    count_origins: bool | None = None  # None: count when the network is small enough

    @cached_property
    def claim_filter(self) -> ClaimFilter:
        """The date and hedging part, as the claims queries spell it."""
        return ClaimFilter(since=self.since, until=self.until, hedged=self.hedged, sourced=self.sourced)

    def keeps(self, claim: ClaimInfo) -> bool:
        """True when a claim passes the date, hedging and sourcing filters."""
        return self.claim_filter.keeps_fields(claim.published or None, None, claim.hedged, claim.sourced)

    def described(self) -> dict[str, Any]:
        """The filters that are set, for answers."""
        return {k: v for k, v in asdict(self).items() if v not in (None, (), 0, False)}


class ClaimInfo(NamedTuple):
    """What the network needs to know about one claim (a tuple: a network of a million
    claims holds a million of them)."""

    report_id: str
    published: str
    hedged: bool
    sourced: bool = False


@dataclass
class ActorEdge:
    """All claims that link two entities with one predicate."""

    source: str
    target: str
    predicate: str
    directed: bool
    claims: list[str] = field(default_factory=list)

    @property
    def key(self) -> EdgeKey:
        """The edge's identity: its ends and its predicate."""
        return (self.source, self.target, self.predicate)


@dataclass(frozen=True)
class ClaimTable:
    """The claims of a network as arrays (row per claim: report, hedged, date rank), so a
    summary of thousands of claims is a few array operations, not a loop."""

    index: dict[str, int]
    report: np.ndarray
    hedged: np.ndarray
    day: np.ndarray  # rank of the claim's date in ``days``; -1 when undated
    days: list[str]

    @classmethod
    def of(cls, claims: dict[str, ClaimInfo]) -> ClaimTable:
        """The table of these claims."""
        days = sorted({i.published for i in claims.values() if i.published})
        rank = {day: n for n, day in enumerate(days)}
        reports: dict[str, int] = {}
        infos = list(claims.values())
        count = len(infos)
        return cls({c: n for n, c in enumerate(claims)},
                   np.fromiter((reports.setdefault(i.report_id, len(reports)) for i in infos),
                               dtype=np.int64, count=count),
                   np.fromiter((i.hedged for i in infos), dtype=bool, count=count),
                   np.fromiter((rank.get(i.published, -1) for i in infos), dtype=np.int64, count=count),
                   days)


@dataclass
class ActorNetwork:
    """Entities, the edges between them, and the claims (with their origins) behind each."""

    entities: dict[str, EntityRef]
    edges: dict[EdgeKey, ActorEdge]
    claims: dict[str, ClaimInfo]
    origins: dict[str, frozenset[str]] | None
    filters: NetworkFilter = field(default_factory=NetworkFilter)
    notes: list[str] = field(default_factory=list)

    def summary(self, claim_ids: Iterable[str]) -> dict[str, Any]:
        """The evidence counts of a set of claims: claims, reports, independent origins,
        hedged share, first and last date (large sets counted on the claim table's arrays)."""
        ids = set(claim_ids)
        if len(ids) < TABLE_FROM:
            return self._summary_of(sorted(ids))
        table = self._table
        rows = np.fromiter(map(table.index.__getitem__, ids), dtype=np.int64, count=len(ids))
        days = table.day[rows]
        days = days[days >= 0]
        return {"claims": len(ids), "reports": int(np.unique(table.report[rows]).size),
                "independent_origins": self._origin_count(ids),
                "hedged_share": round(int(table.hedged[rows].sum()) / len(ids), 3),
                "first": table.days[int(days.min())] if days.size else None,
                "last": table.days[int(days.max())] if days.size else None}

    def _summary_of(self, ids: list[str]) -> dict[str, Any]:
        """``summary`` of a few claims, one claim at a time."""
        infos = [self.claims[c] for c in ids]
        dates = sorted(i.published for i in infos if i.published)
        return {"claims": len(ids), "reports": len({i.report_id for i in infos}),
                "independent_origins": self._origin_count(ids),
                "hedged_share": round(sum(i.hedged for i in infos) / len(ids), 3) if ids else 0.0,
                "first": dates[0] if dates else None, "last": dates[-1] if dates else None}

    def _origin_count(self, ids: Collection[str]) -> int | None:
        if self.origins is None:
            return None
        return len(set().union(*(self.origins[c] for c in ids))) if ids else 0

    @cached_property
    def _table(self) -> ClaimTable:
        return ClaimTable.of(self.claims)

    def weigh(self, claim_ids: Collection[str], weight: str) -> int:
        """One count of a set of distinct claims (claims, reports or independent origins):
        what a link's weight needs, without the rest of ``summary``."""
        if weight == "claims":
            return len(claim_ids)
        if weight == "reports":
            return len({self.claims[c].report_id for c in claim_ids})
        return self._origin_count(claim_ids) or 0

    def claims_of(self) -> dict[str, set[str]]:
        """Entity id -> the claims on its edges."""
        found: dict[str, set[str]] = {eid: set() for eid in self.entities}
        for edge in self.edges.values():
            found[edge.source].update(edge.claims)
            found[edge.target].update(edge.claims)
        return found

    def name(self, entity_id: str) -> str:
        """An entity's display name."""
        ref = self.entities.get(entity_id)
        return ref.name if ref else entity_id

    def edge_record(self, edge: ActorEdge) -> dict[str, Any]:
        """An edge as answers show it, with its evidence counts."""
        return {"source": edge.source, "source_name": self.name(edge.source),
                "target": edge.target, "target_name": self.name(edge.target),
                "predicate": edge.predicate, "directed": edge.directed, **self.summary(edge.claims)}

    def restrict(self, keep: Callable[[ClaimInfo], bool] | None = None,
                 entities: set[str] | None = None, claims: set[str] | None = None) -> ActorNetwork:
        """The network of the claims ``keep`` accepts (and that are in ``claims``, when
        given), among the ``entities`` given."""
        kept = claims
        if keep is not None:
            kept = {c for c, info in self.claims.items() if keep(info) and (claims is None or c in claims)}
        edges: dict[EdgeKey, ActorEdge] = {}
        for key, edge in self.edges.items():
            if entities is not None and not {edge.source, edge.target} <= entities:
                continue
            claims_here = edge.claims if kept is None else [c for c in edge.claims if c in kept]
            if claims_here:
                edges[key] = replace(edge, claims=claims_here)
        return _assembled(self.entities, edges, self.claims, self.origins, self.filters, list(self.notes))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: nodes and edges with their evidence counts."""
        claims_of = self.claims_of()
        nodes = [{**asdict(self.entities[eid]), **self.summary(claims_of[eid])}
                 for eid in sorted(self.entities)]
        return {"filters": self.filters.described(), "notes": self.notes,
                "totals": {"nodes": len(self.entities), "edges": len(self.edges),
                           **self.summary(self.claims)},
                "nodes": nodes,
                "edges": [self.edge_record(self.edges[k]) for k in sorted(self.edges)]}


def _assembled(entities: dict[str, EntityRef], edges: dict[EdgeKey, ActorEdge],
               claims: dict[str, ClaimInfo], origins: dict[str, frozenset[str]] | None,
               filters: NetworkFilter, notes: list[str]) -> ActorNetwork:
    """A network holding only the entities and claims its edges use."""
    used = {c for e in edges.values() for c in e.claims}
    ends = {end for e in edges.values() for end in (e.source, e.target)}
    return ActorNetwork({k: v for k, v in entities.items() if k in ends}, edges,
                        {c: info for c, info in claims.items() if c in used},
                        None if origins is None else {c: origins[c] for c in used}, filters, notes)


def all_nodes(store: GraphStore, label: str) -> list[Node]:
    """Every node of a label, page by page."""
    found: list[Node] = []
    while True:
        page = store.find_nodes(label, limit=PAGE, offset=len(found))
        found.extend(page)
        if len(page) < PAGE:
            return found


Link = tuple[str, str, str]  # (MENTIONS | SUBJECT | OBJECT, entity id, predicate)


def _links_into(store: GraphStore, entity_ids: Sequence[str]) -> dict[str, list[Link]]:
    """Claim id -> its links to these entities, read a batch of entities at a time and
    the mentions without their properties (they carry none the network uses), so the
    store parses only the relationship links' predicates."""
    links: dict[str, list[Link]] = {}
    for start in range(0, len(entity_ids), ENTITY_BATCH):
        batch = list(entity_ids[start:start + ENTITY_BATCH])
        for edge in store.edges(batch, ["MENTIONS"], "in", fields=[]):
            links.setdefault(edge.source, []).append(("MENTIONS", edge.target, ""))
        for edge in store.edges(batch, ["SUBJECT", "OBJECT"], "in", fields=["predicate"]):
            links.setdefault(edge.source, []).append(
                (edge.type, edge.target, str(edge.props.get("predicate") or "")))
    return links


def _links_of(store: GraphStore, claim_ids: Sequence[str], labels: tuple[str, ...]) -> dict[str, list[Link]]:
    """Claim id -> its links to entities of ``labels``, read from the claims' side: what
    a region slice or an entity's page needs, without touching any other claim."""
    links: dict[str, list[Link]] = {c: [] for c in claim_ids}
    prefixes = {SCHEMA.node(label).id_prefix for label in labels}
    for start in range(0, len(claim_ids), PAGE):
        batch = list(claim_ids[start:start + PAGE])
        for edge in store.edges(batch, list(ENTITY_LINKS), "out", fields=["predicate"]):
            if edge.target.split(":", 1)[0] in prefixes:
                links[edge.source].append((edge.type, edge.target, str(edge.props.get("predicate") or "")))
    return {c: found for c, found in links.items() if found}


def claim_pairs(links: Sequence[Link], co_mentioned: str) -> list[tuple[EdgeKey, bool]]:
    """The edges one claim makes: subject -> object with its predicate, every other pair
    of entities it names as co-mentioned (each with whether it is directed)."""
    subjects = {entity: predicate for kind, entity, predicate in links if kind == "SUBJECT"}
    named = sorted({entity for _, entity, _ in links})
    if not subjects:  # most claims only name entities: skip the relationship bookkeeping
        return [((a, b, co_mentioned), False) for a, b in combinations(named, 2)]
    objects = list(dict.fromkeys(entity for kind, entity, _ in links if kind == "OBJECT"))
    found: list[tuple[EdgeKey, bool]] = []
    related: set[frozenset[str]] = set()
    for subject, predicate in subjects.items():
        for obj in objects:
            if obj != subject:
                found.append(((subject, obj, predicate or "related to"), True))
                related.add(frozenset((subject, obj)))
    for a, b in combinations(named, 2):
        if frozenset((a, b)) not in related:
            found.append(((a, b, co_mentioned), False))
    return found


def fast_pairs(links: Sequence[Link], co_mentioned: str) -> list[tuple[EdgeKey, bool]]:
    """:func:`claim_pairs`, with the two commonest claims answered without its bookkeeping:
    two entities named together, and one subject with one object."""
    if len(links) == 2:
        (kind, first, predicate), (other_kind, second, other_predicate) = links
        if first != second:
            if kind == other_kind == "MENTIONS":
                return [((first, second, co_mentioned) if first < second else (second, first, co_mentioned),
                         False)]
            if kind == "SUBJECT" and other_kind == "OBJECT":
                return [((first, second, predicate or "related to"), True)]
            if kind == "OBJECT" and other_kind == "SUBJECT":
                return [((second, first, other_predicate or "related to"), True)]
    return claim_pairs(links, co_mentioned)


def _report_dates(store: GraphStore, rows: Sequence[ClaimLinks]) -> dict[str, str]:
    """The dates of the reports of undated claims (an undated claim takes its report's)."""
    undated = sorted({row.report_id for row in rows if not row.published})
    return {rid: str(r.props.get("published") or "")
            for rid, r in store.get_nodes(undated, ["published"]).items()} if undated else {}


def _whole_network(store: GraphStore, wanted: NetworkFilter
                   ) -> tuple[dict[str, EntityRef], dict[EdgeKey, ActorEdge], dict[str, ClaimInfo]]:
    """Entities, edges and claims of the whole store, before the origin filter: one grouped
    store read (``claim_links``, the date range applied in the store to the claim's own
    date, as claims-about applies it), no node or edge object per claim."""
    entities = _entities(store, wanted, None)
    rows = store.claim_links(network_labels(wanted), wanted.since, wanted.until)
    dates = _report_dates(store, rows)
    checked = wanted.hedged is not None or wanted.sourced is not None
    co_mentioned = settings().co_mention_predicate
    edges: dict[EdgeKey, ActorEdge] = {}
    info: dict[str, ClaimInfo] = {}
    for row in rows:
        claim = ClaimInfo(row.report_id, row.published[:10] or dates.get(row.report_id, "")[:10],
                          row.hedged, row.sourced)
        if checked and not wanted.keeps(claim):
            continue
        info[row.claim] = claim
        for key, directed in fast_pairs(row.links, co_mentioned):
            if not wanted.predicates or key[2] in wanted.predicates:
                edge = edges.get(key)
                if edge is None:
                    edge = edges[key] = ActorEdge(*key, directed=directed)
                edge.claims.append(row.claim)
    return entities, edges, info


def _claim_info(store: GraphStore, claim_ids: list[str]) -> dict[str, ClaimInfo]:
    """Date, hedging and report of each claim (undated claims take their report's date)."""
    nodes = store.get_nodes(claim_ids, CLAIM_FIELDS)
    undated = sorted({n.props["report_id"] for n in nodes.values() if not n.props.get("published")})
    report_dates = {rid: str(r.props.get("published") or "")
                    for rid, r in store.get_nodes(undated, ["published"]).items()} if undated else {}
    return {cid: ClaimInfo(str(n.props["report_id"]),
                           str(n.props.get("published") or report_dates.get(n.props["report_id"], ""))[:10],
                           bool(n.props.get("hedged")), bool(n.props.get("sourced")))
            for cid, n in nodes.items() if n.label == "Claim"}


def region_claims(store: GraphStore, key: str) -> set[str]:
    """The claims about a region or any region inside it."""
    region = resolve_entity(store, key)
    if region.label != "Region":
        raise NotFoundError(f"{key!r} is a {region.label}, not a region")
    return set(claims_linking(store, descendant_regions(store, region.id)))


def origin_map(store: GraphStore, claim_ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """Claim id -> the independent origins (named by their first report) it traces to."""
    ids = sorted(set(claim_ids))
    found: dict[str, set[str]] = {c: set() for c in ids}
    for group in origin_groups(store, ids):
        name = min(str(o["report_id"]) for o in group.origins)
        for claim in group.claim_ids:
            found.setdefault(claim, set()).add(name)
    return {c: frozenset(names) for c, names in found.items()}


def _entities(store: GraphStore, wanted: NetworkFilter, only: Sequence[str] | None) -> dict[str, EntityRef]:
    labels = network_labels(wanted)
    if only is not None:
        return {n.id: EntityRef.of(n) for n in store.get_nodes(list(only)).values() if n.label in labels}
    return {n.id: EntityRef.of(n) for label in labels for n in all_nodes(store, label)}


def _scope(store: GraphStore, wanted: NetworkFilter, about: str | None) -> list[str] | None:
    """The only claims the network may use, when a region or an entity narrows it (None:
    every claim): read from the region's or entity's side, so a slice costs its own claims."""
    scope = region_claims(store, wanted.region) if wanted.region else None
    if about is not None:
        own = set(claims_linking(store, [about]))
        scope = own if scope is None else scope & own
    return None if scope is None else sorted(scope)


def _collect(store: GraphStore, links: dict[str, list[Link]], wanted: NetworkFilter
             ) -> tuple[dict[EdgeKey, ActorEdge], dict[str, ClaimInfo]]:
    """Edges with their claims, before the origin filter."""
    info = {c: i for c, i in _claim_info(store, sorted(links)).items() if wanted.keeps(i)}
    co_mentioned = settings().co_mention_predicate
    edges: dict[EdgeKey, ActorEdge] = {}
    for claim in info:
        for key, directed in fast_pairs(links[claim], co_mentioned):
            if not wanted.predicates or key[2] in wanted.predicates:
                edge = edges.get(key)
                if edge is None:
                    edge = edges[key] = ActorEdge(*key, directed=directed)
                edge.claims.append(claim)
    return edges, info


def _read_links(store: GraphStore, wanted: NetworkFilter, entity_ids: Sequence[str] | None,
                about: str | None) -> tuple[dict[str, EntityRef], dict[str, list[Link]]]:
    """The network's entities, and each usable claim's links to them: from the entities'
    side for the whole network, from the claims' side when a region or an entity narrows it."""
    scope = _scope(store, wanted, about)
    if scope is None:
        entities = _entities(store, wanted, entity_ids)
        return entities, _links_into(store, sorted(entities))
    links = _links_of(store, scope, network_labels(wanted))
    named = {link[1] for found in links.values() for link in found}
    if entity_ids is not None:
        named &= set(entity_ids)
    entities = _entities(store, wanted, sorted(named))
    kept = {c: [link for link in found if link[1] in entities] for c, found in links.items()}
    return entities, {c: found for c, found in kept.items() if found}


def _counted_origins(store: GraphStore, claim_ids: set[str], wanted: NetworkFilter,
                     notes: list[str]) -> dict[str, frozenset[str]] | None:
    """Independent origins per claim, unless the network is too large and nobody asked."""
    limit = settings().origin_count_claims
    count = wanted.count_origins
    if count is None:
        count = wanted.min_origins > 0 or len(claim_ids) <= limit
    if not count:
        notes.append(f"Independent origins were not counted: {len(claim_ids)} claims is over the "
                     f"limit of {limit} (ask for them, or narrow the filters).")
        return None
    return origin_map(store, claim_ids)


def actor_network(store: GraphStore, filters: NetworkFilter | None = None,
                  entity_ids: Sequence[str] | None = None, about: str | None = None) -> ActorNetwork:
    """The actor network of the claims that pass the filters (among ``entity_ids`` when
    given: the edges between those entities, exactly as in the whole network).

    With ``about``, only the claims that name that entity make the network: the entity,
    everyone those claims name, and the links those claims make (what an entity's page
    shows, read from the entity's own claims). A region filter likewise reads only the
    claims about the region.
    """
    wanted = filters or NetworkFilter()
    with bulk_build():
        if entity_ids is None and about is None and wanted.region is None:
            entities, edges, info = _whole_network(store, wanted)
        else:
            entities, links = _read_links(store, wanted, entity_ids, about)
            edges, info = _collect(store, links, wanted)
            edges = {k: e for k, e in edges.items() if e.source in entities and e.target in entities}
        notes: list[str] = []
        origins = _counted_origins(store, {c for e in edges.values() for c in e.claims}, wanted, notes)
        if wanted.min_origins and origins is not None:
            edges = {k: e for k, e in edges.items()
                     if len(set().union(*(origins[c] for c in e.claims))) >= wanted.min_origins}
        return _assembled(entities, edges, info, origins, wanted, notes)


def network_labels(wanted: NetworkFilter) -> tuple[str, ...]:
    """The labels that are nodes of the network."""
    return ("Organisation", "Region") if wanted.include_regions else ("Organisation",)


def reach(store: GraphStore, entity_id: str, radius: int, wanted: NetworkFilter) -> list[str]:
    """The entities within ``radius`` claims of one entity, walked in the store (two batched
    reads a step), so an ego network needs only their edges, not the whole network's.

    The walk ignores the claim filters, so it finds every entity the filtered ego network
    can hold, and perhaps a few more that :func:`~queries.analysis.measures.ego_network` drops.
    """
    labels = network_labels(wanted)
    found, frontier = {entity_id}, [entity_id]
    for _ in range(radius):
        claims = sorted({e.source for e in store.edges(frontier, list(ENTITY_LINKS), "in", fields=[])})
        named = {e.target for e in store.edges(claims, list(ENTITY_LINKS), "out", fields=[])}
        frontier = sorted(n for n in named - found if SCHEMA.label_for_prefix(n) in labels)
        found.update(frontier)
        if not frontier:
            break
    return sorted(found)


@dataclass
class EdgeClaims(Answer):
    """The claims behind the edges between two entities, one page of them, with quotes."""

    entities: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    total: dict[str, Any]
    offset: int
    notes: list[str]
    claims: list[dict[str, Any]]


def expand_edge(store: GraphStore, first: str, second: str, predicate: str | None = None,
                filters: NetworkFilter | None = None, limit: int | None = None,
                offset: int = 0) -> EdgeClaims:
    """The claims behind the edges between two entities, with their quotes, page by page."""
    a, b = resolve_entity(store, first), resolve_entity(store, second)
    wanted = replace(filters or NetworkFilter(), include_regions=True)  # both ends were named
    if predicate:
        wanted = replace(wanted, predicates=(predicate,))
    network = actor_network(store, wanted, [a.id, b.id])
    claims = sorted({c for e in network.edges.values() for c in e.claims},
                    key=lambda c: (network.claims[c].published, c))
    page = claims[offset:offset + (limit or settings().edge_claims_page)]
    evidence = load_evidence(store, page)
    return EdgeClaims(
        entities=[EntityRef.of(a).__dict__, EntityRef.of(b).__dict__],
        edges=[network.edge_record(network.edges[k]) for k in sorted(network.edges)],
        total=network.summary(claims), offset=offset, notes=network.notes,
        claims=[{**evidence[c].to_dict(), "independent_origins":
                 sorted(network.origins[c]) if network.origins is not None else None}
                for c in page if c in evidence])
