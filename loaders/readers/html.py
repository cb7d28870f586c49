"""HTML: a saved article page to its main text, metadata, links and notes.

The article is chosen by content scoring (``html_content``), which also drops
navigation, footers, share bars, "related" boxes, ads and hidden elements. The text is
rendered by walking the chosen tree once, which records every body link's anchor and
every footnote marker at its exact offset in the stored text; notes are gathered into
a "Notes" section at the end. Links to the page's own furniture (author, tag and
section pages, share buttons, newsletters) stay as text but are never citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree

from loaders.document import Document, Link, Note
from loaders.errors import LoadError
from loaders.readers.html_content import (
    CJK,
    PATTERNS,
    Element,
    find_article,
    inner_text,
    text_length,
    text_of,
)
from loaders.readers.html_meta import page_byline, page_metadata, split_authors
from loaders.readers.notes import URL_IN_TEXT, append_notes_section, attach_reference_section
from loaders.source import RawSource, decode_bytes, looks_binary

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "form", "button", "input", "select", "textarea", "nav", "footer", "aside", "figure", "img",
    "picture", "video", "audio", "map", "head", "title", "meta", "link", "dialog", "menu",
})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "thead", "tbody",
    "figcaption", "address", "details", "summary", "hr", "center", "td", "th", "caption",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BOILERPLATE = re.compile(
    "(?:[a-z0-9]+[-_])?(?:{words})(?:[-_](?:{suffixes}))?".format(
        words="|".join(PATTERNS["furniture_words"]), suffixes="|".join(PATTERNS["furniture_suffixes"])),
    re.I)
NON_CITATION_LINK = re.compile("|".join(f"(?:{p})" for p in PATTERNS["non_citation_links"]), re.I)
NON_CITATION_ANCHOR = re.compile("|".join(f"(?:{p})" for p in PATTERNS["non_citation_anchors"]), re.I)
NOTE_MARK = "data-conflictkg-note"
_WORD = re.compile(r"\w+")
BOILERPLATE_ROLES = frozenset({"navigation", "contentinfo", "complementary", "banner", "search",
                               "menu", "menubar", "dialog", "alert"})
READ_MORE = re.compile(r"^\s*(?:read\s+more|related(?:\s+(?:articles?|stories|coverage))?|see\s+also|"
                       r"also\s+read|read\s+also|more\s+on\s+this|watch|listen|sign\s+up|subscribe)\b\s*[:|]?",
                       re.I)
LOGIN_WALL = re.compile(
    r"\b(?:sign\s+in|log\s*in|subscribe|create\s+(?:an|a\s+free)\s+account|register|become\s+a\s+member)"
    r"\b[^.]{0,40}\b(?:to\s+(?:continue|read|view|access|see)|for\s+(?:full\s+)?access)", re.I)
NOTE_ANCHOR = re.compile(r"^\s*\[?\s*(\d{1,3}|[ivxlc]{1,6}|[*†‡§])\s*\]?\s*$", re.I)
CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Where a LOGIN_WALL phrase can begin, in lower case with single spaces.
_WALL_OPENINGS = ("sign in", "log in", "login", "subscribe", "create a", "register",
                  "become a member")
_WALL_HINTS = ("sign in", "log in", "login", "subscribe", "create an account", "create a free",
               "register", "become a member")
# Plain elements (lxml.html's element classes cost a Python call per element); comments,
# processing instructions and the id table are never used.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
_WHITESPACE = re.compile(r"\s+")
_NEEDS_COLLAPSE = re.compile(r"\s\s|[^\S ]")
MIN_ARTICLE_WORDS = 40
MAX_NOTE_CHARS = 2000
NOT_NOTES = frozenset({"section", "article", "main", "body", "html", "pre", "table", "tbody", "ul", "ol",
                       "dl", "blockquote"})
FURNITURE_MAX_CHARS = PATTERNS["furniture_max_chars"]
BREADCRUMB_SEPARATORS = frozenset(PATTERNS["breadcrumb_separators"])
LINK_DENSE = 0.75


def _decode(source: RawSource) -> tuple[str, list[str]]:
    if looks_binary(source.data):
        raise LoadError(source.name, "file is binary, not HTML")
    declared = CHARSET.search(source.data[:4096])
    xml_declared = re.match(rb"""\s*<\?xml[^>]*encoding=["']([A-Za-z0-9_.-]+)""", source.data[:200])
    name = (declared or xml_declared)
    charset = name.group(1).decode("ascii") if name else None
    warnings: list[str] = []
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8") and _is_utf8(source.data):
        warnings.append(f"the page declares {charset} but its bytes are UTF-8; read as UTF-8")
        charset = "utf-8"
    decoded = decode_bytes(source.name, source.data, charset, fallback="cp1252")
    return decoded.text, warnings + list(decoded.warnings)


def _is_utf8(data: bytes) -> bool:
    """Non-ASCII bytes that all form valid UTF-8: a saved copy re-encoded by a browser or
    tool keeps its old charset declaration, and no legacy encoding's text reads this way."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse(source: RawSource, text: str) -> Element:
    try:
        root = etree.fromstring(XML_DECLARATION.sub("", text, count=1), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise LoadError(source.name, f"HTML could not be parsed ({exc})") from exc
    if root is None:
        raise LoadError(source.name, "HTML could not be parsed (the document is empty)")
    return root


def read_html(source: RawSource) -> Document:
    """Read a saved HTML article page."""
    text, warnings = _decode(source)
    root = _parse(source, text)
    meta = page_metadata(root)
    base = meta.url or meta.canonical
    page_authors = [] if meta.authors else page_byline(root)
    notes = _collect_notes(root, base)

    def menu_links() -> frozenset[str]:
        return navigation_links(_parse(source, text), base)
    page_text = _page_text(root)

    def fresh_body() -> Element:
        again = _parse(source, text)
        _collect_notes(again, base)
        return _body(again)

    article = find_article(_body(root), meta.title, bool(meta.authors), fresh_body)
    if not meta.authors and article.byline:
        meta.authors = split_authors(article.byline)
    if not meta.authors:
        meta.authors = page_authors
    rendered = _Renderer(base, notes, _MenuLinks(base, menu_links)).render(article.container, meta.title)
    doc = Document(text=rendered.text, source_name=source.name, format="html", title=meta.title,
                   publisher=meta.site_name, authors=meta.authors, published=meta.published,
                   modified=meta.modified, url=meta.url, doi=meta.doi, kind=meta.kind,
                   republished_from=meta.republished_from, links=rendered.links,
                   notes=rendered.notes, headings=rendered.headings,
                   warnings=warnings + meta.warnings)
    _check_article(source, page_text, root, doc, rendered.body_words)
    if not re.search(rb"</(?:html|body)\s*>", source.data[-4096:], re.I):
        doc.warnings.append("HTML looks truncated (no closing </body> or </html>); "
                            "the text may be incomplete")
    attach_reference_section(doc)
    append_notes_section(doc, rendered.note_text)
    return doc


def _body(root: Element) -> Element:
    body = root.find("body")
    return body if body is not None else root


def _page_text(root: Element) -> str:
    """The start of the page's text, read before the article is cut out of it."""
    return text_of(_body(root))[:40000]


def count_words(text: str) -> int:
    """Words in any script: ``\\w+`` runs, with each CJK character counted as half a word."""
    cjk = len(CJK.findall(text))
    return len(_WORD.findall(CJK.sub(" ", text))) + cjk // 2


def _enough_words(text: str) -> int:
    """The word count, exact below the threshold; a long text is counted from its start."""
    words = count_words(text[:4000])
    return words if words >= 2 * MIN_ARTICLE_WORDS or len(text) <= 4000 else count_words(text)


def _check_article(source: RawSource, page_text: str, root: Element, doc: Document,
                   words: int) -> None:
    """Refuse pages with no article (login walls, index pages); warn on paywalled teasers."""
    lowered = page_text.lower()
    hinted = any(hint in lowered for hint in _WALL_HINTS)
    wall = _login_wall(" ".join(page_text.split())[:20000]) if hinted else None
    has_password = any((el.get("type") or "").lower() == "password" for el in root.iter("input"))
    if words < MIN_ARTICLE_WORDS:
        if wall or has_password:
            phrase = wall.group(0) if wall else "a password field"
            raise LoadError(source.name, f"page is a login or subscription wall with no article text "
                                         f"(found {phrase!r})")
        raise LoadError(source.name, f"no article text found in the page ({words} words of body text)")
    if wall:
        doc.warnings.append(f"the article may be cut short by a paywall (found {wall.group(0)!r})")


def _login_wall(text: str) -> re.Match[str] | None:
    """The first login-wall phrase in ``text`` (whitespace already made single spaces).

    A phrase can only start where one of its opening words is, so the pattern is tried
    at those places, found by ``str.find``, rather than at every character of the page.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer shifts offsets
        return LOGIN_WALL.search(text)
    starts = sorted({found for hint in _WALL_OPENINGS for found in _occurrences(lowered, hint)})
    return next((m for m in map(lambda at: LOGIN_WALL.match(text, at), starts) if m), None)


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


# ------------------------------------------------------------------ the article

def _is_boilerplate(el: Element) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in DROP_TAGS:
        return True
    if not el.attrib:
        return False
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if (el.get("role") or "").lower() in BOILERPLATE_ROLES:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    marker = f"{el.get('class') or ''} {el.get('id') or ''}"
    return marker != " " and _furniture(marker) and text_length(el) <= FURNITURE_MAX_CHARS \
        and not (el.tag == "a" and _in_prose(el))


def _in_prose(el: Element) -> bool:
    """Whether words run on before or after the element in its paragraph: a link there
    is part of a sentence whatever its class says ("I am a <a class="popup">rather
    elderly</a> man", a page's note pop-ups), while a share or sponsor link stands alone."""
    if el.tail and _LETTER.search(el.tail):
        return True
    previous, parent = el.getprevious(), el.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else None
    return bool(before and _LETTER.search(before))


_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=4096)
def _furniture(marker: str) -> bool:
    """Whether a class or id token names page furniture (pages repeat them, hence the cache)."""
    return any(BOILERPLATE.fullmatch(token) for token in marker.split())


def navigation_links(root: Element, base: str | None) -> frozenset[str]:
    """The site's home and section pages its own menus link to (``<nav>``, navigation
    roles, "nav"/"menu" classes), read before the article is cut out. A story's link to
    one ("published in <a>Science</a>", pointing at the site's science section as the
    menu does) is the site's navigation, not a citation. Only shallow targets count (the
    home page or one path step, as ``/science.htm`` or ``/world/``): a menu also lists
    articles and guides (a drawer of reviews, "previous episode"), and a story citing one
    of those cites it."""
    found: set[str] = set()
    menus: dict[Element, bool] = {}
    shallow = _SHALLOW_HREF.match
    for anchor in root.iter("a"):  # few links are shallow (5+ slashes: deep); only theirs are looked up
        href = anchor.get("href")
        if href and href.count("/") <= 4 and shallow(href) and _in_menu(anchor, menus):
            href = href.strip()
            url = urljoin(base, href) if base else href
            if _is_shallow(url):
                found.add(_without_fragment(url))
    return frozenset(found)


class _MenuLinks:
    """The site's menu targets, looked up only when the story links a home or section
    page of its own site (or of a site it cannot tell, having no URL of its own): the
    scan reads a fresh parse of the page, as the article choice has cut the menus out,
    and most pages never need it."""

    def __init__(self, base: str | None, scan: Callable[[], frozenset[str]]):
        self.site = _site(base) if base else None
        self.scan = scan
        self.found: frozenset[str] | None = None

    def navigation(self, url: str) -> bool:
        if not _is_shallow(url) or (self.site is not None and _site(url) != self.site):
            return False
        if self.found is None:
            self.found = self.scan()
        return _without_fragment(url) in self.found


def _site(url: str) -> str:
    """The last two labels of a URL's host ("tech.qq.com" and "www.qq.com" are qq.com)."""
    return ".".join(urlsplit(url).netloc.lower().rsplit(":", 1)[0].split(".")[-2:])


def _in_menu(anchor: Element, menus: dict[Element, bool]) -> bool:
    """Whether one of the link's ancestors is a menu (answers kept per element, as the
    links of one menu share their ancestors)."""
    seen: list[Element] = []
    answer = False
    for ancestor in anchor.iterancestors():
        known = menus.get(ancestor)
        if known is not None:
            answer = known
            break
        seen.append(ancestor)
        if ancestor.tag == "nav" or (ancestor.tag in MENU_TAGS and _is_menu(ancestor)):
            answer = True
            break
    for element in seen:
        menus[element] = answer
    return answer


def _may_be_shallow(href: str) -> bool:
    """Whether a menu link can lead to a home or section page, read from the href alone
    (joining every link to the base costs more than the rest of the scan): two or more
    real path steps ("/2025/04/story") stay two or more once joined."""
    return _SHALLOW_HREF.match(href) is not None


# At most one path step that is not "." or "..", after an optional scheme and host (not a
# bare "#fragment", and not empty).
_SHALLOW_HREF = re.compile(r"\s*(?=[^#\s])(?:[a-z][a-z0-9+.-]*:)?(?://[^/?#]*)?/?(?:\.{1,2}/)*[^/?#]*/?\s*"
                           r"(?:[?#]|$)", re.I)


def _is_menu(el: Element) -> bool:
    classes, ident, role = el.get("class"), el.get("id"), el.get("role")
    if role is not None and role.lower() in MENU_ROLES:
        return True
    if ident is None:
        return classes is not None and _menu_marker(classes)
    return _menu_marker(f"{classes or ''} {ident}")


# The blocks a menu is made of (its items and links are not looked at one by one).
MENU_TAGS = frozenset({"nav", "div", "ul", "ol", "menu", "header", "footer", "section", "aside", "table",
                       "td", "dl"})
MENU_ROLES = frozenset({"navigation", "menu", "menubar"})
MENU_MARKER = re.compile(PATTERNS["menu_marker"], re.I)


@lru_cache(maxsize=4096)
def _menu_marker(marker: str) -> bool:
    return any(MENU_MARKER.fullmatch(token) for token in marker.split())


def _is_shallow(url: str) -> bool:
    """A home or section page: an absolute link with at most one path step."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    return len([step for step in parts.path.split("/") if step]) <= 1


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


# ------------------------------------------------------------------ notes

@dataclass
class _NoteSource:
    """A footnote or endnote target in the page: its text and first link."""

    text: str
    url: str | None
    element: Element


def _collect_notes(root: Element, base: str | None) -> dict[str, _NoteSource]:
    """Notes that in-page note markers point at, by id."""
    markers = [a for a in root.iter("a") if (a.get("href") or "").strip().startswith("#")
               and _looks_like_marker(a)]
    if not markers:
        return {}
    ids: dict[str, Element] = {}
    order: dict[Element, int] = {}
    for position, el in enumerate(root.iter()):
        order[el] = position
        for key in (el.get("id"), el.get("name") if el.tag == "a" else None):
            if key:
                ids.setdefault(key, el)
    notes: dict[str, _NoteSource] = {}
    for anchor in markers:
        href = (anchor.get("href") or "").strip()
        target = ids.get(href[1:])
        if target is None or href[1:] in notes:
            continue
        element = _note_element(target)
        if order[element] < order[anchor] or not _can_be_note(element, anchor):
            continue  # a link back up to the text ("^", "a", "b") is not a marker
        text, url = _note_content(element, base)
        if text:
            element.set(NOTE_MARK, href[1:])
            notes[href[1:]] = _NoteSource(text, url, element)
    return notes


def _can_be_note(element: Element, marker: Element) -> bool:
    """A note is a short block that is not a heading or a section and does not hold its
    own marker (a contents entry "3" pointing at section 3 is not a footnote)."""
    if element.tag in HEADINGS or element.tag in NOT_NOTES:
        return False
    if next(element.iterdescendants(*HEADINGS, "pre", "table"), None) is not None:
        return False
    if any(a is element for a in marker.iterancestors()):
        return False
    return text_length(element) <= MAX_NOTE_CHARS


def _looks_like_marker(anchor: Element) -> bool:
    shown = text_of(anchor).strip()
    if len(shown) > 12:
        return False
    parent = anchor.getparent()
    in_sup = anchor.tag == "sup" or (parent is not None and parent.tag == "sup") or any(
        child.tag == "sup" for child in anchor)
    return bool(NOTE_ANCHOR.match(shown)) or (in_sup and len(shown) <= 6)


def _note_element(target: Element) -> Element:
    """The block holding a note (an anchor target is often an empty <a> or a <span>)."""
    element, parent = target, target.getparent()
    while element.tag in ("a", "span", "sup", "b", "strong", "em", "i") and parent is not None:
        element, parent = parent, parent.getparent()
    return element


def _note_content(element: Element, base: str | None) -> tuple[str, str | None]:
    parts: list[str] = []
    url = None
    for piece in element.iter():
        if piece.tag == "a":
            href = (piece.get("href") or "").strip()
            if href and not href.startswith("#") and url is None:
                url = urljoin(base or "", href)
    for chunk in element.itertext():
        parts.append(str(chunk))
    text = " ".join("".join(parts).split())
    text = re.sub(r"^\s*\[?\d{1,3}\]?[.)]?\s+", "", text)
    text = re.sub(r"\s*(?:↩|↑|\^)\s*\S?$", "", text).strip()
    text = re.sub(r"^(?:↩|↑|\^)(?:\s+[a-z](?=\s))*\s*", "", text)  # back-links: "^ a b Interviews…"
    if url is None:
        found = URL_IN_TEXT.search(text)
        url = found.group(0) if found else None
    if url and urlsplit(url).scheme not in ("http", "https"):
        url = None
    return text, url


# ------------------------------------------------------------------ rendering

@dataclass
class _Rendered:
    """The rendered text with what was located in it."""

    text: str
    links: list[Link]
    notes: list[Note]
    headings: list[tuple[int, int]]
    body_words: int
    note_text: dict[str, str] = field(default_factory=dict)
    note_urls: dict[str, str | None] = field(default_factory=dict)


class _Renderer:
    """Walks the article once, writing text and recording links, notes and headings."""

    def __init__(self, base: str | None, notes: dict[str, _NoteSource],
                 menu_links: _MenuLinks | None = None):
        self.base = base
        self.notes = notes
        self.menu_links = menu_links or _MenuLinks(base, frozenset)
        self.parts: list[str] = []
        self.size = 0
        self.pending_break = False
        self.links: list[Link] = []
        self.markers: list[Note] = []
        self.headings: list[tuple[int, int]] = []
        self.labels: dict[str, str] = {}
        self.note_text: dict[str, str] = {}
        self.note_urls: dict[str, str | None] = {}

    def render(self, container: Element, title: str | None) -> _Rendered:
        has_h1 = any(True for _ in container.iter("h1"))
        if title and not has_h1:
            self._heading_text(title)
        self._walk(container, preformatted=False)
        body_words = _enough_words("".join(self.parts)) - (count_words(title) if title and not has_h1 else 0)
        text = "".join(self.parts).rstrip() + "\n"
        return _Rendered(text, self.links, self.markers, self.headings, body_words,
                         self.note_text, self.note_urls)

    # -- writing

    def _write(self, chunk: str, preformatted: bool) -> None:
        if not preformatted and _NEEDS_COLLAPSE.search(chunk):
            chunk = _WHITESPACE.sub(" ", chunk)
        at_line_start = not self.size or self.pending_break or self.parts[-1].endswith((" ", "\n"))
        if not preformatted and at_line_start:
            chunk = chunk.lstrip()
        if not chunk:
            return
        self._flush_break()
        self._emit(chunk)

    def _emit(self, chunk: str) -> None:
        if chunk.startswith("\n"):
            self._trim_trailing_spaces()
        self.parts.append(chunk)
        self.size += len(chunk)

    def _trim_trailing_spaces(self) -> None:
        if self.parts:
            last = self.parts[-1]
            trimmed = last.rstrip(" ")
            self.size -= len(last) - len(trimmed)
            self.parts[-1] = trimmed

    def _flush_break(self) -> None:
        if self.pending_break and self.size:
            self._emit("\n\n")
        self.pending_break = False

    def _break(self) -> None:
        self.pending_break = True

    def _heading_text(self, text: str) -> None:
        self._break()
        self._write(text, False)
        start = self.size - len(text.strip())
        self.headings.append((start, self.size))
        self._break()

    # -- walking

    def _walk(self, el: Element, preformatted: bool) -> None:
        for child in el:
            self._node(child, preformatted)
            if child.tail:
                self._write(child.tail, preformatted)

    def _node(self, el: Element, preformatted: bool) -> None:
        if _is_boilerplate(el) or el.get(NOTE_MARK) is not None or self._is_note_list(el):
            return
        tag = el.tag
        if tag == "br":
            if self.size:
                self._emit("\n")
            return
        if tag in BLOCK_TAGS and self._is_link_list(el):
            return
        if tag == "a":
            self._anchor(el, preformatted)
            return
        if tag == "sup" and self._sup_marker(el):
            return
        if tag in HEADINGS:
            self._heading(el)
            return
        block = tag in BLOCK_TAGS
        if block:
            self._break()
        if el.text:
            self._write(el.text, preformatted or tag == "pre")
        self._walk(el, preformatted or tag == "pre")
        if block:
            self._break()

    def _heading(self, el: Element) -> None:
        text = " ".join(text_of(el).split())
        if text:
            self._heading_text(text)

    def _is_note_list(self, el: Element) -> bool:
        """A list or section whose items are all notes (rendered later, under "Notes")."""
        if el.tag not in ("ol", "ul", "section", "div", "dl") or not self.notes:
            return False
        items = [c for c in el if isinstance(c.tag, str) and c.tag not in HEADINGS and c.tag != "hr"]
        return bool(items) and all(c.get(NOTE_MARK) is not None or self._is_note_list(c) for c in items)

    def _is_link_list(self, el: Element) -> bool:
        """A short block that is mostly links ("Related", "Read more"), says so, or is a
        breadcrumb trail."""
        if next(el.iter("a"), None) is None:
            return False
        length = text_length(el)
        if not length or length > 400:
            return False
        if READ_MORE.match(inner_text(el)) or is_breadcrumb(el, length):
            return True
        if el.tag not in ("ul", "ol", "div", "section", "p"):
            return False
        anchors = [a for a in el.iter("a") if not (a.get("href") or "").startswith("#")]
        linked = sum(text_length(a) for a in anchors)
        return len(anchors) >= 2 and linked >= LINK_DENSE * length

    def _anchor(self, el: Element, preformatted: bool) -> None:
        href = (el.get("href") or "").strip()
        if href.startswith("#") and href[1:] in self.notes:
            self._marker(href[1:], text_of(el))
            return
        self._flush_break()
        start, first_part = self.size, len(self.parts)
        if el.text:
            self._write(el.text, preformatted)
        self._walk(el, preformatted)
        anchor = "".join(self.parts[first_part:])
        stripped = anchor.strip()
        if href and stripped and not href.startswith("#"):
            begin = start + (len(anchor) - len(anchor.lstrip()))
            url = urljoin(self.base, href) if self.base else href
            if is_citation_link(url, stripped) and not self.menu_links.navigation(url):
                self.links.append(Link(begin, begin + len(stripped), url, stripped))

    def _sup_marker(self, el: Element) -> bool:
        """A <sup> wrapping a note link: render its marker."""
        anchors = [a for a in el.iter("a") if (a.get("href") or "").startswith("#")]
        if len(anchors) == 1 and anchors[0].get("href", "")[1:] in self.notes:
            self._marker(anchors[0].get("href", "")[1:], text_of(el))
            return True
        return False

    def _marker(self, note_id: str, shown: str) -> None:
        label = self.labels.setdefault(note_id, _label(shown, len(self.labels) + 1))
        source = self.notes[note_id]
        self.note_text[label] = source.text
        self.note_urls[label] = source.url
        marker = f"[{label}]"
        self._flush_break()
        if shown[:1] != " ":
            self._trim_trailing_spaces()
        start = self.size
        self._emit(marker)
        self.markers.append(Note(start, start + len(marker), label, source.text, source.url))


def is_breadcrumb(el: Element, length: int | None = None) -> bool:
    """A trail of links with only separators between them ("Home > World > Asia > this
    story"): the page's navigation, whatever the block is called. The text before the
    first link must be empty, after the last one blank or a separator and the page's own
    name, and the trail at least three steps long: two links with a slash between them
    in a list item ("Blob/File") are article text."""
    if el.tag in ("li", "td", "th", "dd", "dt") or next(el.iter("a"), None) is None \
            or (text_length(el) if length is None else length) > FURNITURE_MAX_CHARS:
        return False
    pieces = _between_links(el)
    if len(pieces) < 3 or pieces[0].strip():
        return False
    if not all(_is_separator(piece) for piece in pieces[1:-1]):
        return False
    last = pieces[-1].strip()
    if last and last[0] not in BREADCRUMB_SEPARATORS:
        return False
    return len(pieces) - 2 + bool(last) >= 2


def _between_links(el: Element) -> list[str]:
    """The text outside links, one piece before, between and after the links."""
    pieces = [""]

    def visit(node: Element) -> None:
        pieces[-1] += node.text or ""
        for child in node:
            if child.tag == "a":
                pieces.append("")
            elif isinstance(child.tag, str):
                visit(child)
            pieces[-1] += child.tail or ""
    visit(el)
    return pieces


def _is_separator(piece: str) -> bool:
    stripped = piece.strip()
    return bool(stripped) and all(ch in BREADCRUMB_SEPARATORS or ch.isspace() for ch in stripped)


def is_citation_link(url: str, anchor: str) -> bool:
    """Whether a link in the article can cite: not the page's own author, tag, share,
    newsletter or paging furniture (patterns in ``html_patterns.yaml``)."""
    return not (NON_CITATION_LINK.search(url) or NON_CITATION_ANCHOR.fullmatch(anchor.strip()))


def _label(shown: str, position: int) -> str:
    match = re.search(r"\d{1,3}|[ivxlc]{1,6}", shown, re.I)
    return match.group(0) if match else str(position)
