"""Dataset names to the canonical entities the text loaders use.

An actor or place name from a dataset is looked up in the same gazetteer as report
text, so that "Government of Myanmar (Burma)" in UCDP GED and "the Government of
Myanmar" in a news report are one organisation, and "Chin state" is the province the
text loaders call Chin. A name no gazetteer knows becomes the same unresolved entity
the text loaders would make of it (its id is its normalised name). UCDP actor ids are
kept on the organisation; a UCDP actor list (``CONFLICTKG_UCDP_ACTORS``: the UCDP Actor
Dataset as CSV, or JSON lines with ``ucdp_actor_id`` and ``names``) adds its name
variants to the lookup.

GED's ``side_a_new_id`` / ``side_b_new_id`` are UCDP ActorIds, the ids of the derived
gazetteer ("ucdp:12") and of the actor list. An id is only trusted when the side's name
agrees with it: a file whose ids come from another scheme (the old ``*_dset_id`` ids, an
edited or home-made file) would otherwise name the Government of Syria after whatever
actor holds that number (ActorId 12 is the Government of Honduras). When they disagree
the name wins, the id is dropped, and the answer says so (``Resolved.refused``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import entity_id, slug
from graph.settings import current
from loaders.datasets.formats import config
from loaders.extract.gazetteer import Entry, Gazetteer, default_gazetteer

_BRACKET = re.compile(r"\s*\([^)]*\)\s*$")
_CAPITALS = re.compile(r"^[A-Z0-9 .,'&/-]+$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&/.-]{1,9}$")
MAX_CACHED = 100_000
UCDP_KINDS = {"1": "armed-group", "2": "party-supporters", "3": "communal-group", "4": "government"}


@dataclass
class UcdpActor:
    """A UCDP actor: its id, current name, name variants and type."""

    actor_id: str
    name: str
    names: list[str] = field(default_factory=list)
    kind: str | None = None


def load_ucdp_actors(path: Path) -> dict[str, UcdpActor]:
    """The UCDP Actor Dataset (CSV with ActorId/NameData, or the JSON-lines form)."""
    actors: dict[str, UcdpActor] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = (json.loads(line) for line in handle if line.strip()) if path.suffix == ".jsonl" \
            else csv.DictReader(handle)
        for row in rows:
            actor = _ucdp_actor(row)
            if actor is not None:
                actors[actor.actor_id] = actor
    return actors


def _ucdp_actor(row: dict[str, object]) -> UcdpActor | None:
    actor_id = str(row.get("ucdp_actor_id") or row.get("ActorId") or "").strip()
    name = str(row.get("name") or row.get("NameData") or "").strip()
    if not actor_id or not name:
        return None
    names = row.get("names")
    variants = [str(n) for n in names] if isinstance(names, list) else [
        str(row.get(c) or "") for c in ("NameOrig", "NameOrigFullEng", "NewName", "NamePrev")]
    kind = UCDP_KINDS.get(str(row.get("org") or row.get("Org") or ""))
    return UcdpActor(actor_id, name, [v for v in dict.fromkeys(variants) if v and v != "n/a"], kind)


def default_ucdp_actors() -> dict[str, UcdpActor]:
    """The UCDP actor list named by ``CONFLICTKG_UCDP_ACTORS``, if any."""
    path = current().ucdp_actors
    return load_ucdp_actors(Path(path)) if path else {}


@dataclass(frozen=True)
class Resolved:
    """A resolved name: the gazetteer entry, or the id and name of an unresolved entity."""

    id: str
    name: str
    entry: Entry | None = None
    ucdp: UcdpActor | None = None
    ucdp_id: str | None = None       # the UCDP ActorId the organisation carries (agreed with)
    refused: str | None = None       # whom the refused id names, when it contradicted the name


class Resolver:
    """Looks dataset names up in the gazetteer, remembering every answer."""

    def __init__(self, gazetteer: Gazetteer | None = None,
                 ucdp_actors: dict[str, UcdpActor] | None = None):
        """Use the default gazetteer and the configured UCDP actor list unless given."""
        self.gazetteer = gazetteer or default_gazetteer()
        self.ucdp = default_ucdp_actors() if ucdp_actors is None else ucdp_actors
        names = config("names.yaml")
        self.suffixes = tuple(names["place_suffixes"])
        self.collective = {n.lower() for n in config()["not_organisations"]}
        self._orgs: dict[tuple[str, str | None], Resolved | None] = {}
        self._places: dict[tuple[str, str | None], Entry | None] = {}
        self._source_ids: dict[str, Entry] | None = None

    def is_actor(self, name: str) -> bool:
        """False for sides that are not organisations ("Civilians (Nigeria)")."""
        return _BRACKET.sub("", name).strip().lower() not in self.collective

    def organisation(self, name: str, ucdp_id: str | None = None) -> Resolved | None:
        """The organisation a side names (None for collective sides such as civilians)."""
        key = (name, ucdp_id)
        if key not in self._orgs:
            if len(self._orgs) > MAX_CACHED:
                self._orgs.clear()
            self._orgs[key] = self._organisation(name, ucdp_id)
        return self._orgs[key]

    def _organisation(self, name: str, ucdp_id: str | None) -> Resolved | None:
        if not self.is_actor(name):
            return None
        listed = self._by_source_id().get(f"ucdp:{ucdp_id}") if ucdp_id else None
        actor = self.ucdp.get(ucdp_id or "")
        by_name = self._by_name(name, [])
        refused = self._contradiction(name, by_name, listed, actor)
        if refused is not None:
            return self._named(name, by_name, None, None, refused)
        if listed is not None:
            return Resolved(listed.id, listed.name, listed, actor, ucdp_id)
        if by_name is None and actor is not None:
            by_name = self._by_name(actor.name, actor.names)
        return self._named(name, by_name, actor, ucdp_id, None)

    def _named(self, name: str, entry: Entry | None, actor: UcdpActor | None,
               ucdp_id: str | None, refused: str | None) -> Resolved | None:
        """The gazetteer entry when there is one, else the unresolved entity of the name."""
        carried = actor.actor_id if actor else ucdp_id
        if entry is not None:
            return Resolved(entry.id, entry.name, entry, actor, carried, refused)
        canonical = self._plain(actor.name if actor else name)
        if not slug(canonical):
            return None
        return Resolved(entity_id("Organisation", name=canonical), canonical, None, actor, carried,
                        refused)

    def _by_name(self, name: str, more: list[str]) -> Entry | None:
        """The gazetteer organisation any spelling of ``name`` (or of ``more``) means."""
        for candidate in (v for n in [name, *more] for v in self._variants(n, places=False)):
            entry = self.gazetteer.resolve(candidate)
            if entry is not None and entry.label == "Organisation":
                return entry
        return None

    def _contradiction(self, name: str, by_name: Entry | None, listed: Entry | None,
                       actor: UcdpActor | None) -> str | None:
        """Whom the id names when the row's name means someone else, else None.

        The id agrees when the name is one of its names or resolves to its entry. It
        contradicts the name when the actor list (which holds every name of an actor)
        has the id under other names; without the list, when the name means another
        organisation of the gazetteer or another government. Without the list, a name
        nobody knows keeps the id (the derived gazetteer holds one name per actor, and
        GED often writes the acronym: "PLA" for ActorId 161, the People's Liberation
        Army), and so does an acronym that means someone else by name ("NRC", ActorId
        512, is not the Norwegian Refugee Council): an acronym names too many
        organisations to overrule an id."""
        holder = listed.name if listed is not None else actor.name if actor else None
        if holder is None or self._agrees(name, by_name, listed, actor):
            return None
        if actor is not None or listed is None:
            return holder
        if _ACRONYM.match(_BRACKET.sub("", name).strip()):
            return None
        governments = [n for n in (name, listed.name) if n.lower().startswith("government of")]
        return holder if by_name is not None or len(governments) == 2 else None

    def _agrees(self, name: str, by_name: Entry | None, listed: Entry | None,
                actor: UcdpActor | None) -> bool:
        if by_name is not None and listed is not None and by_name.id == listed.id:
            return True
        forms = {_folded(v) for v in self._variants(name, places=False)}
        known = [*([listed.name, *listed.aliases] if listed else []),
                 *(actor.names if actor else []), *([actor.name] if actor else [])]
        return any(_folded(v) in forms for k in known for v in self._variants(k, places=False))

    def _by_source_id(self) -> dict[str, Entry]:
        """Gazetteer entries by their id in the dataset they came from ("ucdp:303"), for
        gazetteers that carry one."""
        if self._source_ids is None:
            self._source_ids = {}
            for number in range(len(self.gazetteer)):
                entry = self.gazetteer.entry(number)
                key = getattr(entry, "source_id", None)
                if isinstance(key, str):
                    self._source_ids.setdefault(key, entry)
        return self._source_ids

    def place(self, name: str, country: str | None = None) -> Entry | None:
        """The gazetteer region a place name means, within ``country`` (ISO) when known."""
        key = (name, country)
        if key not in self._places:
            if len(self._places) > MAX_CACHED:
                self._places.clear()
            self._places[key] = self._place(name, country)
        return self._places[key]

    def _place(self, name: str, country: str | None) -> Entry | None:
        for candidate in self._variants(name, places=True):
            entry = self.gazetteer.resolve(candidate)
            if entry is None or entry.label != "Region":
                continue
            if country is None or entry.country in (None, country) or entry.iso == country:
                return entry
        return None

    def _variants(self, name: str, places: bool) -> Iterator[str]:
        """The name as written, without a bracket, without a level word, title-cased."""
        seen: set[str] = set()
        for variant in self._spellings(name.strip(), places):
            if variant and variant not in seen:
                seen.add(variant)
                yield variant

    def _spellings(self, name: str, places: bool) -> Iterator[str]:
        yield name
        bare = _BRACKET.sub("", name).strip()
        yield bare
        if " - " in bare:
            yield bare.split(" - ")[0].strip()
        if places:
            words = bare.split()
            if len(words) > 1 and words[-1].lower() in self.suffixes:
                yield " ".join(words[:-1])
                yield " ".join([*words[:-1], words[-1].title()])
        if _CAPITALS.match(bare) and len(bare) > 4:
            yield bare.title()

    def _plain(self, name: str) -> str:
        """An unresolved name as the text loaders would keep it: without a date range
        or country in brackets, and title-cased when written in capitals."""
        bare = _BRACKET.sub("", name).strip() or name.strip()
        return bare.title() if _CAPITALS.match(bare) and len(bare) > 4 else bare


def _folded(name: str) -> str:
    """A name compared without case, hyphens or repeated spaces."""
    return " ".join(name.replace("-", " ").casefold().split())
