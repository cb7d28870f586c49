"""Notes sections, reference lists and the markers in the body that point at them.

Every reader ends up with plain text; what a report cites often sits at its end, under
"Notes", "References" or "Bibliography", with numbered markers ("[3]", a superscript
3) or author–year citations ("(Khan 2021)") in the body. These helpers find that
apparatus in plain text, whatever the format was, and join markers to entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from loaders.document import Document, Note, Reference

APPARATUS_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?P<word>notes|endnotes|footnotes|references|bibliography|sources|"
    r"works cited|sources and notes|notes and references|further reading)[ \t]*:?[ \t]*$",
    re.I | re.M)
_ENTRY_START = re.compile(
    r"^[ \t]*(?:\[(?P<bracket>\d{1,3})\]|(?P<number>\d{1,3})[.)]?(?=[ \t])|[-*•])[ \t]*", re.M)
URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:]")
_BRACKET_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
_GLUED_MARKER = re.compile(r"(?<=[a-z)\].,;:”\"’%])(\d{1,3})(?=[\s.,;:]|$)")
_AUTHOR_YEAR = re.compile(
    r"\((?P<who>[A-Z][\w'’-]+(?:(?:\s+(?:and|&)\s+|\s+)[A-Z][\w'’-]+){0,4}(?:\s+et\s+al\.?)?),?\s+"
    r"(?P<year>(?:19|20)\d\d)[a-z]?(?:[,:]\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?\)")
MIN_BODY_SHARE = 0.3


def apparatus_start(text: str) -> int | None:
    """Where a trailing notes/references section begins (its heading), if there is one."""
    found = None
    for match in APPARATUS_HEADING.finditer(text):
        if match.start() >= len(text) * MIN_BODY_SHARE:
            found = match.start()
            break
    return found


def reference_entries(text: str, start: int, end: int | None = None) -> list[Reference]:
    """Entries of the list in ``text[start:end]``: numbered, bulleted or one per line.

    A numbered entry runs on over the following lines until the next number, so a
    wrapped entry (as PDF text has them) stays one entry.
    """
    stop = len(text) if end is None else end
    heading_end = text.find("\n", start, stop)
    body_start = stop if heading_end < 0 else heading_end + 1
    starts = [m for m in _ENTRY_START.finditer(text, body_start, stop) if _entry_like(m)]
    if not starts:
        return [_reference(text, s, e, None) for s, e in _unnumbered(text, body_start, stop)]
    entries = []
    for index, match in enumerate(starts):
        entry_end = starts[index + 1].start() if index + 1 < len(starts) else stop
        label = match.group("bracket") or match.group("number")
        entries.append(_reference(text, match.end(), entry_end, label))
    return [e for e in entries if e.text]


def _entry_like(match: re.Match[str]) -> bool:
    return bool(match.group(0).strip())


def _unnumbered(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Entries of an unnumbered list: blocks between blank lines when the list has them,
    else lines; a line that only continues the one before (a URL, lower case) joins it."""
    section = text[start:end]
    separator = r"\n[ \t]*\n" if re.search(r"\S\n[ \t]*\n\S", section) else r"\n"
    spans: list[tuple[int, int]] = []
    position = start
    for piece in re.split(f"({separator})", section):
        piece_start, position = position, position + len(piece)
        if not piece.strip() or re.fullmatch(separator, piece):
            continue
        if spans and re.match(r"\s*(?:https?://|doi:|[a-z])", piece):
            spans[-1] = (spans[-1][0], position)
        else:
            spans.append((piece_start, position))
    return spans


def _reference(text: str, start: int, end: int, label: str | None) -> Reference:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    content = text[start:end]
    url = URL_IN_TEXT.search(content)
    return Reference(start, end, content, label, url.group(0) if url else None)


def note_from_reference(start: int, end: int, label: str, ref: Reference) -> Note:
    """A body marker joined to the reference entry it points at."""
    return Note(start, end, label, ref.text, ref.url, ref.start, ref.end)


def markers_to_references(text: str, body_end: int, references: list[Reference],
                          glued: bool = False,
                          markers: Sequence[tuple[int, int, str]] = ()) -> list[Note]:
    """Body markers ("[3]", "(Khan 2021)", and with ``glued`` a bare "camps.3") joined
    to the numbered or author–year entries they cite. ``markers`` are (start, end, label)
    markers a reader found by their position (a PDF's raised digits)."""
    numbered = {r.label: r for r in references if r.label}
    notes: list[Note] = []
    if numbered:
        for match in _BRACKET_MARKER.finditer(text, 0, body_end):
            for label in re.findall(r"\d+", match.group(1)):
                if label in numbered:
                    notes.append(note_from_reference(match.start(), match.end(), label, numbered[label]))
        for start, end, label in markers:
            if end <= body_end and label in numbered:
                notes.append(note_from_reference(start, end, label, numbered[label]))
        if glued:
            for match in _GLUED_MARKER.finditer(text, 0, body_end):
                if match.group(1) in numbered:
                    notes.append(note_from_reference(match.start(1), match.end(1), match.group(1),
                                                     numbered[match.group(1)]))
    notes += _author_year_notes(text, body_end, references)
    return sorted(notes, key=lambda n: (n.start, n.label))


def _author_year_notes(text: str, body_end: int, references: list[Reference]) -> list[Note]:
    notes = []
    for match in _AUTHOR_YEAR.finditer(text, 0, body_end):
        surname = match.group("who").split()[0].lower()
        year = match.group("year")
        for ref in references:
            if ref.text.lower().startswith(surname) and year in ref.text:
                notes.append(note_from_reference(match.start(), match.end(), match.group(0), ref))
                break
    return notes


def attach_reference_section(doc: Document, glued_markers: bool = False,
                             markers: Sequence[tuple[int, int, str]] = ()) -> None:
    """Find a trailing notes/references section in ``doc.text``; record its entries, mark
    it as apparatus, and join body markers (and the positioned ``markers`` a reader
    found) to its entries (unless already joined)."""
    start = apparatus_start(doc.text)
    if start is None:
        return
    references = [_with_link(r, doc) for r in reference_entries(doc.text, start)]
    if not references:
        return
    doc.apparatus.append((start, len(doc.text)))
    doc.references.extend(references)
    taken = {(n.start, n.end) for n in doc.notes}
    for note in markers_to_references(doc.text, start, references, glued_markers, markers):
        if (note.start, note.end) not in taken:
            doc.notes.append(note)
    doc.notes.sort(key=lambda n: n.start)


def _with_link(ref: Reference, doc: Document) -> Reference:
    """An entry whose URL is only in a hyperlink (HTML, Markdown) gets that URL."""
    if ref.url:
        return ref
    inside = next((link for link in doc.links if ref.start <= link.start < ref.end), None)
    return replace(ref, url=inside.url) if inside else ref


def with_note_span(note: Note, start: int, end: int) -> Note:
    """The note with the position of its own text in the document."""
    return replace(note, note_start=start, note_end=end)


def append_notes_section(doc: Document, note_text: Mapping[str, str]) -> None:
    """Put the text of the notes the body cites at the end of the document, under "Notes".

    Notes are then part of the stored text, so a citation's target can be quoted and
    spanned like any claim. Markers that already point at text of their own are left.
    """
    labels = list(dict.fromkeys(n.label for n in doc.notes
                                if n.note_start is None and n.label in note_text))
    if not labels:
        return
    text = doc.text.rstrip("\n") + "\n\nNotes\n"
    section = len(doc.text.rstrip("\n")) + 2
    spans: dict[str, tuple[int, int]] = {}
    for label in labels:
        prefix = f"[{label}] "
        start = len(text) + len(prefix)
        text += prefix + note_text[label] + "\n"
        spans[label] = (start, start + len(note_text[label]))
    doc.text = text
    doc.headings.append((section, section + len("Notes")))
    doc.apparatus.append((section, len(text)))
    doc.notes = [with_note_span(n, *spans[n.label]) if n.note_start is None and n.label in spans else n
                 for n in doc.notes]
