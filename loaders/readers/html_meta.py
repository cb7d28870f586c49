"""An HTML page's own metadata: JSON-LD, Open Graph, citation_* and Dublin Core tags.

Publishers describe their articles in several overlapping vocabularies; we read them
in order of how specific they are (JSON-LD article objects, then scholarly
``citation_*`` tags, then Open Graph and ``article:*``, then plain meta tags and the
``<title>``), and keep the first value each field gets.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from loaders.readers.html_content import PATTERNS, bylinish, in_other_region, select, text_with_breaks

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "blogposting", "report", "scholarlyarticle", "techarticle",
    "socialmediaposting", "liveblogposting", "webpage", "creativework",
})
MAX_JSON_LD = 512 * 1024
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%B %d %Y", "%b. %d, %Y", "%d/%m/%Y", "%Y-%m")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^\s*<!--|-->\s*$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/._-]|$)"
                       r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/._-]|$)")
PUBLISHED_KEYS = ("article:published_time", "citation_publication_date", "citation_date", "datepublished",
                  "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.created", "date", "pubdate",
                  "publish-date", "publishdate", "publish_date", "sailthru.date", "parsely-pub-date")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]|$)")
FIRST_YEAR = 1900  # earlier dates on news pages are placeholders ("0001-01-01")


def _words(key: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in PATTERNS[key]) + r")\b", re.I)


_BYLINE_PREFIX = re.compile(r"^(?:" + "|".join(re.escape(w) for w in PATTERNS["byline_prefixes"])
                            + r")\b\s*[:\-–—]?\s*", re.I)
_BYLINE_SPLIT = re.compile(r"\s*(?:[,;&]|\s(?:" + "|".join(
    re.escape(w) for w in PATTERNS["byline_separators"] if w.isalpha()) + r")\s)\s*", re.I)
_BYLINE_END = re.compile(r"\s+[|•·–—-]\s+|\s+(?:on|updated|published)\s+(?=\S*\d)", re.I)
_GLUED_DATE = re.compile(r"(?<=[^\W\d])\d.*$")  # "Lucas Nolan22 Dec 2016" -> "Lucas Nolan"
_ROLE = _words("author_roles")
_DEGREE = re.compile(r"(?:" + "|".join(re.escape(w) for w in PATTERNS["author_degrees"]) + r")\.?", re.I)
_NOT_AUTHOR = re.compile(r"^(?:" + "|".join(re.escape(w) for w in PATTERNS["byline_not_authors"]) + r")\b",
                         re.I)
_DATE_WORDS = frozenset(PATTERNS["byline_date_words"])
_LEADING_JOIN = re.compile(r"^(?:" + "|".join(
    re.escape(w) for w in PATTERNS["byline_separators"] if w.isalpha()) + r")\s+", re.I)
_AGENCY = re.compile(r"(?:" + "|".join(re.escape(w) for w in PATTERNS["news_agencies"]) + r")", re.I)


@dataclass
class PageMeta:
    """What the page says about itself."""

    title: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    url: str | None = None
    canonical: str | None = None
    doi: str | None = None
    republished_from: str | None = None
    kind: str | None = None
    warnings: list[str] = field(default_factory=list)


def normalise_date(value: str | None) -> str | None:
    """An ISO-8601 date or date-time from the spellings pages use, or None."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None and _ISO_DAY.match(text):
        try:  # "2020-11-11 12:00:00.000-0600" and other near-ISO stamps: the day is enough
            parsed = dt.datetime.fromisoformat(text[:10])
            text = text[:10]
        except ValueError:
            parsed = None
    if parsed is not None:
        if parsed.year < FIRST_YEAR:
            return None
        return parsed.isoformat() if len(text) > 10 else parsed.date().isoformat()
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day.isoformat() if day.year >= FIRST_YEAR else None
    return None


def split_authors(raw: str) -> list[str]:
    """The people a byline names: "By TOM KRISHER and Jane Doe, AP Auto Writers" gives
    Tom Krisher and Jane Doe; roles, agencies, dates and links are not people."""
    people = []
    for line in html.unescape(raw).splitlines():  # a byline's lines: the name, the desk, the date
        text = _BYLINE_PREFIX.sub("", " ".join(line.split()))
        text = _BYLINE_END.split(text, maxsplit=1)[0]
        for part in _BYLINE_SPLIT.split(text):
            if _NOT_AUTHOR.match(part.strip()):
                continue
            name = _BYLINE_PREFIX.sub("", _GLUED_DATE.sub("", part).strip(" .:|•·-–—"))
            name = _LEADING_JOIN.sub("", name)
            if _is_person(name):
                people.append(name.title() if name.isupper() and len(name) > 3 else name)
    return list(dict.fromkeys(people))


def _is_person(name: str) -> bool:
    if not name or len(name.split()) > 5 or any(c.isdigit() for c in name) or "@" in name or "/" in name:
        return False
    if _AGENCY.fullmatch(name) or _DEGREE.fullmatch(name):
        return False
    if all(word.lower().strip(".,") in _DATE_WORDS for word in name.split()):
        return False
    return not _ROLE.search(name) or re.match(r"[^\W\d]\.\s", name) is not None  # "G. Correspondent"


def page_byline(root: etree._Element) -> list[str]:
    """The people the page's own byline names, for a page whose metadata names none:
    the first ``itemprop=author`` (its ``itemprop=name`` when it has one), ``rel=author``
    link or byline/author-classed element in the page, read before the article is cut
    out (bylines sit in headers the article choice drops). Comments, sidebars, footers
    and related-story boxes have bylines of their own and are passed over."""
    for el in root.iter("*"):
        classes, ident = el.get("class"), el.get("id")
        itemprop = (el.get("itemprop") or "").lower()
        if not ("author" in itemprop or el.get("rel") == "author" or (classes and bylinish(classes))
                or (ident and bylinish(ident))):
            continue
        if in_other_region(el):
            continue
        named = next((n for n in el.iterdescendants() if (n.get("itemprop") or "").lower() == "name"), None)
        text = text_with_breaks(named if named is not None and "author" in itemprop else el)
        if len(" ".join(text.split())) < MAX_BYLINE_CHARS:
            people = split_authors(text)
            if people:
                return people
    return []


MAX_BYLINE_CHARS = 100


def _meta_tags(root: etree._Element) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), []).append(" ".join(html.unescape(content).split()))
    return tags


def _json_ld_objects(root: etree._Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > MAX_JSON_LD:
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text))
        except ValueError:
            continue
        yield from _flatten(data)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower() for v in values if v}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value (string, object or list)."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        name = value.get("name")
        return [" ".join(html.unescape(str(name)).split())] if isinstance(name, str) and name.strip() else []
    if isinstance(value, str) and value.strip() and not value.startswith("http"):
        return [" ".join(html.unescape(value).split())]
    return []


def _url_of(value: Any) -> str | None:
    if isinstance(value, list):
        return next((u for u in map(_url_of, value) if u), None)
    if isinstance(value, dict):
        return _url_of(value.get("url") or value.get("@id"))
    return value if isinstance(value, str) and value.startswith("http") else None


def _article_object(root: etree._Element) -> dict[str, Any]:
    """The JSON-LD object that describes the article, preferring the most specific type."""
    best: dict[str, Any] = {}
    for obj in _json_ld_objects(root):
        types = _types(obj)
        if types & ARTICLE_TYPES and (not best or "webpage" in _types(best)):
            best = obj
    return best


def page_metadata(root: etree._Element) -> PageMeta:
    """Read title, publisher, authors, dates, canonical URL and DOI from the page."""
    tags = _meta_tags(root)
    ld = _article_object(root)

    def first(*keys: str) -> str | None:
        for key in keys:
            if tags.get(key):
                return tags[key][0]
        return None

    meta = PageMeta()
    meta.site_name = (next(iter(_names(ld.get("publisher"))), None)
                      or first("og:site_name", "citation_publisher", "dc.publisher", "citation_journal_title",
                               "application-name"))
    meta.title = _clean_title(_first_text(ld.get("headline"), ld.get("name"))
                              or first("citation_title", "og:title", "dc.title", "twitter:title")
                              or _title_tag(root), meta.site_name)
    raw_authors = (_names(ld.get("author")) or tags.get("citation_author", [])
                   or [a for key in ("author", "article:author", "dc.creator", "parsely-author")
                       for a in tags.get(key, []) if not a.startswith("http")])
    publisher = (meta.site_name or "").casefold()
    meta.authors = list(dict.fromkeys(name for raw in raw_authors for name in split_authors(raw)
                                      if name.casefold() != publisher))
    _dates(meta, ld, first)
    _urls(root, meta, ld, first)
    if not meta.published:
        meta.published = _time_element(root) or _url_date(meta.url) or _dated_element(root)
    if not meta.site_name and meta.url:
        meta.site_name = urlsplit(meta.url).netloc.lower().removeprefix("www.") or None
    meta.doi = first("citation_doi", "dc.identifier", "prism.doi")
    if meta.doi and not re.match(r"(?:doi:)?10\.\d{4,9}/", meta.doi):
        meta.doi = None
    meta.kind = "news" if "newsarticle" in _types(ld) or first("og:type") == "article" else None
    return meta


def _first_text(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(html.unescape(value).split())
    return None


_WITH_ITEMPROP = etree.XPath("descendant-or-self::*[@itemprop]")  # in C: cheaper than a Python walk


def _time_element(root: etree._Element) -> str | None:
    """The publication date the body marks up: an element with ``itemprop=datePublished``
    (``<abbr title>``, ``<span content>``), else a ``<time datetime>`` (the one marked as
    the publication date when there is one)."""
    for element in select(_WITH_ITEMPROP, root):
        if "datepublished" in (element.get("itemprop") or "").lower():
            value = normalise_date(element.get("datetime") or element.get("content") or element.get("title"))
            if value:
                return value
    dated = [t for t in root.iter("time") if t.get("datetime")]
    marked = [t for t in dated if t.get("pubdate") is not None or "publish" in (t.get("class") or "").lower()]
    for element in marked + dated:
        value = normalise_date(element.get("datetime"))
        if value:
            return value
    return None


_MONTHS = {name: number for number, names in enumerate(PATTERNS["month_names"], start=1) for name in names}
_MONTH = r"(?P<month>{})\.?".format("|".join(sorted(_MONTHS, key=len, reverse=True)))
_TEXT_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})\.?\s+{_MONTH}\s+(?P<year>(?:19|20)\d{{2}})\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"(?P<year>(?:19|20)\d{2})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),
)
_DATE_MARKER = re.compile("|".join(PATTERNS["date_markers"]), re.I)
_OTHER_DATE = re.compile("|".join(PATTERNS["date_markers_other"]), re.I)
_UPDATE = re.compile("|".join(PATTERNS["date_markers_update"]), re.I)
MAX_DATE_LINE = 120


def _dated_element(root: etree._Element) -> str | None:
    """The date a short element marked as the story's date or byline shows ("Posted on
    April 21, 2015", "By Nathan Example March 25, 2015", "2016年10月14日"), for a page
    whose metadata, ``<time>`` elements and URL give none. Update and edit stamps,
    birthdays and event dates (an infobox's hCard) and comments' dates are not it."""
    for el in root.iter("*"):
        classes, ident = el.get("class"), el.get("id")
        if (classes is None and ident is None) or el.tag in ("script", "style") \
                or not _date_marker(f"{classes or ''} {ident or ''}"):
            continue
        text = " ".join(text_with_breaks(el).split())
        if not text or len(text) > MAX_DATE_LINE or _UPDATE.match(text) or in_other_region(el):
            continue
        day = _text_date(text)
        if day:
            return day
    return None


@lru_cache(maxsize=4096)
def _date_marker(marker: str) -> bool:
    if not _DATE_MARKER.search(marker) or _OTHER_DATE.search(marker):
        return False
    return not _UPDATE.search(marker) or "publish" in marker.lower()


def _text_date(text: str) -> str | None:
    """The first date written out in ``text`` as an ISO day, or None."""
    for pattern in _TEXT_DATES:
        found = pattern.search(text)
        if not found:
            continue
        month = found.group("month")
        number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        try:
            return dt.date(int(found.group("year")), number, int(found.group("day"))).isoformat()
        except ValueError:
            continue
    return None


def _url_date(url: str | None) -> str | None:
    """A date written in the article's URL path (``/2015/07/24/``, ``/20150724/``)."""
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if not match:
        return None
    year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _title_tag(root: etree._Element) -> str | None:
    title = root.find(".//title")
    if title is None:
        return None
    return " ".join(html.unescape("".join(str(t) for t in title.itertext())).split()) or None


def _clean_title(title: str | None, site_name: str | None) -> str | None:
    """Drop a " | Site name" suffix that <title> tags carry."""
    if not title or not site_name:
        return title
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and parts[-1].strip().lower() == site_name.lower():
        return " - ".join(parts[:-1]).strip()
    return title


def _dates(meta: PageMeta, ld: dict[str, Any], first: Any) -> None:
    raw_published = (_first_text(ld.get("datePublished"))
                     or first(*PUBLISHED_KEYS))
    raw_modified = _first_text(ld.get("dateModified")) or first("article:modified_time", "og:updated_time",
                                                                "dcterms.modified")
    meta.published = normalise_date(raw_published)
    meta.modified = normalise_date(raw_modified)
    for label, raw, value in (("published", raw_published, meta.published),
                              ("modified", raw_modified, meta.modified)):
        if raw and value is None:
            why = "a placeholder" if re.match(r"\s*0{1,4}1?-", raw) else "not a date we can read"
            meta.warnings.append(f"{label} date {raw!r} is {why}; ignored")


def _urls(root: etree._Element, meta: PageMeta, ld: dict[str, Any], first: Any) -> None:
    """The page's own URL and canonical URL; a canonical on another site marks a copy."""
    link = next((el.get("href") for el in root.iter("link")
                 if "canonical" in (el.get("rel") or "").lower().split() and el.get("href")), None)
    own = first("og:url") or _url_of(ld.get("url")) or _url_of(ld.get("mainEntityOfPage"))
    canonical = urljoin(own, link) if link and own else link
    meta.canonical = canonical if canonical and canonical.startswith("http") else None
    meta.url = meta.canonical or own
    source = (first("syndication-source", "original-source", "dc.source")
              or _url_of(ld.get("isBasedOn")))
    if own and meta.canonical and urlsplit(own).netloc.lower().removeprefix("www.") != \
            urlsplit(meta.canonical).netloc.lower().removeprefix("www."):
        meta.url, source = own, source or meta.canonical
    meta.republished_from = source if source and source.startswith("http") else None
