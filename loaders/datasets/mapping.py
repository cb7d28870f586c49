"""Rows to event records: the columns a format names, parsed and checked.

A value that cannot be right (a date that is not one, deaths that are not a count,
coordinates off the globe) raises :class:`RowError` naming the column and the value;
the loader reports the row and goes on with the next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from loaders.datasets.formats import DatasetFormat, config
from loaders.datasets.reader import Row
from loaders.datasets.records import Actor, EventRecord, Place, RowError, SourceRef, Value

_URL = re.compile(r"https?://[^\s;,\"'<>]+", re.I)
_LIST_SPLIT = re.compile(r"\s*;\s*")
_OFFSET = re.compile(r",\d+$")          # a GKG 2.1 name's character offset


class Columns:
    """A row read through a format's column names (first non-empty alternative wins)."""

    def __init__(self, fmt: DatasetFormat, row: Row):
        self.fmt = fmt
        self.row = row
        self.used: dict[str, str] = {}

    def get(self, key: str) -> Value | None:
        """The value for the loader's name ``key``, or None when absent or empty."""
        for column in self.fmt.columns.get(key, ()):
            text = self.row.values.get(column, "").strip()
            if text:
                self.used[column] = text
                return Value(column, text)
        return None

    def integer(self, key: str) -> tuple[int, str] | None:
        """A non-negative whole number (deaths, source counts), or RowError."""
        value = self.get(key)
        if value is None:
            return None
        try:
            number = int(float(value.text)) if re.fullmatch(r"\d+(\.0+)?", value.text) else None
        except ValueError:
            number = None
        if number is None:
            raise RowError(f"{value.field}: not a count: {value.text!r}")
        return number, value.field

    def coordinate(self, key: str, limit: float) -> float | None:
        """A latitude or longitude within ``limit`` degrees, or RowError."""
        value = self.get(key)
        if value is None:
            return None
        try:
            number = float(value.text)
        except ValueError:
            raise RowError(f"{value.field}: not a coordinate: {value.text!r}") from None
        if not -limit <= number <= limit:
            raise RowError(f"{value.field}: coordinate out of range: {value.text!r}")
        return number


def parse_date(value: Value, family: str) -> str:
    """An ISO date (YYYY-MM-DD) from any layout the dataset writes, or RowError."""
    for layout in config()["date_formats"][family]:
        try:
            return dt.datetime.strptime(value.text, layout).date().isoformat()
        except ValueError:
            continue
    raise RowError(f"{value.field}: not a date: {value.text!r}")


def split_list(value: Value | None) -> list[Value]:
    """The parts of a ``;``-separated list, each still naming its column."""
    if value is None:
        return []
    return [Value(value.field, part) for part in _LIST_SPLIT.split(value.text) if part.strip()]


def record_from_row(fmt: DatasetFormat, row: Row, version: str | None = None) -> EventRecord:
    """The event a row describes; RowError when it cannot be one."""
    cols = Columns(fmt, row)
    record_id = _record_id(cols)
    record = EventRecord(fmt.name, fmt.dataset, fmt.family, row.number, record_id,
                         version=version or _text(cols.get("version")))
    _dates(cols, record)
    record.actors = list(_actors(cols))
    record.place = _place(cols)
    record.deaths = _deaths(cols)
    record.event_type = cols.get("event_type")
    record.conflict = cols.get("conflict")
    record.notes = cols.get("notes")
    record.source_count = cols.integer("source_count")
    record.sources = _sources(cols, fmt.family)
    record.originals = split_list(cols.get("source_original"))
    record.mentions_event = cols.get("event_id")
    record.organisations = _gkg_names(cols.get("organisations"))
    record.locations = _gkg_locations(cols.get("locations"))
    record.columns = cols.used
    return record


def _text(value: Value | None) -> str | None:
    return value.text if value else None


def _record_id(cols: Columns) -> Value:
    """The record's id; GDELT mentions are identified by event and article together."""
    parts = [cols.get("record_id")] if len(cols.fmt.columns["record_id"]) == 1 else [
        Value(c, cols.row.values.get(c, "").strip()) for c in cols.fmt.columns["record_id"]]
    if not parts or any(p is None or not p.text for p in parts):
        raise RowError(f"{'/'.join(cols.fmt.columns['record_id'])}: no record id")
    if len(parts) == 1 and parts[0] is not None:
        return parts[0]
    for part in parts:
        if part is not None:
            cols.used[part.field] = part.text
    return Value("+".join(p.field for p in parts if p), " ".join(p.text for p in parts if p))


def _dates(cols: Columns, record: EventRecord) -> None:
    start = cols.get("date_start")
    if start is None:
        raise RowError(f"{cols.fmt.columns['date_start'][0]}: no date")
    record.date_start = parse_date(start, cols.fmt.family)
    end = cols.get("date_end")
    record.date_end = parse_date(end, cols.fmt.family) if end else record.date_start
    if record.date_end < record.date_start:
        raise RowError(f"{end.field if end else start.field}: the event ends before it starts")
    record.date_fields = tuple(v.field for v in (start, end) if v)
    precision = cols.get("date_precision")
    table = cols.fmt.precision.get("date", {})
    code = precision.text if precision else ("" if "" in table else None)
    if code is not None and code in table:
        record.date_precision, record.date_days = table[code]["label"], int(table[code]["days"])
    elif precision is not None:
        raise RowError(f"{precision.field}: unknown date precision {precision.text!r}")


def _actors(cols: Columns) -> Iterator[Actor]:
    for side in ("a", "b"):
        name = cols.get(f"side_{side}")
        if name is not None:
            yield Actor(side, name, cols.get(f"side_{side}_id"))
        for ally in split_list(cols.get(f"side_{side}_allies")):
            yield Actor(f"{side}-ally", ally)


def _place(cols: Columns) -> Place:
    precision = cols.get("place_precision")
    labels = cols.fmt.precision.get("place", {})
    where = cols.get("where")
    country = cols.get("country")
    admin1 = cols.get("admin1")
    if cols.fmt.family == "gdelt" and where is not None:
        country, admin1 = _gdelt_place_parts(where)
    return Place(country=country, iso=cols.get("iso"), admin1=admin1, admin2=cols.get("admin2"),
                 where=where, latitude=cols.coordinate("latitude", 90),
                 longitude=cols.coordinate("longitude", 180), precision=precision,
                 precision_label=labels.get(precision.text) if precision else None)


def _gdelt_place_parts(where: Value) -> tuple[Value | None, Value | None]:
    """GDELT writes "City, Province, Country": its country code is FIPS, not ISO, so the
    country is read from the name."""
    parts = [p.strip() for p in where.text.split(",") if p.strip()]
    country = Value(where.field, parts[-1]) if parts else None
    admin1 = Value(where.field, parts[-2]) if len(parts) >= 2 else None
    return country, admin1


def _deaths(cols: Columns) -> dict[str, tuple[int, str]]:
    deaths = {key: n for key in ("best", "low", "high") if (n := cols.integer(f"deaths_{key}"))}
    if "best" not in deaths and cols.fmt.columns.get("deaths_parts"):
        parts = [(c, cols.row.values.get(c, "").strip()) for c in cols.fmt.columns["deaths_parts"]]
        if all(re.fullmatch(r"\d+", text) for _, text in parts):
            for column, text in parts:
                cols.used[column] = text
            deaths["best"] = (sum(int(t) for _, t in parts), "+".join(c for c, _ in parts))
    low, high = deaths.get("low"), deaths.get("high")
    if low and high and low[0] > high[0]:
        raise RowError(f"{low[1]}: low estimate {low[0]} is above the high estimate {high[0]}")
    return deaths


def _sources(cols: Columns, family: str) -> list[SourceRef]:
    """The event's sources: articles (URL, headline or document id) with outlet and date."""
    outlets = split_list(cols.get("source_outlet"))
    dates = split_list(cols.get("source_date"))
    headlines = split_list(cols.get("source_headline"))
    urls = split_list(cols.get("source_url"))
    documents = split_list(cols.get("source_document"))
    articles = split_list(cols.get("source_article"))
    urls += [Value(a.field, m) for a in articles for m in _URL.findall(a.text)]
    if not headlines:
        headlines = [a for a in articles if not _URL.search(a.text)]
    count = max(len(outlets), len(dates), len(headlines), len(urls), len(documents), 0)
    refs = [SourceRef(outlet=_nth(outlets, i, count), url=_nth(urls, i, count),
                      headline=_nth(headlines, i, count), document=_nth(documents, i, count),
                      date_value=_nth(dates, i, count)) for i in range(count)]
    return [_dated(ref, family) for ref in refs]


def _nth(values: list[Value], index: int, count: int) -> Value | None:
    """The index-th of a list aligned with the others; a single value applies to all."""
    if len(values) == count:
        return values[index]
    return values[0] if len(values) == 1 else None


def _dated(ref: SourceRef, family: str) -> SourceRef:
    if ref.date_value is None:
        return ref
    return SourceRef(ref.outlet, ref.url, ref.headline, ref.document,
                     parse_date(ref.date_value, family), ref.date_value)


def _gkg_names(value: Value | None) -> list[Value]:
    """Organisations separated by ``;``, as ``name,offset`` (GKG 2.1's V2Organizations)
    or bare names (GKG 1.0); each name once."""
    if value is None:
        return []
    names = dict.fromkeys(_OFFSET.sub("", part).strip() for part in value.text.split(";"))
    return [Value(value.field, n) for n in names if n]


def _gkg_locations(value: Value | None) -> list[Value]:
    """V2Locations: ``type#fullname#...`` entries; each full name once."""
    if value is None:
        return []
    names = dict.fromkeys(part.split("#")[1].strip() for part in value.text.split(";")
                          if part.count("#") >= 2)
    return [Value(value.field, n) for n in names if n]
