"""Organisations that no gazetteer knows but the text clearly names.

A run of capitalised words ending in an organisational head noun ("the Khorasan
Research Institute", "Northern Alliance Front"), optionally continued by "of"/"for"
and more capitalised words ("Example Institute for Security Studies", "Ministry of
Foreign Affairs"), is kept as a provisional entity marked unresolved, so nothing the
report names is silently dropped.
"""

from __future__ import annotations

import re

from loaders.extract.words import WordIndex

HEAD_NOUNS = (
    "Institute", "Institution", "Centre", "Center", "Council", "Committee", "Ministry",
    "Army", "Front", "Brigade", "Brigades", "Battalion", "Movement", "Party", "Forces",
    "Force", "Network", "Organisation", "Organization", "Agency", "Foundation", "Group",
    "Militia", "Corps", "Commission", "Office", "Directorate", "Watch",
    "Times", "Post", "News", "Herald", "Tribune", "Journal", "Review", "Monitor", "Service",
    "Bureau", "Department", "Mission", "Embassy", "Coalition", "Alliance", "Federation",
    "University", "Project", "Initiative", "Programme", "Program", "Daily", "Gazette",
    "Observatory", "Authority", "Association", "Society", "Union", "Wire", "Desk",
)
_CAP = r"[A-Z][\w'’&.-]*"
_LINK = r"(?:\s+(?:of|for|on|the|al|al-)\s+|\s+)"
_TAIL = rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|&\s+)?{_CAP}){{0,4}})?"
PROVISIONAL = re.compile(
    rf"(?<![\w])(?:[Tt]he\s+)?(?P<name>(?:{_CAP}{_LINK}){{0,6}}(?:{'|'.join(HEAD_NOUNS)}){_TAIL})(?![\w])")
_POSSESSIVE_END = re.compile(r"(?:['’]s?|\.)$")


HEADS = _HEADS = frozenset(HEAD_NOUNS)
LOOK_BACK = 160


def provisional_organisations(text: str, start: int, end: int, words: WordIndex | None = None,
                              known: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:  # type: ignore[assignment]
    """(start, end, name) of capitalised organisation-like names in ``text[start:end]``;
    the pattern runs only around head nouns that no ``known`` organisation name covers."""
    index = words or WordIndex(text)
    heads = [i for i in index.find(_HEADS, start, end, exact=True)
             if not any(s <= index.starts[i] < e for s, e in known)]
    if not heads:
        return []
    scan_from = max(start, index.starts[heads[0]] - LOOK_BACK)
    found = []
    for match in PROVISIONAL.finditer(text, scan_from, end):
        name = _POSSESSIVE_END.sub("", match.group("name").strip())
        if len(name.split()) < 2:
            continue
        begin = match.start("name")
        found.append((begin, begin + len(name), name))
    return found
