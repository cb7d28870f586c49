"""An event record as a graph batch: the record as a report-like source, its event
claim, its actors and place, and its own sources as citations.

Everything goes through the one provenance stamper (``graph.provenance``); each value
keeps its row and column (``row`` and ``field`` beside the span, see ``render.py``).
The record's report id depends on the dataset and the record id only, so a later
version of the dataset replaces the record instead of adding a second copy.
"""

from __future__ import annotations

from typing import Any

from graph.model import GraphBatch, Node, claim_id, digest, report_id, slug
from graph.provenance import ReportBuilder, sha256_hex
from loaders.build import entity_node
from loaders.datasets.formats import DatasetFormat, config
from loaders.datasets.records import Actor, EventRecord, SourceRef, Value
from loaders.datasets.render import RenderedRecord, event_sentence, one_line, render
from loaders.datasets.resolve import Resolved, Resolver
from loaders.extract.confidences import method_confidence
from loaders.extract.gazetteer import Entry
from loaders.extraction import Entity

METHOD = "dataset-field"
HIERARCHY_SOURCE = "conflictkg gazetteer"
CITE_KIND = "dataset-source"
MAX_REMEMBERED = 200_000
MAX_REFUSED = 1_000       # distinct refused ids remembered for the warnings


def record_report_id(namespace: str, record_id: str) -> str:
    """The id of a dataset record: dataset (UCDP's formats share one) and record id."""
    return f"rep:{digest('dataset', namespace, record_id.strip())}"


def described_article_id(outlet: str | None, headline: str, date: str | None) -> str:
    """A source article known by outlet, headline and date: the key a report ingested
    later is matched on (see ``joins.py``)."""
    return f"rep:{digest('described-article', slug(outlet or ''), slug(headline), (date or '')[:10])}"


class EventBatchBuilder:
    """Builds one record's batch; shares the resolver (and its caches) across rows."""

    def __init__(self, fmt: DatasetFormat, ingestion: Node, source_name: str, resolver: Resolver):
        """Records of ``fmt`` read from ``source_name`` during ``ingestion``."""
        self.fmt = fmt
        self.ingestion = ingestion
        self.source_name = source_name
        self.resolver = resolver
        self.attacks = {v.lower() for v in config()["attacks_when"].get(fmt.name, [])}
        self.written: set[str] = set()
        self.refused: dict[tuple[str, str, str, str], list[int]] = {}

    def refuse(self, key: tuple[str, str, str, str], row: int) -> None:
        """Remember a UCDP id that contradicted its side's name (first row, and how often)."""
        seen = self.refused.get(key)
        if seen is not None:
            seen[1] += 1
        elif len(self.refused) < MAX_REFUSED:
            self.refused[key] = [row, 1]

    def warnings(self) -> list[str]:
        """One line per id that was refused, naming its first row and column."""
        lines = []
        for (column, ucdp_id, holder, name), (row, count) in self.refused.items():
            more = f" (and {count - 1} more rows)" if count > 1 else ""
            lines.append(f"row {row}: {column} {ucdp_id} is {holder} in the UCDP actor list, not "
                         f"{name}: the side is named by its name{more}")
        return lines

    def first_time(self, key: str) -> bool:
        """True the first time an entity or hierarchy link comes up in this run.

        Batches are written in order, so an entity written with an earlier record is in
        the store when a later one refers to it; leaving it out of later batches keeps
        a file of a million rows from validating and writing the same country a
        million times. Bounded, so memory stays flat over any number of names.
        """
        if key in self.written:
            return False
        if len(self.written) > MAX_REMEMBERED:
            self.written.clear()
        self.written.add(key)
        return True

    def build(self, record: EventRecord) -> GraphBatch:
        """The validated batch for ``record``."""
        rendered = render(record, event_sentence(record))
        builder = ReportBuilder(self._report(record, rendered), self.ingestion)
        job = _Job(self, record, rendered, builder)
        job.run()
        return builder.build()

    def _report(self, record: EventRecord, rendered: RenderedRecord) -> Node:
        licence = self.fmt.licence
        props: dict[str, Any] = {
            "title": f"{record.dataset} event {record.record_id.text}",
            "publisher": licence.get("publisher"), "kind": "dataset", "format": "dataset",
            "text": rendered.text, "sha256": sha256_hex(rendered.text), "stub": False,
            "source_name": self.source_name, "dataset": record.dataset,
            "dataset_version": record.version, "record_id": record.record_id.text,
            "license": licence.get("license"), "license_url": licence.get("license_url"),
            "attribution": licence.get("attribution"), "redistribution": licence.get("redistribution"),
            "source_count": record.source_count[0] if record.source_count else None,
        }
        rid = record_report_id(self.fmt.namespace, record.record_id.text)
        return Node("Report", rid, {k: v for k, v in props.items() if v is not None})


class _Job:
    """The work of one record: claim, actors, place, sources."""

    def __init__(self, owner: EventBatchBuilder, record: EventRecord, rendered: RenderedRecord,
                 builder: ReportBuilder):
        self.owner = owner
        self.resolver = owner.resolver
        self.record = record
        self.rendered = rendered
        self.builder = builder
        self.claim_id = ""
        self.actor_ids: list[str] = []
        self.place_ids: list[str] = []

    def run(self) -> None:
        """Claim first (its features are filled in as the parts resolve)."""
        record = self.record
        start, end = self.rendered.sentence
        self.claim_id = claim_id(self.builder.report.id, start, end)
        sides = {a.side: rid for a in record.actors if (rid := self._actor(a))}
        self._relation(sides)
        self._place()
        for value in record.organisations:
            self._named_organisation(value)
        for value in record.locations:
            self._named_location(value)
        for source in record.sources:
            self._source(source)
        for original in record.originals:
            self._attribution(original, "original source")
        if record.mentions_event:
            self._mentioned_event(record.mentions_event)
        self.builder.claim(start, end, method="dataset-record",
                           confidence=method_confidence("claims", "dataset-record"), hedged=False,
                           sourced=bool(record.sources or record.originals),
                           published=record.date_start, row=record.row,
                           field=",".join(record.columns), **self._features())

    # ------------------------------------------------------------- evidence

    def _evidence(self, rel: str, target: str, value: Value, confidence: float | None = None,
                  **props: Any) -> None:
        start, end = self.rendered.span(value)
        sure = method_confidence("datasets", "field") if confidence is None else confidence
        self.builder.evidence(rel, self.claim_id, target, start, end, method=METHOD,
                              confidence=sure, row=self.record.row, field=value.field, **props)

    def _entity(self, node: Node) -> bool:
        """Add a shared entity unless an earlier record of this run brought it."""
        if not self.owner.first_time(node.id):
            return False
        self.builder.node(node)
        return True

    def _part_of(self, child: str, parent: str, source: str) -> None:
        if self.owner.first_time(f"{child}>{parent}"):
            self.builder.structural("PART_OF", child, parent, source=source)

    # --------------------------------------------------------------- actors

    def _actor(self, actor: Actor) -> str | None:
        ucdp = actor.ucdp_id.text if actor.ucdp_id else None
        resolved = self.resolver.organisation(actor.name.text, ucdp)
        if resolved is None:
            return None
        if resolved.refused is not None and actor.ucdp_id is not None:
            self.owner.refuse((actor.ucdp_id.field, actor.ucdp_id.text, resolved.refused,
                               one_line(actor.name.text)), self.record.row)
        self._entity(_organisation_node(resolved))
        confidence = method_confidence("datasets", "actor-resolved" if resolved.entry else "actor-unresolved")
        self._evidence("MENTIONS", resolved.id, actor.name, confidence,
                       surface=one_line(actor.name.text), role=f"side {actor.side}")
        if resolved.id not in self.actor_ids:
            self.actor_ids.append(resolved.id)
        return resolved.id if actor.side in ("a", "b") else None

    def _relation(self, sides: dict[str, str]) -> None:
        """Side A and side B as subject and object of the event's relation."""
        a, b = sides.get("a"), sides.get("b")
        if not a or not b or a == b:
            return
        kind = (self.record.event_type.text.lower() if self.record.event_type else "")
        predicate = "attacks" if any(word == kind or word in kind for word in self.owner.attacks) \
            else "opposes"
        named = {actor.side: actor.name for actor in self.record.actors}
        self._evidence("SUBJECT", a, named["a"], predicate=predicate)
        self._evidence("OBJECT", b, named["b"], predicate=predicate)

    def _named_organisation(self, value: Value) -> None:
        resolved = self.resolver.organisation(value.text)
        if resolved is not None:
            self._entity(_organisation_node(resolved))
            self._evidence("MENTIONS", resolved.id, value, 1.0 if resolved.entry else 0.8,
                           surface=value.text, role="named")

    def _named_location(self, value: Value) -> None:
        parts = [p.strip() for p in value.text.split(",") if p.strip()]
        country = self.resolver.place(parts[-1]) if parts else None
        entry = self.resolver.place(parts[0], country.iso if country else None) if parts else None
        entry = entry or country
        if entry is not None:
            self._region(entry)
            self._evidence("MENTIONS", entry.id, value, surface=value.text, role="named place")

    # ---------------------------------------------------------------- place

    def _place(self) -> None:
        """Country, then each division inside the one above it; a division the
        gazetteer does not know is kept as the dataset names it, under its parent."""
        place = self.record.place
        parent: str | None = None
        country_iso: str | None = None
        for level, value in (("country", place.country), ("province", place.admin1),
                             ("district", place.admin2), ("locality", place.where)):
            if value is None or (level == "province" and self.record.family == "gdelt"
                                 and value.text == (place.country.text if place.country else "")):
                continue
            region = self._place_level(level, value, parent, country_iso)
            if region is None:
                continue
            if level == "country":
                country_iso = self._iso_of(region)
            parent = region
            self._evidence("MENTIONS", region, value, surface=one_line(value.text),
                           role=f"place {level}")
            self.place_ids.append(region)

    def _iso_of(self, region_id: str) -> str | None:
        return region_id.removeprefix("reg:iso-").upper() if region_id.startswith("reg:iso-") else None

    def _place_level(self, level: str, value: Value, parent: str | None,
                     country_iso: str | None) -> str | None:
        entry = self.resolver.place(value.text, country_iso)
        if entry is not None and (level != "country" or entry.level == "country"):
            if parent is None or entry.id != parent:
                self._region(entry)
                if parent and parent not in entry.parent_ids and level != "country":
                    self._part_of(entry.id, parent, f"{self.record.dataset} record")
            return entry.id
        if level == "country" and parent is None:
            name = one_line(value.text)
            return self._dataset_region(name, "country", None, [name])
        name = one_line(value.text)
        return self._dataset_region(name, level, parent, [name, parent or ""])

    def _dataset_region(self, name: str, level: str, parent: str | None, key: list[str]) -> str:
        """A place only the dataset names, scoped to its parent so that two districts
        of one name in two countries stay two."""
        rid = f"reg:{slug(name)[:80]}-{digest(*key[1:], length=8)}"
        props: dict[str, Any] = {"name": name, "level": level, "resolved": False}
        if level == "locality":
            props.update(latitude=self.record.place.latitude, longitude=self.record.place.longitude)
        self._entity(Node("Region", rid, {k: v for k, v in props.items() if v is not None}))
        if parent:
            self._part_of(rid, parent, f"{self.record.dataset} record")
        return rid

    def _region(self, entry: Entry) -> None:
        """A gazetteer region with the regions above it, as the text loaders add them."""
        gazetteer = self.resolver.gazetteer
        pending = [entry]
        while pending:
            current = pending.pop()
            if not self._entity(entity_node(_entity(current, gazetteer.parents_of(current)))):
                continue
            for parent in gazetteer.parents_of(current):
                source = HIERARCHY_SOURCE if current.source == "curated" else \
                    f"{HIERARCHY_SOURCE} ({current.source})"
                self._part_of(current.id, parent.id, source)
                pending.append(parent)

    # -------------------------------------------------------------- sources

    def _source(self, source: SourceRef) -> None:
        """The article as a stub report the claim cites, through its outlet."""
        outlet = self._outlet(source.outlet) if source.outlet else None
        target = _article_stub(source)
        if target is not None:
            stub, value = target
            self.builder.node(stub)
            self._evidence("CITES", stub.id, value, kind=CITE_KIND, source_kind="document",
                           stance="asserts", target_url=source.url.text if source.url else None,
                           via=outlet.id if outlet else None, via_name=outlet.name if outlet else None)

    def _outlet(self, value: Value) -> Resolved | None:
        resolved = self.resolver.organisation(value.text)
        if resolved is None:
            return None
        node = _organisation_node(resolved)
        node.props.setdefault("kind", "media")
        self._entity(node)
        self._evidence("ATTRIBUTED_TO", resolved.id, value, source_kind="organisation", role="outlet")
        return resolved

    def _attribution(self, value: Value, role: str) -> None:
        resolved = self.resolver.organisation(value.text)
        if resolved is not None:
            self._entity(_organisation_node(resolved))
            self._evidence("ATTRIBUTED_TO", resolved.id, value, source_kind="organisation", role=role)

    def _mentioned_event(self, value: Value) -> None:
        """A GDELT mention cites the event record it mentions (a stub until ingested)."""
        rid = record_report_id("gdelt-events", value.text)
        self.builder.node(Node("Report", rid, {"title": f"GDELT Events 2.0 event {value.text}",
                                               "kind": "dataset", "stub": True}))
        self._evidence("CITES", rid, value, kind="event-record", source_kind="document",
                       stance="asserts")

    # ------------------------------------------------------------- features

    def _features(self) -> dict[str, Any]:
        """What corroboration compares, on the claim: actors, place, date, deaths."""
        record = self.record
        place = record.place
        features: dict[str, Any] = {
            "event": True, "dataset": record.dataset, "actor_ids": self.actor_ids or None,
            "place_id": self.place_ids[-1] if self.place_ids else None,
            "date_start": record.date_start, "date_end": record.date_end,
            "date_precision": record.date_precision, "date_days": record.date_days,
            "place_precision": place.precision_label or (place.precision.text if place.precision else None),
            "latitude": place.latitude, "longitude": place.longitude,
            "event_type": one_line(record.event_type.text) if record.event_type else None,
            "source_count": record.source_count[0] if record.source_count else None,
        }
        for key, (number, _column) in record.deaths.items():
            features[f"deaths_{key}"] = number
        return {k: v for k, v in features.items() if v is not None}


def _entity(entry: Entry, parents: list[Entry]) -> Entity:
    return Entity(id=entry.id, name=entry.name, type=entry.type, aliases=list(entry.aliases),
                  wikidata=entry.wikidata, iso=entry.iso, geonames=entry.geonames, kind=entry.kind,
                  level=entry.level, parents=[p.id for p in parents], source=entry.source)


def _organisation_node(resolved: Resolved) -> Node:
    """The organisation as the text loaders write it, plus its UCDP actor id (one that
    agreed with the side's name)."""
    if resolved.entry is not None:
        node = entity_node(_entity(resolved.entry, []))
    else:
        node = Node("Organisation", resolved.id, {"name": resolved.name, "resolved": False})
    actor = resolved.ucdp
    if actor is not None:
        node.props["ucdp_id"] = actor.actor_id
        aliases = [n for n in actor.names if n != node.props["name"]]
        if aliases and resolved.entry is None:
            node.props["aliases"] = aliases
        if actor.kind and "kind" not in node.props:
            node.props["kind"] = actor.kind
    elif resolved.ucdp_id or _listed_ucdp_id(resolved.entry):
        node.props["ucdp_id"] = resolved.ucdp_id or _listed_ucdp_id(resolved.entry)
    if "kind" not in node.props and resolved.name.lower().startswith("government of"):
        node.props["kind"] = "government"
    return node


def _listed_ucdp_id(entry: Entry | None) -> str | None:
    """The ActorId of a gazetteer entry derived from the UCDP actor list ("ucdp:118"), so
    that the organisation carries it whichever row (or text) brought it first."""
    source_id = entry.source_id if entry is not None else None
    return source_id.removeprefix("ucdp:") if source_id and source_id.startswith("ucdp:") else None


def _article_stub(source: SourceRef) -> tuple[Node, Value] | None:
    """The stub report of a source article: by URL (the id an ingested copy gets), by
    outlet + headline + date, or by HPLT document id."""
    props: dict[str, Any] = {"stub": True, "publisher": source.outlet.text if source.outlet else None,
                             "published": source.date, "doc_kind": "article"}
    if source.url is not None:
        rid = report_id(url=source.url.text)
        props.update(url=source.url.text, title=source.headline.text if source.headline else None)
        value = source.url
    elif source.headline is not None:
        rid = described_article_id(props["publisher"], source.headline.text, source.date)
        props.update(title=one_line(source.headline.text), described=True)
        value = source.headline
    elif source.document is not None:
        rid = f"rep:{digest('hplt', source.document.text)}"
        props.update(title=f"HPLT document {source.document.text}", symbol=source.document.text)
        value = source.document
    else:
        return None
    return Node("Report", rid, {k: v for k, v in props.items() if v is not None}), value
