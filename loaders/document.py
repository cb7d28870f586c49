"""What a reader produces: the report's clean text plus metadata and located links.

Every position here is a character offset into ``Document.text``, the text the store
keeps; extraction and provenance work on these offsets only, whatever the format was.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A hyperlink in the body: the anchor text's span and the target URL."""

    start: int
    end: int
    url: str
    anchor: str


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: the marker's span in the body and the note's content."""

    start: int
    end: int
    label: str
    text: str
    url: str | None = None


@dataclass
class Document:
    """A report read from one file, ready for extraction."""

    text: str
    source_name: str
    format: str
    title: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    url: str | None = None
    doi: str | None = None
    kind: str | None = None
    republished_from: str | None = None
    links: list[Link] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
