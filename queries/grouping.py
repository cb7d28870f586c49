"""Independent origins: the sources several claims rest on, with what is one source merged.

Every claim's source chain is walked (all claims together, one store call per depth);
each path ends at a **source node**:

- a document not in the graph (a linked page, or a stub for a document described in
  prose, whose id every report describing it shares);
- an organisation or a person the claim is attributed to (a channel such as "seen by
  AFP" or a wire credit is not a source: it is how the story travelled);
- an anonymous source ("two officials"), kept apart but reported as such;
- the outlet's own reporting when the claim names no source: its credited agency's
  story if the report credits one, else the original of a republished copy, else the
  publisher.

Claims on the same source node count once; copies of one story (REPUBLISHES) and
reports crediting one agency count once. A claim whose own text names no source, in a
report that cites a source another claim here rests on, is counted with that source
rather than as new evidence: unsourced repetition is not independent confirmation.
Each group says why its claims count as one. What is left is the number of
**independent origins**.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.model import Edge, Node
from graph.stores.base import GraphStore
from queries.chain import MAX_DEPTH, ChainPath, Hop, _Open, _Walker
from queries.evidence import ClaimsRead, evidence_for, read_claims, report_summary
from queries.features import name_keys

CHANNEL_KINDS = frozenset({"wire", "channel"})
EVIDENCE = ["CITES", "ATTRIBUTED_TO"]
OPPOSING = frozenset({"denies", "disputes"})
MAX_PATHS_PER_CLAIM = 50
EVIDENCE_FIELDS = ("source_kind", "stance", "via", "anonymous", "cue", "quote", "role", "affiliation",
                   "affiliation_name", "issuer_root", "issuer_part", "cue_start", "cue_end")


class UnionFind:
    """Merge items that must count as one."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        """The representative of the item's group."""
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        """Put two items in one group (the smaller key represents it, for stable output)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class OriginGroup:
    """Origins that count as one, the claims resting on them, and why they count as one."""

    origins: list[dict[str, Any]] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    kind: str = "own"
    name: str | None = None


@dataclass
class _Source:
    """One source node a claim rests on, and what tells whose voice it is."""

    key: str
    kind: str
    name: str | None
    origin: dict[str, Any]
    note: str | None = None
    speaks_for: str = ""                  # a person's role and body, as written
    affiliation: str | None = None        # id of the body a person speaks for
    family: tuple[str, str | None] | None = None   # issuer family and part (UN, mission)
    via: str | None = None                # id of the source this one was reached through
    generic: bool = False                 # an unnamed document ("the statement")


@dataclass
class _Context:
    """What the grouping reads from the store, in a few batched calls."""

    nodes: dict[str, Node]
    credits: dict[str, list[str]]
    report_sources: dict[str, set[str]]
    attributions: dict[str, list[Edge]]


def origin_groups(store: GraphStore, claim_ids: Sequence[str]) -> list[OriginGroup]:
    """Group the claims' origins into independent ones (sorted for stable answers)."""
    return origins_and_caps(store, claim_ids)[0]


def origins_and_caps(store: GraphStore, claim_ids: Sequence[str], read: ClaimsRead | None = None
                     ) -> tuple[list[OriginGroup], dict[str, bool]]:
    """The origin groups, and whether the chain walk hit its depth or path cap (the claims
    and their reports are read here unless the caller has ``read`` them already)."""
    paths, capped = _walk_all(store, list(dict.fromkeys(claim_ids)), read)
    context = _read_context(store, paths, claim_ids)
    sources = {cid: _sources(cid, paths.get(cid, []), context) for cid in claim_ids}
    merged, why = _merge(sources, context)
    return _groups(claim_ids, sources, merged, why), capped


def _walk_all(store: GraphStore, claim_ids: list[str], read: ClaimsRead | None
              ) -> tuple[dict[str, list[ChainPath]], dict[str, bool]]:
    """Every claim's source chain, walked together: one store call per depth for all."""
    starts = _starts(read or read_claims(store, claim_ids), claim_ids)
    walker = _Walker(store, MAX_DEPTH, MAX_PATHS_PER_CLAIM * max(len(claim_ids), 1))
    found: dict[str, list[ChainPath]] = {}
    for path in walker.run(starts):
        first = path.hops[0].claim
        if first is not None:
            found.setdefault(first.claim_id, []).append(path)
    return found, dict(walker.capped)


def _starts(read: ClaimsRead, claim_ids: list[str]) -> list[_Open]:
    """Where each claim's walk starts: the claim in its report."""
    claims, reports = read.claims, read.reports
    starts = []
    for cid in claim_ids:
        claim = claims.get(cid)
        if claim is None:
            continue
        report = reports.get(claim.props["report_id"])
        hop = Hop(report_summary(report) if report else {"id": claim.props["report_id"]},
                  evidence_for(claim, report), None)
        starts.append(_Open([hop], claim.props["report_id"], claim, claim,
                            frozenset({claim.props["report_id"]})))
    return starts


def _read_context(store: GraphStore, paths: dict[str, list[ChainPath]], claim_ids: Sequence[str]) -> _Context:
    """Reports, their copies and credits, what each report cites, and attributions."""
    origin_reports = sorted({p.origin.report_id for ps in paths.values() for p in ps})
    primaries = sorted({p.origin.claim_id for ps in paths.values() for p in ps if p.origin.claim_id})
    report_edges = store.edges(origin_reports, ["CREDITS", "MAKES"], "both",
                               fields=("basis",))
    credits: dict[str, list[str]] = {}
    for edge in report_edges:
        if edge.type == "CREDITS":
            credits.setdefault(edge.source, []).append(edge.target)
    makes = [e for e in report_edges if e.type == "MAKES"]
    claims = {e.target for e in makes} | set(primaries) | set(claim_ids)
    evidence = store.edges(sorted(claims), EVIDENCE, "out", fields=EVIDENCE_FIELDS)
    report_of = {e.target: e.source for e in makes}
    report_sources: dict[str, set[str]] = {}
    attributions: dict[str, list[Edge]] = {}
    for edge in evidence:
        if edge.source in report_of and not _is_channel(edge) and not _opposes(edge):
            report_sources.setdefault(report_of[edge.source], set()).add(_key_of(edge))
        if edge.type == "ATTRIBUTED_TO":
            attributions.setdefault(edge.source, []).append(edge)
    names = store.get_nodes(sorted({e.target for e in evidence} | set(origin_reports)
                                   | {a for ts in credits.values() for a in ts}),
                            ("name", "title", "publisher", "stub", "described", "issuer", "anonymous",
                             "issuer_root", "issuer_part"))
    return _Context(names, credits, report_sources, attributions)


def _is_channel(edge: Edge) -> bool:
    return str(edge.props.get("source_kind") or "") in CHANNEL_KINDS


def _opposes(edge: Edge) -> bool:
    """A source that denies or disputes the claim is not an origin of the fact: the
    answer lists it under conflicts, never as one more voice saying it."""
    return edge.props.get("stance") in OPPOSING


def _key_of(edge: Edge) -> str:
    """The source-node key of an evidence edge."""
    if edge.type == "CITES":
        return f"document:{edge.target}"
    anonymous = edge.props.get("anonymous") or edge.props.get("source_kind") == "anonymous"
    return f"{'anonymous' if anonymous else 'agent'}:{edge.target}"


def _sources(claim_id: str, paths: list[ChainPath], context: _Context) -> list[_Source]:
    """The source nodes one claim's paths end at."""
    found: dict[str, _Source] = {}
    for path in paths:
        for source in _path_sources(path, context):
            found.setdefault(source.key, source)
    if any(p.origin.type != "primary" for p in paths):   # "X said: the analysis shows": X too
        described = {"type": "primary", "report_id": paths[0].hops[0].report.get("id")}
        for edge in context.attributions.get(claim_id, []):
            if not _is_channel(edge) and not _opposes(edge):
                found.setdefault(_key_of(edge), _agent_source(edge, described, context))
    return list(found.values())


def _path_sources(path: ChainPath, context: _Context) -> list[_Source]:
    origin = path.origin
    described = {"type": origin.type, "report_id": origin.report_id}
    if origin.type != "primary":
        node = context.nodes.get(origin.report_id)
        kind = "document" if origin.type == "dangling" else origin.type
        return [_Source(f"{kind}:{origin.report_id}", kind, _title(node), described,
                        family=_family(node.props if node else {}), generic=_generic(node))]
    edges = [e for e in context.attributions.get(origin.claim_id or "", []) if not _opposes(e)]
    agents = [e for e in edges if not _is_channel(e)]
    if agents:
        relayed = _relayed(edges, agents, described, context)
        return [_agent_source(e, described, context) for e in agents] + relayed
    told = sorted({e.target for e in edges if e.props.get("source_kind") == "wire"})
    if told:   # "Reuters claimed ..." and nothing else: the agency's own reporting
        return [_Source(f"own:{told[0]}", "wire", _title(context.nodes.get(told[0])), described,
                        "the agency's own reporting, as this report tells it")]
    return [_own(origin.report_id, described, context)]


def _relayed(edges: list[Edge], agents: list[Edge], described: dict[str, Any], context: _Context
             ) -> list[_Source]:
    """An agency a speaker relays ("he said that Reuters had indicated ..."): the agency's
    reporting is reached through the speaker, so the two count as one origin."""
    found = []
    for edge in (e for e in edges if e.props.get("source_kind") == "wire"):
        outer = next((a for a in agents if _cue(edge, "cue_start") > _cue(a, "cue_end") >= 0), None)
        if outer is not None:
            found.append(_Source(f"own:{edge.target}", "wire", _title(context.nodes.get(edge.target)),
                                 described, "the agency's reporting, as a speaker relays it",
                                 via=outer.target))
    return found


def _cue(edge: Edge, key: str) -> int:
    value = edge.props.get(key)
    return int(value) if isinstance(value, int) else -1


def _agent_source(edge: Edge, described: dict[str, Any], context: _Context) -> _Source:
    props = edge.props
    return _Source(_key_of(edge), _agent_kind(edge, context), _title(context.nodes.get(edge.target)),
                   {**described, "attributed_to": edge.target},
                   speaks_for=" ".join(str(props.get(k) or "") for k in ("role", "affiliation_name")).strip(),
                   affiliation=props.get("affiliation"), family=_family(props),
                   via=props.get("via"))


def _family(props: dict[str, Any]) -> tuple[str, str | None] | None:
    root = props.get("issuer_root")
    return (str(root), props.get("issuer_part")) if root else None


def _generic(node: Node | None) -> bool:
    """An unnamed document stub ("according to the statement"): no issuer, no address."""
    if node is None or not node.props.get("stub") or node.props.get("described"):
        return False
    return not node.props.get("issuer") and not node.props.get("url")


def _agent_kind(edge: Edge, context: _Context) -> str:
    if _key_of(edge).startswith("anonymous:"):
        return "anonymous"
    return "person" if edge.target.startswith("per:") else "organisation"


def _own(report_id: str, described: dict[str, Any], context: _Context) -> _Source:
    """Own reporting: the credited agency's story, else the outlet's."""
    cites = context.report_sources.get(report_id, set())
    note = ("no source found in the text; its report cites other sources" if cites
            else "the report cites nothing: the outlet's own reporting")
    agencies = context.credits.get(report_id, [])
    if agencies:
        agency = sorted(agencies)[0]
        return _Source(f"own:{agency}", "wire", _title(context.nodes.get(agency)), described, note)
    report = context.nodes.get(report_id)
    return _Source(f"own:{report_id}", "own", report.props.get("publisher") if report else None,
                   described, note)


def _title(node: Node | None) -> str | None:
    if node is None:
        return None
    props = node.props
    return str(props.get("name") or props.get("title") or props.get("publisher") or node.id)


def _merge(sources: dict[str, list[_Source]], context: _Context) -> tuple[UnionFind, dict[str, list[str]]]:
    """Merge what is one source: voices of one body, and unsourced repetitions of a source
    counted elsewhere. Copies need no merge here: a copy's chain runs through REPUBLISHES
    to its original, so both end at the same source node."""
    merged = UnionFind()
    why: dict[str, list[str]] = {}
    for source in (s for ss in sources.values() for s in ss):
        merged.find(source.key)
    _merge_names(sources, merged, why)
    _merge_people(sources, merged, why)
    _merge_voices(sources, merged, why)
    _merge_families(sources, merged, why)
    _merge_nested(sources, merged, why)
    _merge_vehicles(sources, merged, why)
    _merge_issuers(sources, context, merged, why)
    _merge_agency_copies(sources, context, merged, why)
    _merge_unnamed_officials(sources, context, merged, why)
    _merge_officers(sources, context, merged, why)
    sourced = {s.key for ss in sources.values() for s in ss if not s.key.startswith("own:")}
    for ss in sources.values():
        for source in ss:
            if source.kind != "own":
                continue
            cited = sorted(context.report_sources.get(source.origin["report_id"], set()) & sourced)
            if cited:
                merged.union(source.key, cited[0])
                why.setdefault(source.key, []).append(
                    f"no source in the claim's own text; its report cites {cited[0].split(':', 1)[1]}, "
                    "which other claims here rest on")
    return merged, why


def _merge_names(sources: dict[str, list[_Source]], merged: UnionFind, why: dict[str, list[str]]) -> None:
    """Sources whose names share an acronym ("ISW experts", "experts of the Institute for
    the Study of War (ISW)") or, for people, a surname however it is spelt ("Lykhovii",
    "Lykhoviy") are one source written in different words."""
    first: dict[str, _Source] = {}
    for source in (s for ss in sources.values() for s in ss):
        if source.kind in ("own", "wire") or not source.name:
            continue
        for key in name_keys(source.name, source.kind == "person"):
            other = first.setdefault(key, source)
            if _other_parts(source, other):   # "UN children's agency", "UN refugee agency"
                continue
            if other.key != source.key and merged.find(other.key) != merged.find(source.key):
                merged.union(other.key, source.key)
                why.setdefault(source.key, []).append(
                    f"{source.name!r} and {other.name!r} name one source ({key.strip('%')})")


def _other_parts(a: _Source, b: _Source) -> bool:
    """Two voices of different parts of one family (the UN's children's and refugee agencies)."""
    parts = {a.family[1] if a.family else None, b.family[1] if b.family else None}
    return None not in parts and len(parts) == 2


def _all(sources: dict[str, list[_Source]]) -> list[_Source]:
    return [s for ss in sources.values() for s in ss]


def _join(merged: UnionFind, why: dict[str, list[str]], a: _Source, b: _Source, reason: str) -> None:
    if merged.find(a.key) != merged.find(b.key):
        merged.union(a.key, b.key)
        why.setdefault(b.key, []).append(reason)


def _merge_agency_copies(sources: dict[str, list[_Source]], context: _Context, merged: UnionFind,
                         why: dict[str, list[str]]) -> None:
    """An outlet's unsourced claim in a report crediting an agency ("Reuters writes about
    it") repeats that agency's story: it counts with the sources the agency's own claims
    here rest on, not as an origin of its own."""
    for source in (s for s in _all(sources) if s.kind == "wire" and s.key.startswith("own:")):
        agency = source.key.split(":", 1)[1]
        told = sorted(s.key for s in _all(sources) if not s.key.startswith("own:")
                      and agency in context.credits.get(str(s.origin.get("report_id")), []))
        if told:
            merged.union(source.key, told[0])
            why.setdefault(source.key, []).append(
                f"no source in the claim's own text; its report credits {agency}, whose story here "
                f"rests on {told[0].split(':', 1)[1]}")


def _merge_people(sources: dict[str, list[_Source]], merged: UnionFind, why: dict[str, list[str]]) -> None:
    """A person named in full once and in part elsewhere ("Abdifatah Aden", "Abdifatah
    Adan Hassan"): person ids are spelling-folded name keys, so one whose words begin
    the other's (two words at least) is the same person."""
    people = {s.key: s for s in _all(sources) if s.kind == "person"}
    words = {k: k.split(":", 2)[-1].split("-") for k in people}
    for a, b in ((a, b) for a in people for b in people if a < b):
        shorter, longer = sorted((words[a], words[b]), key=len)
        if len(shorter) >= 2 and longer[:len(shorter)] == shorter:
            _join(merged, why, people[a], people[b],
                  f"{people[b].name!r} and {people[a].name!r} name one person")


def _merge_voices(sources: dict[str, list[_Source]], merged: UnionFind, why: dict[str, list[str]]) -> None:
    """A person who speaks for a body ("Tirana Hassan, executive director of Human Rights
    Watch", "police spokesman Abdifatah Adan Hassan") is that body's voice, not a second
    origin beside it: the body is their affiliation, or its name or acronym is in the role."""
    bodies = [s for s in _all(sources) if s.kind in ("organisation", "wire", "document") and s.name]
    speakers = [s for s in _all(sources) if s.kind in ("person", "anonymous")]
    for person in (s for s in speakers if s.speaks_for or s.affiliation):
        role = f" {person.speaks_for.lower()} "
        for body in bodies:
            target = str(body.origin.get("attributed_to") or "")
            named = _names_in(str(body.name), role)
            if (person.affiliation and person.affiliation == target) or named:
                _join(merged, why, body, person, f"{person.name} speaks for {body.name}")


def _names_in(name: str, role: str) -> bool:
    """The body's name, or one of its acronyms, is a phrase of the role."""
    if f" {name.lower()} " in role:
        return True
    return any(f" {key} " in role for key in name_keys(name, False))


def _merge_families(sources: dict[str, list[_Source]], merged: UnionFind, why: dict[str, list[str]]) -> None:
    """Voices of one body's part ("UN mission in Haiti", "BINUH", a UN mission report)
    are one origin; a voice naming only the root ("the UN") joins its part when only one
    part of that root speaks here (it could be any of several otherwise)."""
    by_root: dict[str, list[tuple[_Source, str | None]]] = {}
    for source in _all(sources):
        if source.family is not None and source.kind != "own":
            by_root.setdefault(source.family[0], []).append((source, source.family[1]))
    for root, voices in by_root.items():
        parts = {part for _, part in voices if part}
        for i, (a, part_a) in enumerate(voices):
            for b, part_b in voices[i + 1:]:
                if part_a != part_b and (len(parts) > 1 or (part_a and part_b)):
                    continue
                what = f"{root} ({part_a or part_b})" if (part_a or part_b) else root
                _join(merged, why, a, b, f"{a.name!r} and {b.name!r} are voices of {what}")


def _merge_nested(sources: dict[str, list[_Source]], merged: UnionFind, why: dict[str, list[str]]) -> None:
    """A source reached through another ("ISW, citing the spokesman") counts with it:
    the outlet had it from the outer source, not on its own."""
    keys = {s.key.split(":", 1)[1]: s for s in _all(sources)}
    through: dict[str, _Source] = {}
    for source in (s for s in _all(sources) if s.via):
        outer = keys.get(str(source.via))
        if outer is not None:
            _join(merged, why, outer, source, f"{source.name} is reached through {outer.name}")
        elif str(source.via).startswith("per:"):   # quoted by one person: theirs, not a channel's
            first = through.setdefault(str(source.via), source)
            _join(merged, why, first, source,
                  f"{first.name!r} and {source.name!r} are both reached through {source.via}")


def _merge_vehicles(sources: dict[str, list[_Source]], merged: UnionFind, why: dict[str, list[str]]) -> None:
    """An unnamed document cited beside one named speaker in the same claim ("according
    to the statement, Lagbaja pointed out") is that speaker's statement."""
    for claim_sources in sources.values():
        generic = [s for s in claim_sources if s.generic]
        named = [s for s in claim_sources if s.kind in ("person", "organisation") and not s.generic]
        if generic and len(named) == 1:
            for document in generic:
                _join(merged, why, named[0], document, f"{document.name!r} is {named[0].name}'s")


def _merge_issuers(sources: dict[str, list[_Source]], context: _Context, merged: UnionFind,
                   why: dict[str, list[str]]) -> None:
    """A document and the organisation that issued it are one origin: the stub names its
    issuer, or its description names the organisation ("Human Rights Watch report",
    "Reuters report" beside Reuters' own story)."""
    agents = {s.key: s for ss in sources.values() for s in ss
              if s.kind in ("organisation", "wire") and s.name}
    for doc in (s for ss in sources.values() for s in ss if s.kind == "document"):
        node = context.nodes.get(doc.origin["report_id"])
        issuer = f"agent:{node.props['issuer']}" if node and node.props.get("issuer") else None
        for key, agent in agents.items():
            name, title = str(agent.name).lower(), str(doc.name or "").lower()
            named = name in title if len(name.split()) > 1 else title.split()[:1] == [name]
            if (key == issuer or named) and merged.find(key) != merged.find(doc.key):
                merged.union(key, doc.key)
                why.setdefault(doc.key, []).append(f"{agent.name} issued {doc.name!r}")


@cache
def _origin_words() -> dict[str, Any]:
    with (Path(__file__).with_name("data") / "origins.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return {"unnamed": frozenset(data["unnamed_officials"]), "kinds": frozenset(data["official_kinds"]),
            "words": frozenset(data["official_words"].split()),
            "ranks": tuple(sorted(data["military_ranks"], key=len, reverse=True)),
            "armed_kinds": frozenset(data["armed_kinds"]),
            "armed_words": frozenset(data["armed_words"].split())}


def _node_of(source: _Source, context: _Context) -> Node | None:
    return context.nodes.get(str(source.origin.get("attributed_to") or ""))


def _words_in(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _unnamed_official(source: _Source, context: _Context) -> bool:
    """ "Authorities", "officials": a voice that names no particular body."""
    node = _node_of(source, context)
    resolved = bool(node and node.props.get("resolved"))
    return source.kind == "organisation" and not resolved and \
        str(source.name or "").lower() in _origin_words()["unnamed"]


def _official(source: _Source, context: _Context) -> bool:
    """A state's own voice: a body of an official kind, or whose name or speaker's role
    has an official word ("Police", "police spokesman", "Ministry of Defence")."""
    words = _origin_words()
    node = _node_of(source, context)
    if node is not None and node.props.get("kind") in words["kinds"]:
        return True
    said = _words_in(f"{source.name or ''} {source.speaks_for}")
    return source.kind != "own" and bool(said & words["words"])


def _armed(source: _Source, context: _Context) -> bool:
    """An armed force: a body of an armed kind, or whose name has an armed word."""
    words = _origin_words()
    node = _node_of(source, context)
    if node is not None and node.props.get("kind") in words["armed_kinds"]:
        return True
    return source.kind == "organisation" and bool(_words_in(str(source.name or "")) & words["armed_words"])


def _ranked(source: _Source) -> bool:
    """A person named with a military rank ("Lt Gen Taoreed Lagbaja", "Maj. Gen. Buba")."""
    name = re.sub(r"[.,]", " ", str(source.name or "")).lower().split()
    return source.kind == "person" and any(
        name[:len(rank.split())] == rank.split() and len(name) > len(rank.split())
        for rank in _origin_words()["ranks"])


def _the_one(bodies: list[_Source], merged: UnionFind) -> _Source | None:
    """The body, when these are all voices of one origin; None when they are of several
    (or none): a vague voice beside two bodies could be either's."""
    roots = {merged.find(s.key): s for s in bodies}
    return next(iter(roots.values())) if len(roots) == 1 else None


def _merge_unnamed_officials(sources: dict[str, list[_Source]], context: _Context, merged: UnionFind,
                             why: dict[str, list[str]]) -> None:
    """ "Authorities said" beside one official body that speaks here ("police spokesman
    Abdifatah Adan Hassan") is that body: it names no other. Beside two official bodies it
    could be either, so it stays its own (vague) origin."""
    everyone = _all(sources)
    unnamed = [s for s in everyone if _unnamed_official(s, context)]
    body = _the_one([s for s in everyone if s not in unnamed and _official(s, context)], merged)
    if body is None:
        return
    for voice in unnamed:
        _join(merged, why, body, voice,
              f"{voice.name!r} names no body; the one official voice here is {body.name}")


def _merge_officers(sources: dict[str, list[_Source]], context: _Context, merged: UnionFind,
                    why: dict[str, list[str]]) -> None:
    """An officer named with a rank beside exactly one armed force that speaks here is
    its voice (the Chief of Army Staff's statement is the army's); beside two they could
    serve either and stay their own."""
    everyone = _all(sources)
    force = _the_one([s for s in everyone if _armed(s, context)], merged)
    if force is None:
        return
    target = str(force.origin.get("attributed_to") or "")
    for officer in (s for s in everyone if _ranked(s) and s.affiliation in (None, target)):
        _join(merged, why, force, officer,
              f"{officer.name} is an officer of {force.name}, the one armed force here")


def _groups(claim_ids: Sequence[str], sources: dict[str, list[_Source]], merged: UnionFind,
            why: dict[str, list[str]]) -> list[OriginGroup]:
    groups: dict[str, OriginGroup] = {}
    for cid in claim_ids:
        for source in sources.get(cid, []):
            root = merged.find(source.key)
            group = groups.setdefault(root, OriginGroup())
            entry = {**source.origin, "source": source.key, "kind": source.kind, "name": source.name,
                     **({"note": source.note} if source.note else {})}
            if entry not in group.origins:
                group.origins.append(entry)
            if cid not in group.claim_ids:
                group.claim_ids.append(cid)
            for reason in why.get(source.key, []):
                if reason not in group.why:
                    group.why.append(reason)
    for root, group in groups.items():
        head = next((o for o in group.origins if o["source"] == root), group.origins[0])
        group.kind, group.name = head["kind"], head["name"]
        if len(group.claim_ids) > 1:
            what = f"{head['kind']} {head['name'] or root}"
            group.why.insert(0, f"{len(group.claim_ids)} claims rest on {what}")
    return [groups[k] for k in sorted(groups)]
