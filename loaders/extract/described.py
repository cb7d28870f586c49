"""Documents known only from how reports describe them, and when two descriptions are one.

"A UN report seen Monday by AFP", "the report by UN sanctions monitors published on
Friday" and "a leaked UN document" in three outlets are one document. What identifies it
is its issuer (a family root such as the United Nations and, maybe, the part that wrote
it: its panel of experts), its kind (report, statement, letter, resolution, estimate),
a time window computed from the citing report's date and the description's time words,
and any symbol ("S/2024/65"). Two descriptions are one document when their roots are
equal, their parts do not differ, their kinds match, their windows overlap (an unknown
window overlaps every window) and their symbols do not differ.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.model import digest
from loaders.extract.sourcing_words import SourcingWords, sourcing_words
from loaders.extract.word_lists import load_yaml

ISSUERS = Path(__file__).with_name("data") / "issuers.yaml"
SYMBOL = re.compile(r"\b(?:S|A|E)/(?:HRC/)?(?:RES/)?\d{2,4}/\d{1,4}\b|\bA/HRC/\d+/[\w.]+")
_WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)|\b([A-Za-z]+)\s+(\d{1,2})\b")
_PART_OF_MONTH = re.compile(r"\b(early|mid|late)[\s-]+([A-Za-z]+)", re.I)
_ACCESS = re.compile(r"\b(?:seen|obtained|reviewed|leaked|shared|viewed|received)\b", re.I)


@dataclass(frozen=True)
class Family:
    """A root issuer and the parts of it that issue documents."""

    root: str
    names: tuple[re.Pattern[str], ...]
    neutral: tuple[re.Pattern[str], ...]
    parts: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]


@dataclass(frozen=True)
class DescribedDocument:
    """What a description says of a document: enough to tell whether two are one."""

    root: str
    part: str | None
    kind: str
    window_start: str | None
    window_end: str | None
    symbol: str | None = None
    issuer_id: str | None = None
    doc_id: str | None = None     # set when this key joins a document already known

    @property
    def id(self) -> str:
        """Deterministic id from the key; merging with compatible stubs happens on write."""
        if self.doc_id:
            return self.doc_id
        bucket = self.symbol or (self.window_end or "undated")[:7]
        return f"rep:{digest('described', self.root.lower(), self.part or '', self.kind, bucket)}"

    def title(self) -> str:
        """A neutral label for the shared stub: issuer, kind and when."""
        who = self.root if not self.part else f"{self.root} ({self.part.replace('-', ' ')})"
        when = f", {self.window_end[:7]}" if self.window_end else ""
        symbol = f" {self.symbol}" if self.symbol else ""
        return f"{who} {self.kind}{symbol}{when}"

    def compatible(self, other: DescribedDocument) -> bool:
        """True when both descriptions may name one document."""
        if self.root.lower() != other.root.lower() or self.kind != other.kind:
            return False
        if self.part and other.part and self.part != other.part:
            return False
        if self.symbol and other.symbol and self.symbol != other.symbol:
            return False
        return _overlap(self.window_start, self.window_end, other.window_start, other.window_end)

    def merged(self, other: DescribedDocument) -> DescribedDocument:
        """The description that says more: a part, a symbol, the narrower window."""
        start = max(filter(None, [self.window_start, other.window_start]), default=None)
        end = min(filter(None, [self.window_end, other.window_end]), default=None)
        if start and end and start > end:
            start, end = self.window_start, self.window_end
        return replace(self, part=self.part or other.part, symbol=self.symbol or other.symbol,
                       window_start=start, window_end=end, issuer_id=self.issuer_id or other.issuer_id,
                       doc_id=self.id)

    def props(self) -> dict[str, Any]:
        """The stub report's properties (graph/schema.yaml, Report)."""
        values = {"title": self.title(), "publisher": self.root, "stub": True, "described": True,
                  "issuer": self.issuer_id, "issuer_root": self.root, "doc_kind": self.kind,
                  "issuer_part": self.part, "window_start": self.window_start,
                  "window_end": self.window_end, "symbol": self.symbol}
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> DescribedDocument | None:
        """The key of a stored described stub, or None for any other report."""
        if not props.get("described") or not props.get("issuer_root") or not props.get("doc_kind"):
            return None
        return cls(str(props["issuer_root"]), props.get("issuer_part"), str(props["doc_kind"]),
                   props.get("window_start"), props.get("window_end"), props.get("symbol"),
                   props.get("issuer"), props.get("id"))


def _overlap(a0: str | None, a1: str | None, b0: str | None, b1: str | None) -> bool:
    if not (a0 and a1 and b0 and b1):
        return True
    return a0[:10] <= b1[:10] and b0[:10] <= a1[:10]


def _pattern(name: str) -> re.Pattern[str]:
    escaped = re.escape(name).replace(r"\ ", r"\s+")
    flags = 0 if len(name) <= 5 and name.upper() == name else re.I
    return re.compile(rf"(?<![\w.]){escaped}(?![\w])", flags)


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    """The issuer families of ``data/issuers.yaml``."""
    raw = load_yaml(ISSUERS.read_text(encoding="utf-8"))
    return tuple(
        Family(item["root"], tuple(_pattern(n) for n in item.get("names") or []),
               tuple(_pattern(n) for n in item.get("neutral") or []),
               tuple((part, tuple(_pattern(w) for w in words))
                     for part, words in (item.get("parts") or {}).items()))
        for item in raw["families"])


def issuer_in(phrase: str) -> tuple[str, str | None] | None:
    """(root, part) of a family the phrase names, or None."""
    for family in families():
        if not any(p.search(phrase) for p in family.names):
            continue
        cleaned = phrase
        for neutral in family.neutral:
            cleaned = neutral.sub(" ", cleaned)
        part = next((name for name, patterns in family.parts if any(p.search(cleaned) for p in patterns)),
                    None)
        return family.root, part
    return None


def document_kind(head_words: str, words: SourcingWords | None = None) -> str | None:
    """The kind of document a phrase's nouns name ("findings" -> report)."""
    vocab = words or sourcing_words()
    found = [vocab.document_kind[w] for w in re.findall(r"[a-z-]+", head_words.lower())
             if w in vocab.document_kind]
    if not found:
        singular = [w.rstrip("s") for w in re.findall(r"[a-z-]+", head_words.lower())]
        found = [vocab.document_kind[w] for w in singular if w in vocab.document_kind]
    return found[0] if found else None


def window(published: str | None, when: str | None, phrase: str,
           words: SourcingWords | None = None) -> tuple[str | None, str | None]:
    """The dates a described document may be from, as ISO days; (None, None) when the
    citing report has no date and the words give no calendar date."""
    vocab = words or sourcing_words()
    base = _date(published)
    explicit = _explicit_window(when or "", base)
    if explicit is not None:
        return explicit
    if base is None:
        return None, None
    lowered = (when or "").lower()
    days = next((vocab.time_windows[w] for w in sorted(vocab.time_windows, key=len, reverse=True)
                 if re.search(rf"\b{re.escape(w)}\b", lowered)), None)
    weekday = next((d for name, d in _WEEKDAYS.items() if re.search(rf"\b{name}\b", lowered)), None)
    if weekday is not None:
        back = (base.weekday() - weekday) % 7
        day = base - dt.timedelta(days=back)
        if _ACCESS.search(phrase):
            return _span(day, vocab.access_window)
        return day.isoformat(), day.isoformat()
    if _ACCESS.search(phrase):
        return _span(base, vocab.access_window)
    return _span(base, days or vocab.default_window)


def _span(day: dt.date, days: tuple[int, int]) -> tuple[str, str]:
    return (day - dt.timedelta(days=days[0])).isoformat(), (day - dt.timedelta(days=days[1])).isoformat()


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _explicit_window(text: str, base: dt.date | None) -> tuple[str, str] | None:
    """A window from calendar words: "in late July", "March 2024", "12 March", "2023"."""
    for match in _PART_OF_MONTH.finditer(text):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            year = _year_for(text, month, base)
            if year:
                first, last = {"early": (1, 10), "mid": (10, 20), "late": (20, 31)}[match.group(1).lower()]
                last = min(last, calendar.monthrange(year, month)[1])
                return dt.date(year, month, first).isoformat(), dt.date(year, month, last).isoformat()
    for match in _DAY_MONTH.finditer(text):
        day_first = match.group(1) is not None
        day_text = match.group(1) if day_first else match.group(4)
        month_text = match.group(2) if day_first else match.group(3)
        month = _MONTHS.get(month_text.lower())
        year = _year_for(text, month, base) if month else None
        if month and year and 1 <= int(day_text) <= calendar.monthrange(year, month)[1]:
            day = dt.date(year, month, int(day_text)).isoformat()
            return day, day
    month = next((m for name, m in _MONTHS.items() if re.search(rf"\b{name}\b", text, re.I)
                  and not (name == "may" and not re.search(r"\bMay\b", text))), None)
    if month:
        year = _year_for(text, month, base)
        if year:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat()
    years = _YEAR.findall(text)
    if years:
        return f"{years[-1]}-01-01", f"{years[-1]}-12-31"
    if base and re.search(r"\blast year\b", text, re.I):
        return f"{base.year - 1}-01-01", f"{base.year - 1}-12-31"
    return None


def _year_for(text: str, month: int, base: dt.date | None) -> int | None:
    """The year of a month named without one: the latest not after the citing report."""
    years = _YEAR.findall(text)
    if years:
        return int(years[-1])
    if base is None:
        return None
    return base.year if month <= base.month else base.year - 1
