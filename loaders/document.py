"""What a reader produces: the report's clean text plus metadata and located links.

Every position here is a character offset into ``Document.text``, the text the store
keeps; extraction and provenance work on these offsets only, whatever the format was.
Notes sections and reference lists stay in the text (so a reader can check them) but
are listed in ``apparatus`` so that they are not read as claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.extract.boilerplate import choose_title


@dataclass(frozen=True)
class Link:
    """A hyperlink in the body: the anchor text's span and the target URL."""

    start: int
    end: int
    url: str
    anchor: str


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: the marker's span in the body and the note's content.

    ``note_start``/``note_end`` locate the note's own text when the reader kept it in
    the document (a notes section at the end); ``url`` is the first link in the note.
    """

    start: int
    end: int
    label: str
    text: str
    url: str | None = None
    note_start: int | None = None
    note_end: int | None = None


@dataclass(frozen=True)
class Reference:
    """An entry of a reference list or bibliography, kept in the text."""

    start: int
    end: int
    text: str
    label: str | None = None
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
    references: list[Reference] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    apparatus: list[tuple[int, int]] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (start, end, printed): text[start:end] was printed as ``printed`` (a ligature, a word
    # broken at a line-end hyphen), so a quote can be mapped back to the page.
    printed: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title = self.title   # the reader's first title goes through the same choice

    def __setattr__(self, name: str, value: object) -> None:
        """Every title a reader or a manifest gives is chosen once, here: a masthead
        line or a placeholder ("S Security Council", "<<") is not taken."""
        if name == "title" and "warnings" in self.__dict__:
            value = choose_title(value if isinstance(value, str) else None, self.text, self.warnings)
        super().__setattr__(name, value)
