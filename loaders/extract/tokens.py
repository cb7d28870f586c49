"""Word tokens with their offsets, and the normal forms names are matched on.

Names are matched on tokens rather than with one big regex: a dictionary lookup per
word n-gram stays fast however many thousand names the gazetteers hold. Normal forms
drop diacritics and apostrophes, so "Nangarhār", "al-Qa'ida" and "al-Qaida" meet.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from functools import lru_cache

# A word, apostrophes inside it allowed ("Qa'ida"); a possessive 's is cut off after.
_WORD = re.compile(r"[^\W_]+(?:['’‘`ʼ][^\W_]+)*")
_JOINABLE_GAP = re.compile(r"(?:['’]s)?[ \t\-‐‑–]*\n?[ \t\-‐‑–]*(?:&[ \t]+)?")  # "Location & Event"
_APOSTROPHES = str.maketrans("", "", "'’‘`ʼ")
_STOPS = frozenset(",;:!?()[]{}\"“”/")
_PLURAL_POSSESSIVE = frozenset({"' ", "’ "})  # "Workers' Party": the apostrophe of a plural


class Tokens:
    """The words of a text span: parallel sequences of starts, ends and surface forms
    (offsets in machine-integer arrays and each distinct word stored once, so a long text
    costs a few bytes per word, not a hundred)."""

    __slots__ = ("_joins", "ends", "starts", "text", "words")

    def __init__(self, text: str, start: int = 0, end: int | None = None):
        """Tokenise ``text[start:end]``."""
        stop = len(text) if end is None else end
        self.text = text
        self.starts, self.ends, self.words = array("q"), array("q"), []
        shared: dict[str, str] = {}  # one string per distinct word: a long text repeats its words
        for match in _WORD.finditer(text, start, stop):
            word = match.group()
            self.starts.append(match.start())
            self.ends.append(match.end())
            self.words.append(shared.setdefault(word, word))
        self._joins: dict[int, bool] = {}
        if "'s" in text or "’s" in text:
            self._cut_possessives()

    def _cut_possessives(self) -> None:
        for i, word in enumerate(self.words):
            if len(word) > 2 and word[-2:] in ("'s", "’s"):
                self.words[i] = sys.intern(word[:-2])
                self.ends[i] -= 2

    def __len__(self) -> int:
        return len(self.words)

    def joins_next(self, i: int) -> bool:
        """True when only spaces, hyphens, one line break or a possessive separate word
        ``i`` from the next, so a name may run on ("Workers' Party": a plural's apostrophe
        too); a full stop joins single capitals ("U.N.")."""
        known = self._joins.get(i)
        if known is None:
            known = i + 1 < len(self.words) and self._gap_joins(i)
            self._joins[i] = known
        return known

    def _gap_joins(self, i: int) -> bool:
        gap = self.text[self.ends[i]:self.starts[i + 1]]
        if gap == " ":
            return True
        if gap in _PLURAL_POSSESSIVE:  # as "Taliban's men" joins, so does "Workers' Party"
            return self.words[i][-1:] in ("s", "S")
        if gap[:1] in _STOPS:
            return False
        if gap in (".", ". "):
            left, right = self.words[i], self.words[i + 1]
            return len(left) == 1 == len(right) and left.isupper() and right.isupper()
        return bool(gap) and _JOINABLE_GAP.fullmatch(gap) is not None


_FORMS: dict[str, str] = {}
MAX_CACHED_FORMS = 200_000


def exact_form(word: str) -> str:
    """The case-preserving normal form: no diacritics, no apostrophes (memoised: the
    same words recur in every report)."""
    form = _FORMS.get(word)
    if form is None:
        if len(_FORMS) > MAX_CACHED_FORMS:
            _FORMS.clear()
        form = _FORMS[word] = _exact_form(word)
    return form


def _exact_form(word: str) -> str:
    if word.isascii():
        return word.translate(_APOSTROPHES) if "'" in word or "`" in word else word
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_APOSTROPHES)


@lru_cache(maxsize=65536)
def folded_form(word: str) -> str:
    """The case-insensitive normal form."""
    return exact_form(word).lower()


def name_keys(name: str) -> tuple[str, str]:
    """(exact key, folded key) of a name, the way text n-grams are keyed."""
    words = Tokens(name).words
    return " ".join(exact_form(w) for w in words), " ".join(folded_form(w) for w in words)
