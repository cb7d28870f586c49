"""One event of a dataset, read from a row, before it becomes graph records.

Every value keeps the column it came from: that column, with the row number, is the
provenance of whatever the value becomes in the graph ("row and field", the dataset
counterpart of a text report's character span).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import InputError


class RowError(InputError, ValueError):
    """A row that cannot become an event; the message names the column and the value."""


@dataclass(frozen=True)
class Value:
    """A value as written in the file, with its column."""

    field: str
    text: str


@dataclass(frozen=True)
class Actor:
    """A side of the event (or an ally of one), with its UCDP actor id when given."""

    side: str                    # a, b, a-ally, b-ally
    name: Value
    ucdp_id: Value | None = None


@dataclass(frozen=True)
class Place:
    """Where: country, first- and second-order divisions, the named location, coordinates."""

    country: Value | None = None
    iso: Value | None = None
    admin1: Value | None = None
    admin2: Value | None = None
    where: Value | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: Value | None = None
    precision_label: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """One source the dataset names for the event: an article (URL, headline, HPLT
    document id) with its outlet and date, or an outlet alone."""

    outlet: Value | None = None
    url: Value | None = None
    headline: Value | None = None
    document: Value | None = None
    date: str | None = None
    date_value: Value | None = None


@dataclass
class EventRecord:
    """A dataset row as an event claim's parts."""

    format: str
    dataset: str
    family: str
    row: int
    record_id: Value
    version: str | None = None
    actors: list[Actor] = field(default_factory=list)
    place: Place = field(default_factory=Place)
    date_start: str | None = None
    date_end: str | None = None
    date_fields: tuple[str, ...] = ()
    date_precision: str | None = None
    date_days: int | None = None
    deaths: dict[str, tuple[int, str]] = field(default_factory=dict)   # best/low/high -> (n, column)
    event_type: Value | None = None
    conflict: Value | None = None
    sources: list[SourceRef] = field(default_factory=list)
    originals: list[Value] = field(default_factory=list)
    source_count: tuple[int, str] | None = None
    notes: Value | None = None
    mentions_event: Value | None = None         # GDELT Mentions: the event this article mentions
    organisations: list[Value] = field(default_factory=list)   # GDELT GKG
    locations: list[Value] = field(default_factory=list)       # GDELT GKG
    columns: dict[str, str] = field(default_factory=dict)      # the row's columns this record uses

    @property
    def values(self) -> list[Value]:
        """Every value the record uses, in the order the stored text lists them."""
        found: list[Value] = [self.record_id]
        found += [v for a in self.actors for v in (a.name, a.ucdp_id) if v]
        if self.conflict:
            found.append(self.conflict)
        if self.event_type:
            found.append(self.event_type)
        place = self.place
        found += [v for v in (place.country, place.iso, place.admin1, place.admin2, place.where,
                              place.precision) if v]
        found += [v for s in self.sources for v in (s.outlet, s.url, s.headline, s.document,
                                                     s.date_value) if v]
        found += self.originals + self.organisations + self.locations
        for extra in (self.notes, self.mentions_event):
            if extra:
                found.append(extra)
        return found
