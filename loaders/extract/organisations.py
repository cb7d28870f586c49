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
    "Observatory", "Authority", "Association", "Society", "Union", "Wire", "Desk", "Lab",
    "Laboratory", "Radio", "Television", "Channel", "Broadcasting",
)
_CAP = r"[A-Z][\w'’&.-]*"
_LINK = r"(?:\s+(?:of|for|on|the|al|al-)\s+|\s+)"
# Dates are no part of a name: "Human Rights Watch on August 12" ends at "Watch".
_DATE_WORD = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
              r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# "Institute for the Study of War": up to two "of"/"for"/"on" tails.
_TAIL = (rf"(?:\s+(?:of|for|on)\s+(?!{_DATE_WORD})(?:the\s+)?{_CAP}"
         rf"(?:\s+(?:and\s+|&\s+)?(?!{_DATE_WORD}){_CAP}){{0,4}}){{0,2}}")
PROVISIONAL = re.compile(
    rf"(?<![\w])(?:[Tt]he\s+)?(?P<name>(?:{_CAP}{_LINK}){{0,6}}(?:{'|'.join(HEAD_NOUNS)}){_TAIL})(?![\w])")
_POSSESSIVE_END = re.compile(r"(?:['’]s?|\.)$")


HEADS = _HEADS = frozenset(HEAD_NOUNS)
LOOK_BACK = 160
# "Congolese army", "Iranian foreign ministry": a nationality and a state institution.
STATE_BODIES = frozenset({"army", "military", "navy", "police", "government", "ministry", "forces",
                          "intelligence", "guards", "guard", "authorities", "gendarmerie"})
STATE_BODY = re.compile(
    r"(?<![\w-])(?P<name>(?:[A-Z][a-z]+(?:an|ian|ean|ese|ish|i|ic|ch|ese))\s+"
    r"(?:armed\s+forces|army|military|navy|air\s+force|police|government|gendarmerie|"
    r"(?:foreign|defen[cs]e|interior)\s+ministry|ministry\s+of\s+(?:[a-z]+\s+)?(?:affairs|defen[cs]e|interior)|"
    r"security\s+forces|intelligence(?:\s+services?|\s+agency)?|border\s+guards?|coast\s+guard|"
    r"authorities))(?![\w-])")


def provisional_organisations(text: str, start: int, end: int, words: WordIndex | None = None,
                              known: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:  # type: ignore[assignment]
    """(start, end, name) of capitalised organisation-like names in ``text[start:end]``;
    the pattern runs only around head nouns that no ``known`` organisation name covers."""
    index = words or WordIndex(text)
    heads = [i for i in index.find(_HEADS, start, end, exact=True)
             if not any(s <= index.starts[i] < e for s, e in known)]
    found = _state_bodies(text, start, end, index, known)
    if not heads:
        return found
    scan_from = max(start, index.starts[heads[0]] - LOOK_BACK)
    # state bodies found above are kept; names from head nouns are added
    for match in PROVISIONAL.finditer(text, scan_from, end):
        name = _POSSESSIVE_END.sub("", match.group("name").strip())
        if len(name.split()) < 2:
            continue
        begin = match.start("name")
        if not any(s < begin + len(name) and begin < e for s, e, _ in found):
            found.append((begin, begin + len(name), name))
    return sorted(found)


def _state_bodies(text: str, start: int, end: int, index: WordIndex,
                  known: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    bodies = index.find(STATE_BODIES, start, end)
    if not bodies:
        return []
    scan_from = max(start, index.starts[bodies[0]] - 30)
    return [(m.start("name"), m.end("name"), " ".join(m.group("name").split()))
            for m in STATE_BODY.finditer(text, scan_from, end)
            if not any(s < m.end("name") and m.start("name") < e for s, e in known)]
