"""A document's words, indexed once, so cue patterns run only where their words occur.

Scanning every character of a report with a dozen large regular expressions is what
made extraction slow; looking cue words up in a set is cheap. Each extractor names
the words its pattern needs (a hedge, a speech verb, an organisational head noun)
and runs its regular expression only near them.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Collection

from loaders.extract.tokens import Tokens

_WORD = re.compile(r"[^\W\d_]+")


class WordIndex:
    """Word spans of a text with their lower-case forms."""

    __slots__ = ("_found", "_where", "ends", "lower", "starts", "text", "words")

    def __init__(self, text: str, tokens: Tokens | None = None):
        """Index the words of ``text``, reusing the gazetteer's tokens when given."""
        self.text = text
        if tokens is not None and tokens.text is text:
            self.starts, self.ends, self.words = tokens.starts, tokens.ends, tokens.words
        else:
            self.starts, self.ends, self.words = array("q"), array("q"), []
            shared: dict[str, str] = {}
            for match in _WORD.finditer(text):
                word = match.group()
                self.starts.append(match.start())
                self.ends.append(match.end())
                self.words.append(shared.setdefault(word, word))
        lower_of = {w: w.lower() for w in set(self.words)}
        self.lower = [lower_of[w] for w in self.words]
        self._found: dict[tuple[int, bool], tuple[list[int], list[int]]] = {}
        self._where: dict[str, array[int]] | None = None

    def _positions(self) -> dict[str, array[int]]:
        """Where each distinct lower-case word occurs (built on first use)."""
        if self._where is None:
            where: dict[str, array[int]] = {}
            for i, form in enumerate(self.lower):
                if form in where:
                    where[form].append(i)
                else:
                    where[form] = array("q", (i,))
            self._where = where
        return self._where

    def between(self, start: int, end: int) -> range:
        """Indices of the words inside ``text[start:end]``."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))

    def find(self, vocabulary: Collection[str], start: int = 0, end: int | None = None,
             exact: bool = False) -> list[int]:
        """Indices of words in ``text[start:end]`` that are in ``vocabulary``
        (compared in lower case unless ``exact``). The document is scanned once per
        vocabulary, which must therefore be a long-lived object (a module constant)."""
        key = (id(vocabulary), exact)
        found = self._found.get(key)
        if found is None:
            where = self._positions()
            if exact:
                hits = [where.get(w.lower(), ()) for w in vocabulary]
                indices = sorted(i for group in hits for i in group if self.words[i] in vocabulary)
            else:
                hits = [where[w] for w in vocabulary if w in where]
                indices = sorted(i for group in hits for i in group)
            found = (indices, [self.starts[i] for i in indices])
            self._found[key] = found
        indices, positions = found
        stop = len(self.text) if end is None else end
        return indices[bisect.bisect_left(positions, start):bisect.bisect_left(positions, stop)]
