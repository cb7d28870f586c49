"""The stored text of an event record, and where each value sits in it.

A text report's provenance is a character span of its stored text. A dataset record
has no prose, so the loader writes one: the event claim as a sentence, then each
column it used as a ``column: value`` line. A value's span is its place on its
column's line, so every quote still equals ``text[start:end]`` and still names the
row and the column it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.datasets.records import EventRecord, Value


@dataclass
class RenderedRecord:
    """A record's text, its sentence's span and each column's value span."""

    text: str
    sentence: tuple[int, int]
    columns: dict[str, tuple[int, int]] = field(default_factory=dict)
    _cursor: dict[tuple[str, str], int] = field(default_factory=dict)

    def span(self, value: Value) -> tuple[int, int]:
        """Where ``value`` is written on its column's line (the next occurrence, so the
        parts of a list get their own spans); the whole value when it is not there."""
        start, end = self._column_span(value.field)
        key = (value.field, value.text)
        found = self.text.find(value.text, self._cursor.get(key, start), end)
        if found < 0 or not value.text:
            return start, end
        self._cursor[key] = found + len(value.text)
        return found, found + len(value.text)

    def _column_span(self, column: str) -> tuple[int, int]:
        if column in self.columns:
            return self.columns[column]
        parts = [self.columns[c] for c in column.split("+") if c in self.columns]
        if parts:
            return parts[0][0], parts[-1][1]
        return self.sentence


def one_line(text: str) -> str:
    """A value on one line (notes may hold newlines and tabs)."""
    return " ".join(text.split())


def render(record: EventRecord, sentence: str) -> RenderedRecord:
    """The record's stored text: sentence, record line, then one line per column used."""
    header = f"{sentence}\n\n{record.dataset} record {record.record_id.text} (row {record.row})\n"
    parts = [header]
    offset = len(header)
    columns: dict[str, tuple[int, int]] = {}
    for column, raw in record.columns.items():
        value = one_line(raw)
        line = f"{column}: {value}\n"
        start = offset + len(column) + 2
        columns[column] = (start, start + len(value))
        parts.append(line)
        offset += len(line)
    return RenderedRecord("".join(parts), (0, len(sentence)), columns)


def event_sentence(record: EventRecord) -> str:
    """The event claim in words: sides, kind, place, date and deaths."""
    if record.format.startswith("gdelt-gkg"):
        return _gkg_sentence(record)
    if record.format == "gdelt-mentions":
        return _mention_sentence(record)
    sides = _sides(record)
    parts = [sides or "An event"]
    if record.event_type:
        parts.append(f" ({one_line(record.event_type.text)})")
    place = _place_words(record)
    if place:
        parts.append(f", at {place}")
    parts.append(f", on {_date_words(record)}")
    deaths = _death_words(record)
    if deaths:
        parts.append(f": {deaths}")
    return one_line("".join(parts)) + "."


def _sides(record: EventRecord) -> str:
    names: dict[str, list[str]] = {}
    for actor in record.actors:
        names.setdefault(actor.side, []).append(one_line(actor.name.text))
    side_words = []
    for side in ("a", "b"):
        main = names.get(side, [])
        allies = names.get(f"{side}-ally", [])
        if main:
            side_words.append(main[0] + (f" (with {', '.join(allies)})" if allies else ""))
    return " vs ".join(side_words)


def _place_words(record: EventRecord) -> str:
    place = record.place
    seen: list[str] = []
    for value in (place.where, place.admin2, place.admin1, place.country):
        if value and one_line(value.text) not in " ".join(seen):
            seen.append(one_line(value.text))
    return ", ".join(seen)


def _date_words(record: EventRecord) -> str:
    date = record.date_start or "an unknown date"
    if record.date_end and record.date_end != record.date_start:
        date = f"{record.date_start} to {record.date_end}"
    if record.date_precision and record.date_days:
        date += f" ({record.date_precision})"
    return date


def _death_words(record: EventRecord) -> str:
    deaths = record.deaths
    if not deaths:
        return ""
    best = deaths.get("best")
    words = f"{best[0]} deaths" if best else "deaths"
    ranges = [f"{key} {deaths[key][0]}" for key in ("low", "high") if key in deaths]
    return words + (f" ({', '.join(ranges)})" if ranges else "")


def _article_words(record: EventRecord) -> str:
    source = record.sources[0] if record.sources else None
    outlet = f"{source.outlet.text} " if source and source.outlet else ""
    where = source.url.text if source and source.url else "an article"
    return f"{outlet}article {where}".strip()


def _gkg_sentence(record: EventRecord) -> str:
    named = [v.text for v in record.organisations[:8]] + [v.text for v in record.locations[:8]]
    names = ", ".join(named) if named else "no organisation or place"
    return one_line(f"{_article_words(record)} names {names}, on {record.date_start}") + "."


def _mention_sentence(record: EventRecord) -> str:
    event = record.mentions_event.text if record.mentions_event else "an event"
    return one_line(f"{_article_words(record)} mentions GDELT event {event}, on {record.date_start}") + "."
