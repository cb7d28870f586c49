"""Source chain: follow a claim's citations back to where the story started.

From a claim we follow ``CITES`` to the reports it cites; in a cited report we continue
from the claims that say the same thing (``queries.similarity``), or from the report
as a whole when none does; a republished copy inherits its original's chain. Each path
ends in an **origin**: ``primary`` (a claim that cites nothing, with its attribution),
``dangling`` (a cited report that is not in the graph), ``circular`` (the path loops
back) or ``truncated`` (the depth cap was reached). The walk goes level by level and
asks the store once per level for all open paths, never once per claim.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from graph.bulk import bulk_build
from graph.errors import NotFound
from graph.model import Edge, Node
from graph.stores.base import GraphStore
from queries.evidence import (
    REPORT_FIELDS,
    SUMMARY_KEYS,
    Evidence,
    evidence_for,
    mentioned_entities,
    report_summary,
)
from queries.results import Answer
from queries.similarity import same_claim

MAX_DEPTH = 8
MAX_PATHS = 200
FIRST_READ = 16          # reports whose claims are read first when a level arrives somewhere
LEVEL_EVIDENCE = ["CITES", "REPUBLISHES", "ATTRIBUTED_TO"]   # read together, once a level
REPORT_KEYS = tuple(dict.fromkeys((*SUMMARY_KEYS, *REPORT_FIELDS)))  # what hops show of a report
OriginType = Literal["primary", "dangling", "circular", "truncated"]


class NotFoundError(NotFound, LookupError):
    """The id names no claim or report in the store."""


@dataclass
class Hop:
    """One report on a path, the claim in it (if one matched), and how we got there."""

    report: dict[str, Any]
    claim: Evidence | None
    via: str | None = None
    citation: dict[str, Any] | None = None


@dataclass
class Origin:
    """Where a path ends."""

    type: OriginType
    report_id: str
    claim_id: str | None = None
    attribution: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity used to count distinct origins."""
        return (self.type, self.report_id, self.claim_id or "")


@dataclass
class ChainPath:
    """A path from the start to an origin."""

    hops: list[Hop]
    origin: Origin


@dataclass
class ChainResult(Answer):
    """Every path, the distinct origins, and flags for the chain as a whole."""

    start: str
    paths: list[ChainPath]
    flags: dict[str, bool]
    capped: dict[str, bool]
    limits: dict[str, int]

    @property
    def origins(self) -> list[Origin]:
        """Distinct origins, in path order."""
        seen: dict[tuple[str, str, str], Origin] = {}
        for path in self.paths:
            seen.setdefault(path.origin.key, path.origin)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"start": self.start, "flags": self.flags, "capped": self.capped,
                "limits": self.limits, "origins": [asdict(o) for o in self.origins],
                "paths": [asdict(p) for p in self.paths]}


@dataclass
class _Open:
    """A path still being followed.

    ``claim`` is where the path stands (None: the report as a whole); ``subject`` is the
    claim whose assertion is being traced, matched against claims in each cited report.
    """

    hops: list[Hop]
    report_id: str
    claim: Node | None
    subject: Node | None
    visited: frozenset[str]


class _Walker:
    """Level-by-level expansion with one batched store call per kind of lookup."""

    def __init__(self, store: GraphStore, max_depth: int, max_paths: int):
        self.store = store
        self.max_depth = max_depth
        self.max_paths = max_paths
        self.done: list[ChainPath] = []
        self.capped = {"depth": False, "paths": False}
        self.cites_later = False
        self._same: dict[tuple[str, str], bool] = {}   # (traced claim, candidate) -> restates it
        self._same_said: dict[tuple[str, frozenset[str], str, frozenset[str]], bool] = {}  # by text
        self.reports: dict[str, Node] = {}   # the reports reached, without their text
        self.entities: dict[str, set[str]] = {}   # claim -> the entities it mentions
        self._read: dict[str, list[Node]] = {}   # report -> its claims, read once a walk

    def run(self, start: list[_Open]) -> list[ChainPath]:
        """Walk level by level from ``start`` (the garbage collector paused: a walk to the
        path cap builds thousands of paths and parsed claims, none in a cycle)."""
        level = start
        with bulk_build():
            for depth in range(self.max_depth + 1):
                if not level:
                    break
                level = self._step(level, at_cap=depth == self.max_depth)
        return self.done

    def _step(self, level: list[_Open], at_cap: bool) -> list[_Open]:
        claims_of = self._whole_report_claims(level)
        evidence = self._evidence(level, claims_of)
        citing = self._citations(level, claims_of, evidence)
        republished = self._republished(level, citing, evidence)
        targets = {e.target for edges in citing.values() for e in edges}
        reports = self.store.get_nodes(sorted(targets | {e.target for e in republished.values()}),
                                       REPORT_KEYS)
        self.reports.update(reports)
        uncited = [p for i, p in enumerate(level) if not citing[i] and p.report_id not in republished]
        attributions = self._attributions({p.claim.id for p in uncited if p.claim}, evidence)
        following: list[_Open] = []
        for index, path in enumerate(level):
            edges = citing[index]
            if not edges and path.report_id in republished:
                edges = [republished[path.report_id]]
            if not edges:
                claim_id = path.claim.id if path.claim else None
                self._finish(path, Origin("primary", path.report_id, claim_id,
                                          attributions.get(claim_id or "", [])))
            elif at_cap:
                self.capped["depth"] = True
                self._finish(path, Origin("truncated", path.report_id, path.claim.id if path.claim else None))
            else:
                following.extend(self._follow(path, edges, reports))
        arrivals = self._within_cap(following)
        return self._continue_in(arrivals, max(self.max_paths - len(self.done), 0))

    def _within_cap(self, level: list[_Open]) -> list[_Open]:
        """Keep at most ``max_paths`` paths in all, and say so when some are dropped."""
        room = max(self.max_paths - len(self.done), 0)
        if len(level) > room:
            self.capped["paths"] = True
            return level[:room]
        return level

    def _whole_report_claims(self, level: list[_Open]) -> dict[str, list[str]]:
        """For paths standing on a whole report: the report's claims that share an entity
        with the traced claim (all of them when it mentions none), in MAKES order. The
        entities are usually known already: the report's claims were read on arrival."""
        whole = [p.report_id for p in level if p.claim is None]
        makes = self.store.edges(whole, ["MAKES"], "out", fields=()) if whole else []
        if not makes:
            return {}
        subjects = [p.subject.id for p in level if p.claim is None and p.subject is not None]
        unseen = sorted({*subjects, *(e.target for e in makes)} - self.entities.keys())
        if unseen:
            self.entities.update(mentioned_entities(self.store, unseen))
        wanted = set().union(*(self.entities.get(s, set()) for s in subjects)) if subjects else set()
        claims_of: dict[str, list[str]] = {}
        for edge in makes:
            if not wanted or self.entities.get(edge.target, set()) & wanted:
                claims_of.setdefault(edge.source, []).append(edge.target)
        return claims_of

    def _evidence(self, level: list[_Open], claims_of: dict[str, list[str]]) -> dict[str, list[Edge]]:
        """CITES, REPUBLISHES and ATTRIBUTED_TO out of every claim and report the level
        stands on, in one store call (each lookup below keeps the types it needs)."""
        ids = {p.claim.id for p in level if p.claim} | {p.report_id for p in level}
        ids |= {c for cs in claims_of.values() for c in cs}
        by_source: dict[str, list[Edge]] = {}
        for edge in self.store.edges(sorted(ids), LEVEL_EVIDENCE, "out"):
            by_source.setdefault(edge.source, []).append(edge)
        return by_source

    def _citations(self, level: list[_Open], claims_of: dict[str, list[str]],
                   evidence: dict[str, list[Edge]]) -> dict[int, list[Edge]]:
        """CITES edges out of each open path's claim, or, for a whole report, out of the
        report and those of its claims that share an entity with the traced claim."""
        result: dict[int, list[Edge]] = {}
        for index, path in enumerate(level):
            keys = [path.claim.id] if path.claim else [path.report_id, *claims_of.get(path.report_id, [])]
            result[index] = [e for key in keys for e in evidence.get(key, []) if e.type == "CITES"]
        return result

    def _republished(self, level: list[_Open], citing: dict[int, list[Edge]],
                     evidence: dict[str, list[Edge]]) -> dict[str, Edge]:
        """REPUBLISHES edges of the reports whose open claim cites nothing."""
        quiet = sorted({p.report_id for i, p in enumerate(level) if not citing[i]})
        return {e.source: e for rid in quiet for e in evidence.get(rid, []) if e.type == "REPUBLISHES"}

    def _attributions(self, claim_ids: set[str], evidence: dict[str, list[Edge]]
                      ) -> dict[str, list[dict[str, Any]]]:
        edges = [e for cid in sorted(claim_ids) for e in evidence.get(cid, []) if e.type == "ATTRIBUTED_TO"]
        agents = self.store.get_nodes(sorted({e.target for e in edges}))
        found: dict[str, list[dict[str, Any]]] = {}
        for edge in edges:
            agent = agents.get(edge.target)
            found.setdefault(edge.source, []).append({
                "id": edge.target, "name": agent.props.get("name") if agent else edge.target,
                "anonymous": bool(edge.props.get("anonymous")), "quote": edge.props.get("quote"),
                "start": edge.props.get("start"), "end": edge.props.get("end"),
            })
        return found

    def _follow(self, path: _Open, edges: list[Edge], reports: dict[str, Node]) -> list[_Open]:
        """One open path per citation edge, or an origin where the edge ends the path."""
        following: list[_Open] = []
        for edge in edges:
            if len(self.done) + len(following) >= self.max_paths:
                self.capped["paths"] = True
                break
            target = reports.get(edge.target)
            via = "republishes" if edge.type == "REPUBLISHES" else str(edge.props.get("kind", "cites"))
            hop = Hop(report_summary(target) if target else {"id": edge.target}, None, via,
                      _citation_info(edge))
            self._check_dates(path, target)
            if edge.target in path.visited:
                self._finish(path, Origin("circular", edge.target), extra=hop)
            elif target is None or target.props.get("stub"):
                self._finish(path, Origin("dangling", edge.target), extra=hop)
            else:
                following.append(_Open([*path.hops, hop], edge.target, None,
                                       path.claim or path.subject, path.visited | {edge.target}))
        return following

    def _continue_in(self, arrivals: list[_Open], room: int) -> list[_Open]:
        """In each newly reached report, continue from the claims that match the citing claim.

        At most ``room`` paths go on (the path cap): claims are compared in id order and
        only until one more path than there is room for is found, which is enough to say
        the cap was reached; the paths kept are the ones a full comparison would keep.
        The reports' claims are read in a few batches that grow fourfold (16 reports,
        then 64, ...), so a level that fills the cap in its first reports reads no more
        (one store call a batch: ``report_claims``).
        """
        level: list[_Open] = []
        start, size = 0, FIRST_READ
        while start < len(arrivals):
            chunk = arrivals[start:start + size]
            claims_in, entities = self._claims_in(chunk)
            for arrival in chunk:
                if len(level) >= room:   # every arrival opens at least one path
                    self.capped["paths"] = True
                    return level[:room]
                level.extend(self._matches(arrival, claims_in.get(arrival.report_id, []), entities,
                                           self.reports.get(arrival.report_id), room - len(level)))
            start, size = start + size, size * 4
        if len(level) > room:
            self.capped["paths"] = True
        return level[:room]

    def _claims_in(self, arrivals: list[_Open]) -> tuple[dict[str, list[Node]], dict[str, set[str]]]:
        """The claims of the reports these paths reached, and the entities each of them and
        each traced claim mentions (one store call, and one more for traced claims not
        seen yet in this walk). A report reached again is not read again."""
        wanted = {a.report_id for a in arrivals}
        unread = sorted(wanted - self._read.keys())
        found = self.store.report_claims(unread) if unread else {}
        for report in unread:
            claims = found.get(report, [])
            self._read[report] = [claim for claim, _ in claims]
            self.entities.update((claim.id, entities) for claim, entities in claims)
        claims_in = {report: self._read[report] for report in wanted if self._read[report]}
        unseen = sorted({a.subject.id for a in arrivals if a.subject} - self.entities.keys())
        if unseen:
            self.entities.update(mentioned_entities(self.store, unseen))
        return claims_in, self.entities

    def _matches(self, arrival: _Open, candidates: list[Node], entities: dict[str, set[str]],
                 report: Node | None, room: int) -> list[_Open]:
        """The paths an arrival opens: one per claim restating the traced claim (in id
        order, at most ``room + 1``), else one for the report as a whole."""
        citing = arrival.subject
        matched: list[Node] = []
        if citing is not None:
            for claim in sorted(candidates, key=lambda c: c.id):
                if len(matched) > room:
                    break
                if self._restates(citing, claim, entities):
                    matched.append(claim)
        if not matched:
            return [_Open(arrival.hops, arrival.report_id, None, citing, arrival.visited)]
        opened = []
        for claim in matched:
            hops = list(arrival.hops)
            hops[-1] = Hop(hops[-1].report, evidence_for(claim, report), hops[-1].via, hops[-1].citation)
            opened.append(_Open(hops, arrival.report_id, claim, claim, arrival.visited))
        return opened

    def _restates(self, citing: Node, claim: Node, entities: dict[str, set[str]]) -> bool:
        """Whether ``claim`` says what ``citing`` says, compared once per pair and walk
        (many paths reach the same report tracing the same claim), and once per pair of
        texts and entities (a copied claim restates what its original restates)."""
        key = (citing.id, claim.id)
        known = self._same.get(key)
        if known is None:
            known = self._same[key] = self._restates_said(citing, claim, entities)
        return known

    def _restates_said(self, citing: Node, claim: Node, entities: dict[str, set[str]]) -> bool:
        """The rule's answer for two claims' texts and entities, asked once a walk."""
        said = (str(citing.props["text"]), frozenset(entities.get(citing.id, ())),
                str(claim.props["text"]), frozenset(entities.get(claim.id, ())))
        known = self._same_said.get(said)
        if known is None:
            known = self._same_said[said] = same_claim(said[0], set(said[1]), said[2], set(said[3]))
        return known

    def _check_dates(self, path: _Open, target: Node | None) -> None:
        citing_date = path.hops[-1].report.get("published") if path.hops else None
        cited_date = target.props.get("published") if target else None
        if citing_date and cited_date and str(cited_date) > str(citing_date):
            self.cites_later = True

    def _finish(self, path: _Open, origin: Origin, extra: Hop | None = None) -> None:
        hops = [*path.hops, extra] if extra else list(path.hops)
        self.done.append(ChainPath(hops, origin))


def _citation_info(edge: Edge) -> dict[str, Any]:
    keys = ("kind", "quote", "start", "end", "report_id", "target_url", "method", "basis")
    return {"edge_id": edge.id, "type": edge.type,
            **{k: edge.props[k] for k in keys if k in edge.props}}


def _start(store: GraphStore, node_id: str) -> list[_Open]:
    node = store.get_nodes([node_id]).get(node_id)
    if node is None or node.label not in ("Claim", "Report"):
        raise NotFoundError(f"no claim or report with id {node_id!r}")
    if node.label == "Claim":
        report_id = node.props["report_id"]
        report = store.get_nodes([report_id]).get(report_id)
        hop = Hop(report_summary(report) if report else {"id": report_id},
                  evidence_for(node, report), None)
        return [_Open([hop], report_id, node, node, frozenset({report_id}))]
    return [_Open([Hop(report_summary(node), None, None)], node.id, None, None, frozenset({node.id}))]


def _flags(paths: list[ChainPath], walker: _Walker) -> dict[str, bool]:
    origins = {p.origin.key: p.origin for p in paths}
    first_hops = {len(p.hops) for p in paths}
    return {
        "unsourced": first_hops == {1} and all(p.origin.type == "primary" for p in paths),
        "single_origin": len(origins) == 1,
        "circular": any(o.type == "circular" for o in origins.values()),
        "dangling": any(o.type == "dangling" for o in origins.values()),
        "cites_later_report": walker.cites_later,
        "anonymous_attribution": any(a.get("anonymous") for o in origins.values() for a in o.attribution),
    }


def source_chain(store: GraphStore, node_id: str, max_depth: int = MAX_DEPTH,
                 max_paths: int = MAX_PATHS) -> ChainResult:
    """Every path from a claim (or a report) to its origins, with flags and caps."""
    walker = _Walker(store, max_depth, max_paths)
    paths = walker.run(_start(store, node_id))
    return ChainResult(node_id, paths, _flags(paths, walker), walker.capped,
                       {"max_depth": max_depth, "max_paths": max_paths})
