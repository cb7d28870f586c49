"""Which part of an HTML page is the article: content scoring over the parsed tree.

Paragraph-like blocks are scored by length and commas, their scores flow up to their
ancestors weighted by class and id, and the best block joined with its related
siblings is the article; link-heavy, image-heavy and form-like blocks are then cleaned
out of it. This is Readability's algorithm (the best of the extractors we measured on
real pages; see docs/extraction.md), done on the tree the renderer then walks, so the
renderer still places every link and note marker at its exact offset.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

Element = etree._Element


class _AnyOf:
    """Whether any of a list of patterns is in a string, case-insensitively. Plain words
    are looked up as substrings, which is many times faster than one big alternation on
    the long utility-class strings pages carry; only real patterns go to the regex."""

    def __init__(self, patterns: Iterable[str]):
        listed = list(patterns)
        self.words = tuple(p.lower() for p in listed if re.escape(p) == p.replace("-", "\\-"))
        rest = [p for p in listed if p.lower() not in self.words]
        self.regex = re.compile("|".join(f"(?:{p})" for p in rest), re.I) if rest else None

    def search(self, text: str) -> bool:
        if next(filter(text.lower().__contains__, self.words), None) is not None:
            return True
        return self.regex is not None and self.regex.search(text) is not None


def _any_of(patterns: Iterable[str]) -> _AnyOf:
    return _AnyOf(patterns)


def _load_patterns() -> dict[str, Any]:
    with (Path(__file__).with_name("html_patterns.yaml")).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


PATTERNS = _load_patterns()
UNLIKELY = _any_of(PATTERNS["unlikely"])
MAYBE = _any_of(PATTERNS["maybe"])
POSITIVE = _any_of(PATTERNS["positive"])
NEGATIVE = _any_of(PATTERNS["negative"])
SHARE = re.compile(PATTERNS["share"], re.I)
BYLINE = _any_of(PATTERNS["byline"].split("|"))
AD_OR_LOADING = re.compile(f"{PATTERNS['ad_words']}|{PATTERNS['loading_words']}", re.I)
UNLIKELY_ROLES = frozenset(PATTERNS["unlikely_roles"])
MIN_ARTICLE_CHARS: int = PATTERNS["min_article_chars"]
CJK_CHAR_WEIGHT: int = PATTERNS["cjk_char_weight"]
TOP_CANDIDATES: int = PATTERNS["top_candidates"]
MIN_PARAGRAPH_CHARS: int = PATTERNS["min_paragraph_chars"]
SHARE_MAX_CHARS: int = PATTERNS["share_max_chars"]

TAGS_TO_SCORE = frozenset({"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"})
DIV_TO_P = frozenset({"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
EMPTY_REMOVABLE = HEADINGS | {"div", "section", "header"}
JOINABLE = frozenset({"div", "article", "section", "p"})
PHRASING = frozenset({
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em",
    "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object",
    "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong", "sub",
    "sup", "textarea", "time", "var", "wbr"})
TEXTISH = DIV_TO_P | {"span", "li", "td"}
_BLOCKISH = DIV_TO_P | {"section", "article", "header", "footer", "nav", "aside", "main", "figure", "form",
                        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "dt", "dd", "tr", "td", "tbody"}
# an <aside> is not here: the renderer drops it wherever it is (html.DROP_TAGS), inside the
# chosen article, beside it or in a whole-body fallback; a second copy here hid that one
ALWAYS_CLEANED = ("object", "embed", "footer", "link")
INPUTS_CLEANED = ("iframe", "input", "textarea", "select", "button")
TAG_SCORES = {"div": 5, "pre": 3, "td": 3, "blockquote": 3, "address": -3, "ol": -3, "ul": -3,
              "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3, "h1": -5, "h2": -5, "h3": -5,
              "h4": -5, "h5": -5, "h6": -5, "th": -5}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_COMMAS = re.compile("[\u002c\u060c\ufe50\ufe10\ufe11\u2e41\u2e34\u2e32\uff0c]")
_TOKEN = re.compile(r"\W+")


@dataclass
class Flags:
    """The rules an attempt applies; later attempts drop them one by one."""

    strip_unlikely: bool = True
    weight_classes: bool = True
    clean_conditionally: bool = True


ATTEMPTS = (Flags(), Flags(strip_unlikely=False), Flags(False, False), Flags(False, False, False))


@dataclass
class Article:
    """The article's container (detached from the page) and the byline found in it."""

    container: Element
    text_length: int
    byline: str | None = None

    def weighted_length(self) -> int:
        """The text's length with each CJK character counted ``cjk_char_weight`` times: a
        Japanese or Chinese article says in 300 characters what English says in 900, so
        the plain count would send a whole CJK story on to the retries, which keep the
        sidebars and link tables the first pass cleaned out."""
        if self.text_length >= MIN_ARTICLE_CHARS:
            return self.text_length
        return self.text_length + (CJK_CHAR_WEIGHT - 1) * len(CJK.findall(inner_text(self.container)))


def find_article(body: Element, title: str | None, byline_known: bool,
                 fresh_body: Callable[[], Element] | None = None) -> Article:
    """The article in ``body`` (which is changed); retried with fewer rules when too short,
    each time on a new copy of the page (``fresh_body``, else a copy made beforehand)."""
    backup = copy.deepcopy(body) if fresh_body is None else body
    attempts: list[Article] = []
    for number, flags in enumerate(ATTEMPTS):
        page = body if number == 0 else fresh_body() if fresh_body else copy.deepcopy(backup)
        _prepare(page)
        article = _Grab(flags, title, byline_known).run(page)
        if article.weighted_length() >= MIN_ARTICLE_CHARS:
            return article
        attempts.append(article)
    return max(attempts, key=lambda a: a.weighted_length())


# ------------------------------------------------------------------ tree helpers

_TEXT = etree.XPath("string()", smart_strings=False)
_NORMALISED = etree.XPath("normalize-space(.)", smart_strings=False)
_NORMALISED_LENGTH = etree.XPath("string-length(normalize-space(.))")
_HAS_TEXT = etree.XPath("boolean(normalize-space(.))")


def select(query: etree.XPath, root: Element) -> list[Element]:
    """The elements an XPath query selects, in document order (the walk is in C; lxml
    types the result as any XPath value, so it is narrowed here)."""
    found = query(root)
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


def text_of(el: Element) -> str:
    """All the text in the element, as written."""
    return str(_TEXT(el))


def text_with_breaks(el: Element) -> str:
    """All the text in the element, with each ``<br>`` a line break (a byline's name and
    its date are often only a ``<br>`` apart)."""
    return "".join(_text_parts(el))


def _text_parts(el: Element) -> Iterator[str]:
    if el.text:
        yield el.text
    for child in el:
        if child.tag == "br":
            yield "\n"
        elif isinstance(child.tag, str) and child.tag not in ("script", "style"):
            yield from _text_parts(child)
        if child.tail:
            yield child.tail


def inner_text(el: Element) -> str:
    """The element's text, trimmed, with runs of whitespace made one space (in C)."""
    return str(_NORMALISED(el))


def text_length(el: Element) -> int:
    """The length of :func:`inner_text`, without building the string in Python."""
    length = _NORMALISED_LENGTH(el)
    return int(length) if isinstance(length, float) else 0


def has_text(el: Element) -> bool:
    """Whether the element holds any text that is not whitespace."""
    return bool(_HAS_TEXT(el))


def _children(el: Element) -> list[Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _next_sibling(el: Element) -> Element | None:
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    return nxt


def _next_node(el: Element, skip_children: bool = False) -> Element | None:
    """Depth-first order: first child, else next sibling, else an ancestor's next sibling."""
    if not skip_children:
        for child in el:
            if isinstance(child.tag, str):
                return child
    node: Element | None = el
    while node is not None:
        sibling = _next_sibling(node)
        if sibling is not None:
            return sibling
        node = node.getparent()
    return None


def _remove(el: Element) -> None:
    """Remove an element and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        _append_text(parent, el.getprevious(), el.tail)
    parent.remove(el)


def unwrap(el: Element) -> None:
    """Replace an element by its content (text and children stay where they were)."""
    parent = el.getparent()
    if parent is None:
        return
    children = list(el)
    leading, tail = el.text or "", el.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    else:
        leading += tail
    if leading:
        _append_text(parent, el.getprevious(), leading)
    index = parent.index(el)
    parent.remove(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def _append_text(parent: Element, previous: Element | None, text: str) -> None:
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _ancestors(el: Element, limit: int = 0) -> list[Element]:
    """Ancestors up to the body (never ``<html>``), nearest first."""
    found: list[Element] = []
    parent = el.getparent()
    while parent is not None and parent.tag != "html":
        found.append(parent)
        if parent.tag == "body" or (limit and len(found) == limit):
            break
        parent = parent.getparent()
    return found


def _has_ancestor(el: Element, tag: str, max_depth: int = 3,
                  table_set: set[Element] | None = None) -> bool:
    depth, parent = 0, el.getparent()
    while parent is not None:
        if 0 < max_depth < depth:
            return False
        if parent.tag == tag and (table_set is None or parent in table_set):
            return True
        parent, depth = parent.getparent(), depth + 1
    return False


def _is_phrasing(el: Element) -> bool:
    if el.tag in PHRASING:
        return True
    return el.tag in ("a", "del", "ins") and all(_is_phrasing(c) for c in _children(el))


def _match_string(el: Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _is_visible(el: Element) -> bool:
    style = el.get("style")
    if style:
        style = style.replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return False
    if el.get("hidden") is not None:
        return False
    hidden = el.get("aria-hidden")
    return not hidden or hidden.lower() != "true" or "fallback-image" in (el.get("class") or "")


def _without_content(el: Element) -> bool:
    if any(isinstance(c.tag, str) and c.tag not in ("br", "hr") for c in el):
        return False
    return not has_text(el)


def _has_block_child(el: Element) -> bool:
    return next(el.iterdescendants(*DIV_TO_P), None) is not None


def _single_child(el: Element, tag: str) -> bool:
    children = _children(el)
    if len(children) != 1 or children[0].tag != tag or not _blank(el.text):
        return False
    return all(_blank(c.tail) for c in el)


def link_density(el: Element, length: int | None = None) -> float:
    """The share of the element's text that sits in links (in-page links count 0.3)."""
    total = text_length(el) if length is None else length
    if not total:
        return 0.0
    linked = 0.0
    for anchor in el.iter("a"):
        href = anchor.get("href") or ""
        linked += text_length(anchor) * (0.3 if href.startswith("#") and len(href) > 1 else 1.0)
    return linked / total


def similarity(a: str, b: str) -> float:
    """How much of ``b``'s wording is also in ``a`` (1 = all of it)."""
    tokens_a = [t for t in _TOKEN.split(a.lower()) if t]
    tokens_b = [t for t in _TOKEN.split(b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    known = set(tokens_a)
    unique = [t for t in tokens_b if t not in known]
    return 1 - len(" ".join(unique)) / len(" ".join(tokens_b))


@lru_cache(maxsize=4096)
def _unlikely(match: str) -> bool:
    """Class and id words of blocks that are never the article (pages repeat them, hence the cache)."""
    return UNLIKELY.search(match) and not MAYBE.search(match)


@lru_cache(maxsize=4096)
def bylinish(match: str) -> bool:
    """Whether a "class id" string marks a byline (``byline``, ``author``, ...)."""
    return BYLINE.search(match)


def _region_pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile("(?:[a-z0-9]+[-_])?(?:{})(?:[-_](?:{}))?".format(
        "|".join(words), "|".join(PATTERNS["furniture_suffixes"])), re.I)


_COMMENT_REGION = _region_pattern(PATTERNS["byline_in_comments"])
_OTHER_REGION = _region_pattern(PATTERNS["byline_elsewhere"])


def in_other_region(el: Element) -> bool:
    """Whether the element sits in readers' comments anywhere, or outside the page's
    ``<article>`` in a sidebar, footer, menu or related-story block: their bylines are
    not the article's. An aside inside the article is its own (an "about the author"
    box). Class and id tokens are matched whole, with one prefix and suffix ("post-
    comments", "sidebar-widget"): a page's "content-with-sidebar-wrp" holds the article."""
    ancestors = list(el.iterancestors())
    inside_article = any(ancestor.tag == "article" for ancestor in ancestors)
    for ancestor in ancestors:
        marker = _match_string(ancestor)
        if marker != " " and _region(marker, _COMMENT_REGION):
            return True
        if not inside_article and (ancestor.tag in ("footer", "aside", "nav")
                                   or (marker != " " and _region(marker, _OTHER_REGION))):
            return True
    return False


@lru_cache(maxsize=4096)
def _region(marker: str, pattern: re.Pattern[str]) -> bool:
    return any(pattern.fullmatch(token) for token in marker.split())


@lru_cache(maxsize=4096)
def _weight(value: str) -> int:
    return (25 if POSITIVE.search(value) else 0) - (25 if NEGATIVE.search(value) else 0)


# ------------------------------------------------------------------ preparing the page

def _prepare(body: Element) -> None:
    """Drop scripts, styles and comments; turn <br><br> runs into paragraphs and <font> into <span>."""
    etree.strip_elements(body, "script", "noscript", "style", "template", etree.Comment,
                         etree.ProcessingInstruction, with_tail=False)
    for br in list(body.iter("br")):
        if br.getparent() is not None:
            _replace_br_chain(br)
    for font in body.iter("font"):
        font.tag = "span"


def _replace_br_chain(br: Element) -> None:
    """Two or more <br> in a row end a paragraph: what follows becomes a <p>."""
    replaced = False
    parent, nxt = br.getparent(), br.getnext()
    if parent is None:
        return
    while _blank(br.tail) and nxt is not None and nxt.tag == "br":
        replaced = True
        br.tail = (br.tail or "") + (nxt.tail or "")
        parent.remove(nxt)
        nxt = br.getnext()
    if not replaced:
        return
    p = br.makeelement("p", {})
    p.text, p.tail = br.tail, None
    parent.replace(br, p)
    sibling = p.getnext()
    while sibling is not None:
        if sibling.tag == "br" and _blank(sibling.tail) and _is_br(sibling.getnext()):
            break
        if not isinstance(sibling.tag, str) or not _is_phrasing(sibling):
            break
        following = sibling.getnext()
        p.append(sibling)
        sibling = following
    _trim_trailing_whitespace(p)
    if parent.tag == "p":
        parent.tag = "div"


def _is_br(el: Element | None) -> bool:
    return el is not None and el.tag == "br"


def _trim_trailing_whitespace(p: Element) -> None:
    while len(p) and _blank(p[-1].tail):
        if p[-1].tag != "br":
            p[-1].tail = None
            return
        p.remove(p[-1])
    if not len(p) and _blank(p.text):
        p.text = None


def _wrap_phrasing(div: Element) -> None:
    """Put runs of inline content that sit beside blocks in a <div> into paragraphs."""
    if _blank(div.text) and all(c.tag in _BLOCKISH and _blank(c.tail) for c in div):
        return  # only blocks inside: nothing to wrap
    p: Element | None = None
    if not _blank(div.text):
        p = div.makeelement("p", {})
        p.text, div.text = div.text, None
        div.insert(0, p)
    for child in list(div):
        if child is p:
            continue
        if isinstance(child.tag, str) and _is_phrasing(child):
            if p is not None:
                p.append(child)
            elif child.tag != "br":
                p = div.makeelement("p", {})
                child.addprevious(p)
                p.append(child)
            elif not _blank(child.tail):
                p = div.makeelement("p", {})
                p.text, child.tail = child.tail, None
                child.addnext(p)
            continue
        if p is not None:
            _trim_trailing_whitespace(p)
            p = None
        if not _blank(child.tail):
            p = div.makeelement("p", {})
            p.text, child.tail = child.tail, None
            child.addnext(p)


def _div_to_paragraph(div: Element) -> None:
    """A <div> used as a paragraph becomes one; a <div> around a single <p> becomes that <p>
    (keeping the <div>'s class and id, which the walk still has to judge it by)."""
    _wrap_phrasing(div)
    only = div[0] if len(div) == 1 else None
    if only is not None and only.tag == "p" and _blank(div.text) and _blank(only.tail) \
            and link_density(div) < 0.25:
        unwrap(only)
        div.tag = "p"
    elif not _has_block_child(div):
        div.tag = "p"


# ------------------------------------------------------------------ one attempt

class _Grab:
    """One pass of choosing and cleaning the article under a set of rules."""

    def __init__(self, flags: Flags, title: str | None, byline_known: bool):
        self.flags = flags
        self.title = title
        self.byline: str | None = None
        self.byline_known = byline_known
        self.scores: dict[Element, float] = {}
        self.link_lengths: dict[Element, float] = {}
        self.data_tables: set[Element] = set()

    def run(self, body: Element) -> Article:
        to_score = self._walk(body)
        self._score(to_score)
        top = self._top_candidate(body)
        container = self._join_siblings(top)
        self._clean(container)
        return Article(container, text_length(container), self.byline)

    # -- the walk: drop what cannot be the article, make paragraphs of bare text

    def _walk(self, body: Element) -> list[Element]:
        """One pass in document order, as Readability's walk: a <div> is made a paragraph
        when it is reached (so the rules below judge what it became), then a node that
        cannot be the article is noted for dropping and its subtree skipped in C
        (``skip_subtree``), so nothing inside a dropped block is converted or judged. The
        drops are made at the end; no decision looks back, so the result is the same."""
        to_score: list[Element] = []
        dropped: list[Element] = []
        title_removed = not self.title
        walker = etree.iterwalk(body, events=("start",))
        for _, node in walker:
            tag = node.tag
            if tag == "div":
                _div_to_paragraph(node)
                tag = node.tag
            title = not title_removed and (tag == "h1" or tag == "h2") and self._duplicates_title(node)
            if title or (node.attrib and self._drop(node)) \
                    or (tag in EMPTY_REMOVABLE and _without_content(node)):
                title_removed = title_removed or title
                dropped.append(node)
                walker.skip_subtree()
                continue
            if tag in TAGS_TO_SCORE:
                to_score.append(node)
        for node in dropped:
            _remove(node)
        return to_score

    def _drop(self, node: Element) -> bool:
        """Hidden elements, dialogs, the byline and (first pass) unlikely blocks go."""
        if not _is_visible(node):
            return True
        role = (node.get("role") or "").lower()
        if role == "dialog" and node.get("aria-modal") == "true":
            return True
        match = _match_string(node)
        if self._is_byline(node, match):
            return True
        if not self.flags.strip_unlikely or node.tag in ("body", "a"):
            return False
        if match != " " and _unlikely(match) and not _has_ancestor(node, "table") \
                and not _has_ancestor(node, "code"):
            return True
        return role in UNLIKELY_ROLES

    def _is_byline(self, node: Element, match: str) -> bool:
        if self.byline or self.byline_known:
            return False
        marked = node.get("rel") == "author" or "author" in (node.get("itemprop") or "") \
            or (match != " " and bylinish(match))
        if not marked or in_other_region(node):
            return False
        text = text_with_breaks(node).strip()
        if text and len(text) < 100:  # its lines kept: the name, the desk and the date apart
            self.byline = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
            return True
        return False

    def _duplicates_title(self, node: Element) -> bool:
        if node.tag not in ("h1", "h2") or not self.title:
            return False
        return similarity(self.title, text_of(node).strip()) > 0.75

    # -- scoring

    def _link_density(self, el: Element, length: int | None = None) -> float:
        """:func:`link_density`, with each link's length measured once per attempt."""
        total = text_length(el) if length is None else length
        if not total:
            return 0.0
        linked = 0.0
        for anchor in el.iter("a"):
            known = self.link_lengths.get(anchor)
            if known is None:
                href = anchor.get("href") or ""
                known = text_length(anchor) * (0.3 if href.startswith("#") and len(href) > 1 else 1.0)
                self.link_lengths[anchor] = known
            linked += known
        return linked / total

    def _initial_score(self, el: Element) -> float:
        return TAG_SCORES.get(el.tag, 0) + self._class_weight(el)

    def _class_weight(self, el: Element) -> int:
        if not self.flags.weight_classes:
            return 0
        return sum(_weight(value) for value in (el.get("class"), el.get("id")) if value)

    def _score(self, to_score: list[Element]) -> None:
        for el in to_score:
            parent = el.getparent()
            if parent is None:
                continue
            text = inner_text(el)
            if len(text) < MIN_PARAGRAPH_CHARS:
                continue
            ancestors = _ancestors(el, 5)
            if not ancestors or _has_ancestor(el, "aside", max_depth=0):
                continue  # an aside is never the article, whatever its class says ("story-body")
            commas = text.count(",") if text.isascii() else len(_COMMAS.findall(text))
            score = 2 + commas + min(len(text) // 100, 3)
            for level, ancestor in enumerate(ancestors):
                if ancestor not in self.scores:
                    self.scores[ancestor] = self._initial_score(ancestor)
                divider = 1 if level == 0 else 2 if level == 1 else level * 3
                self.scores[ancestor] += score / divider

    def _top_candidate(self, body: Element) -> Element:
        for candidate in self.scores:
            self.scores[candidate] *= 1 - self._link_density(candidate)
        ranked = sorted(self.scores, key=lambda c: -self.scores[c])[:TOP_CANDIDATES]
        if not ranked or ranked[0].tag == "body":
            return self._whole_body(body)
        top = self._common_ancestor(ranked)
        top = self._better_parent(top)
        parent = top.getparent()
        while parent is not None and parent.tag != "body" and len(_children(parent)) == 1:
            top, parent = parent, parent.getparent()
        self.scores.setdefault(top, self._initial_score(top))
        return top

    def _whole_body(self, body: Element) -> Element:
        """No candidate: all of the body, moved into one block."""
        div = body.makeelement("div", {})
        div.text, body.text = body.text, None
        for child in list(body):
            div.append(child)
        body.append(div)
        self.scores[div] = self._initial_score(div)
        return div

    def _common_ancestor(self, ranked: list[Element]) -> Element:
        """When three close runners-up share an ancestor with the top, that ancestor is the article."""
        top = ranked[0]
        best = max(self.scores[top], 1e-9)
        close = [set(_ancestors(c)) for c in ranked[1:] if self.scores[c] / best >= 0.75]
        if len(close) < 3:
            return top
        parent = top.getparent()
        while parent is not None and parent.tag != "body":
            if sum(parent in ancestors for ancestors in close) >= 3:
                self.scores.setdefault(parent, self._initial_score(parent))
                return parent
            parent = parent.getparent()
        return top

    def _better_parent(self, top: Element) -> Element:
        """A parent scoring higher than the top candidate holds more of the article."""
        last = self.scores.setdefault(top, self._initial_score(top))
        threshold = last / 3
        parent = top.getparent()
        while parent is not None and parent.tag != "body":
            if parent not in self.scores:
                parent = parent.getparent()
                continue
            score = self.scores[parent]
            if score < threshold:
                break
            if score > last:
                return parent
            last, parent = score, parent.getparent()
        return top

    def _join_siblings(self, top: Element) -> Element:
        """The top candidate with the siblings that look like more of the same article."""
        container = top.makeelement("div", {})
        parent = top.getparent()
        if parent is None:
            container.append(top)
            return container
        top_score = self.scores[top]
        threshold = max(10.0, top_score * 0.2)
        top_class = top.get("class") or ""
        for sibling in _children(parent):
            if sibling is not top and sibling.tag in ALWAYS_CLEANED:
                continue  # a footer beside the article is never more of it, whatever its class
            if sibling is top or self._related(sibling, top_class, top_score, threshold):
                if sibling.tag not in JOINABLE:
                    sibling.tag = "div"
                container.append(sibling)
        return container

    def _related(self, sibling: Element, top_class: str, top_score: float, threshold: float) -> bool:
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0.0
        if sibling in self.scores and self.scores[sibling] + bonus >= threshold:
            return True
        if sibling.tag != "p":
            return False
        text = inner_text(sibling)
        density = self._link_density(sibling, len(text))
        if len(text) > 80:
            return density < 0.25
        return len(text) > 0 and density == 0 and re.search(r"\.( |$)", text) is not None

    # -- cleaning the chosen article

    def _clean(self, article: Element) -> None:
        self._mark_data_tables(article)
        self._clean_conditionally(article, "form")
        self._clean_conditionally(article, "fieldset")
        _remove_all(article, ALWAYS_CLEANED)
        for child in _children(article):
            for node in list(child.iterdescendants()):
                if isinstance(node.tag, str) and SHARE.search(_match_string(node)) \
                        and len(text_of(node)) < SHARE_MAX_CHARS:
                    _remove(node)
        _remove_all(article, INPUTS_CLEANED)
        for heading in list(article.iter("h1", "h2")):
            if self._class_weight(heading) < 0:
                _remove(heading)
        for tag in ("table", "ul", "div"):
            self._clean_conditionally(article, tag)
        for p in list(article.iter("p")):
            if not has_text(p) and next(p.iter("img", "embed", "object", "iframe"), None) is None:
                _remove(p)

    def _mark_data_tables(self, article: Element) -> None:
        for table in article.iter("table"):
            if _is_data_table(table):
                self.data_tables.add(table)

    def _clean_conditionally(self, article: Element, tag: str) -> None:
        """Remove blocks of ``tag`` that look like furniture (few commas and much else)."""
        if not self.flags.clean_conditionally:
            return
        for node in reversed(list(article.iter(tag))):
            if node is not article and node.getparent() is not None and self._fishy(node, tag):
                _remove(node)

    def _fishy(self, node: Element, tag: str) -> bool:
        text = inner_text(node)
        is_list = tag in ("ul", "ol") or _list_share(node, len(text)) > 0.9
        if tag == "table" and node in self.data_tables:
            return False
        if _has_ancestor(node, "table", -1, self.data_tables):
            return False
        if _has_ancestor(node, "code") or any(t in self.data_tables for t in node.iter("table")):
            return False
        weight = self._class_weight(node)
        if weight < 0:
            return True
        if text.count(",") >= 10:
            return False
        return self._looks_like_furniture(node, text, weight, is_list)

    def _looks_like_furniture(self, node: Element, text: str, weight: int, is_list: bool) -> bool:
        counts = _counts(node)
        paragraphs, images = counts["p"], counts["img"]
        embeds = counts["object"] + counts["embed"] + counts["iframe"]
        if AD_OR_LOADING.search(text):
            return True
        density = self._link_density(node, len(text))
        figure_child = _has_ancestor(node, "figure")
        bad = ((not figure_child and images > 1 and paragraphs / images < 0.5)
               or (not is_list and counts["li"] - 100 > paragraphs)
               or counts["input"] > paragraphs // 3
               or (not is_list and not figure_child and len(text) < 25 and (images == 0 or images > 2)
                   and density > 0 and _heading_share(node, len(text)) < 0.9)
               or (not is_list and weight < 25 and density > 0.2)
               or (weight >= 25 and density > 0.5)
               or (embeds == 1 and len(text) < 75) or embeds > 1
               or (images == 0 and not _has_textish_text(node)))
        if is_list and bad:
            children = _children(node)
            if all(len(_children(c)) <= 1 for c in children) and images == counts["li"]:
                return False
        return bad


def _remove_all(article: Element, tags: tuple[str, ...]) -> None:
    for node in list(article.iter(*tags)):
        _remove(node)


def _counts(node: Element) -> dict[str, int]:
    counts = dict.fromkeys(("p", "img", "li", "input", "object", "embed", "iframe"), 0)
    for el in node.iter(*counts):
        if el is not node:
            counts[el.tag] += 1
    return counts


def _list_share(node: Element, length: int) -> float:
    if not length:
        return 0.0
    return sum(text_length(lst) for lst in _descendants(node, ("ul", "ol"))) / length


def _heading_share(node: Element, length: int) -> float:
    if not length:
        return 0.0
    return sum(text_length(h) for h in _descendants(node, tuple(HEADINGS))) / length


def _has_textish_text(node: Element) -> bool:
    return any(has_text(el) for el in node.iterdescendants(*TEXTISH))


def _descendants(node: Element, tags: tuple[str, ...]) -> Iterator[Element]:
    return (el for el in node.iter(*tags) if el is not node)


def _is_data_table(table: Element) -> bool:
    """A table of data rather than of layout (the accessibility heuristics browsers use)."""
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary"):
        return True
    caption = table.find(".//caption")
    if caption is not None and (caption.text or len(caption)):
        return True
    if next(table.iter("col", "colgroup", "tfoot", "thead", "th"), None) is not None:
        return True
    if any(t is not table for t in table.iter("table")):
        return False
    rows, columns = _table_size(table)
    if columns == 1 or rows == 1:
        return False
    return rows >= 10 or columns > 4 or rows * columns > 10


def _table_size(table: Element) -> tuple[int, int]:
    rows = columns = 0
    for tr in table.iter("tr"):
        rows += _span(tr.get("rowspan"))
        columns = max(columns, sum(_span(td.get("colspan")) for td in tr.iter("td")))
    return rows, columns


def _span(value: str | None) -> int:
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1
