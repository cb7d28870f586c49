"""Plain text and Markdown, with optional YAML front matter.

Markdown is rendered to plain text as it is read (link syntax, emphasis markers and
heading hashes dropped) while every link, heading and footnote marker keeps its
position in that plain text, which is the text the store keeps and spans point into.
Footnote definitions are gathered into a "Notes" section at the end of the text, so
each note can be checked where the store keeps it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from loaders.document import Document, Link, Note
from loaders.errors import LoadError
from loaders.readers.notes import URL_IN_TEXT, append_notes_section, attach_reference_section
from loaders.source import RawSource

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 20x faster
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
LIMITS: dict[str, Any] = yaml.safe_load((Path(__file__).with_name("front_matter.yaml")).read_text("utf-8"))
FIELDS = ("title", "publisher", "published", "modified", "url", "doi", "kind", "republished_from")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.+)$", re.M)
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]^][^\]]*)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[\"'(].*)?$", re.M)
_INLINE = re.compile(  # the lookahead skips, at C speed, every position no token can start at
    r"(?=[!\[<#*_])"
    r"(?:(?P<image>!\[(?P<alt>[^\]\n]*)\]\([^)\s]+(?:\s+\"[^\"]*\")?\))"
    r"|(?P<link>\[(?P<anchor>[^\]\n]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<ref>\[(?P<ref_anchor>[^\]\n]+)\]\[(?P<ref_key>[^\]\n]*)\])"
    r"|(?P<note>\[\^(?P<note_key>[^\]\s]+)\])"
    r"|(?P<auto><(?P<auto_url>https?://[^>\s]+)>)"
    r"|(?P<heading>^\#{1,6}[ \t]+)"
    r"|(?P<strong>\*\*|__))",
    re.M,
)
_URL_IN_TEXT = URL_IN_TEXT
_PLAIN_HEADING = re.compile(r"^[ \t]*(?P<line>[A-Z0-9][^\n]{0,100}?)[ \t]*$", re.M)
MAX_HEADING_WORDS = 12


def split_front_matter(source: RawSource, text: str) -> tuple[dict[str, Any], str]:
    """Separate YAML front matter (a mapping) from the body.

    Front matter is untrusted: it is bounded in size, nesting and node count, and YAML
    aliases are refused before anything is built, so a few hundred bytes cannot expand
    into gigabytes ("billion laughs").
    """
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    block = match.group(1)
    if len(block) > LIMITS["max_chars"]:
        raise LoadError(source.name, f"front matter is {len(block):,} characters; "
                                     f"the limit is {LIMITS['max_chars']:,}")
    _check_yaml_shape(source, block)
    try:
        meta = yaml.load(block, Loader=_YAML_LOADER) or {}  # noqa: S506  (a safe loader)
    except yaml.YAMLError as exc:
        raise LoadError(source.name, f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict):
        raise LoadError(source.name, "front matter must be a mapping of fields")
    return meta, text[match.end():]


def _check_yaml_shape(source: RawSource, block: str) -> None:
    """Walk the YAML events (nothing is constructed): no aliases, bounded depth and size."""
    depth = nodes = 0
    try:
        for event in yaml.parse(block, Loader=_YAML_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise LoadError(source.name, "front matter uses a YAML alias (*name); "
                                             "aliases are not accepted")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if depth > LIMITS["max_depth"] or nodes > LIMITS["max_nodes"]:
                raise LoadError(source.name, f"front matter is nested deeper than "
                                             f"{LIMITS['max_depth']} or has more than "
                                             f"{LIMITS['max_nodes']} values")
    except yaml.YAMLError as exc:
        raise LoadError(source.name, f"front matter is not valid YAML ({exc.__class__.__name__})") from exc


def _as_text(source: RawSource, name: str, value: Any) -> str | None:
    """A scalar field as text, refused when it is a list or mapping or over its size."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if not isinstance(value, (str, int, float)):
        raise LoadError(source.name, f"front matter field {name!r} must be text, "
                                     f"not a {_yaml_kind(value)}")
    text = str(value).strip()
    limit = LIMITS["field_chars"][name]
    if len(text) > limit:
        raise LoadError(source.name, f"front matter field {name!r} is {len(text):,} characters; "
                                     f"the limit is {limit:,}")
    return text or None


def _yaml_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else type(value).__name__


def _authors(source: RawSource, value: Any) -> list[str]:
    """Authors from a list or a comma/"and" separated string, each one bounded."""
    if value is None:
        return []
    names = re.split(r",| and ", value) if isinstance(value, str) else value
    if not isinstance(names, list):
        names = [value]
    if len(names) > LIMITS["max_authors"]:
        raise LoadError(source.name, f"front matter lists {len(names):,} authors; "
                                     f"the limit is {LIMITS['max_authors']}")
    found = (_as_text(source, "author", name) for name in names)
    return [name for name in found if name]


def _document(source: RawSource, fmt: str, meta: dict[str, Any], text: str) -> Document:
    doc = Document(text=text, source_name=source.name, format=fmt)
    for name in FIELDS:
        setattr(doc, name, _as_text(source, name, meta.get(name)))
    doc.authors = _authors(source, meta.get("authors", meta.get("author")))
    if doc.published and not _is_date(doc.published):
        doc.warnings.append(f"published date {doc.published!r} is not ISO-8601; ignored")
        doc.published = None
    return doc


def _is_date(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _title_from_first_line(doc: Document) -> None:
    """Use a short first line without a full stop as the title, when none was given."""
    first = doc.text.lstrip("\n").split("\n", 1)[0].strip()
    if not doc.title and first and len(first) <= 200 and not first.endswith((".", "?", "!")):
        doc.title = first.lstrip("# ").strip()


def read_plain_text(source: RawSource, text: str) -> Document:
    """Plain text: front matter, a first-line title, headings, bare URLs as links."""
    meta, body = split_front_matter(source, text)
    doc = _document(source, "text", meta, body)
    _title_from_first_line(doc)
    doc.links = [Link(m.start(), m.end(), m.group(0), m.group(0))
                 for m in _URL_IN_TEXT.finditer(body)]
    doc.headings = plain_headings(body)
    attach_reference_section(doc)
    return doc


def plain_headings(text: str) -> list[tuple[int, int]]:
    """Lines that read as headings: short, capitalised, without a closing full stop,
    standing alone between blank lines or at the top of the text."""
    found = []
    for match in _PLAIN_HEADING.finditer(text):
        line = match.group("line")
        words = line.split()
        if len(words) > MAX_HEADING_WORDS or line.endswith((".", ",", ";", ":", "?", "!", '"', "”")):
            continue
        after = text[match.end():match.end() + 2]
        alone = _blank_line_before(text, match.start()) and (after.startswith("\n\n") or not after.strip())
        capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) >= len(words) * 0.6
        if alone and capitalised:
            found.append((match.start("line"), match.end("line")))
    return found


def _blank_line_before(text: str, start: int) -> bool:
    """The line at ``start`` opens the text or follows a blank line (looking back only over
    spaces and tabs: copying the text before every candidate made a 20 MB file quadratic)."""
    at = start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at == 0 or text[max(0, at - 2):at] == "\n\n"


def read_markdown(source: RawSource, text: str) -> Document:
    """Markdown: rendered to plain text with links, headings and footnote markers located."""
    meta, body = split_front_matter(source, text)
    notes_by_key = {m.group(1): m.group(2).strip() for m in _FOOTNOTE_DEF.finditer(body)}
    refs = {m.group(1).lower(): m.group(2) for m in _REF_DEF.finditer(body)}
    body = _REF_DEF.sub("", _FOOTNOTE_DEF.sub("", body)).rstrip() + "\n"
    plain, links, notes, headings = _render(body, refs, notes_by_key)
    doc = _document(source, "markdown", meta, plain)
    _title_from_first_line(doc)
    doc.links, doc.notes, doc.headings = links, notes, headings
    attach_reference_section(doc)
    append_notes_section(doc, notes_by_key)
    return doc


def _render(body: str, refs: dict[str, str], notes_by_key: dict[str, str]
            ) -> tuple[str, list[Link], list[Note], list[tuple[int, int]]]:
    out: list[str] = []
    size = 0
    links: list[Link] = []
    notes: list[Note] = []
    heading_starts: list[int] = []
    last = 0
    for match in _INLINE.finditer(body):
        chunk = body[last:match.start()]
        out.append(chunk)
        size += len(chunk)
        last = match.end()
        if match.group("heading"):
            heading_starts.append(size)
        shown, link, note = _render_token(match, refs, notes_by_key, size)
        out.append(shown)
        size += len(shown)
        if link:
            links.append(link)
        if note:
            notes.append(note)
    out.append(body[last:])
    plain = "".join(out)
    headings = [(s, _line_end(plain, s)) for s in heading_starts if _line_end(plain, s) > s]
    return plain, links, notes, headings


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _render_token(match: re.Match[str], refs: dict[str, str], notes_by_key: dict[str, str],
                  at: int) -> tuple[str, Link | None, Note | None]:
    """What one Markdown token shows in the plain text, and the link or note it makes."""
    if match.group("image"):
        return match.group("alt"), None, None
    if match.group("link"):
        anchor = match.group("anchor")
        return anchor, Link(at, at + len(anchor), match.group("url"), anchor), None
    if match.group("ref"):
        anchor = match.group("ref_anchor")
        url = refs.get((match.group("ref_key") or anchor).lower())
        return anchor, (Link(at, at + len(anchor), url, anchor) if url else None), None
    if match.group("note"):
        key = match.group("note_key")
        shown = f"[{key}]"
        content = notes_by_key.get(key, "")
        found = _URL_IN_TEXT.search(content)
        note = Note(at, at + len(shown), key, content, found.group(0) if found else None)
        return shown, None, note
    if match.group("auto"):
        url = match.group("auto_url")
        return url, Link(at, at + len(url), url, url), None
    return "", None, None
