"""Every setting conflictkg takes from its environment, declared once and read once.

An entry point (the command line, the service, a worker process) reads the environment
into one :class:`Settings` and installs it; the code below it asks :func:`current`
rather than the environment, so what a run used is one value that can be printed
(``conflictkg settings``), handed to a worker, or replaced in a test. Each field
declares its variable, its kind and what it is for; a malformed value is one
configuration error that names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from graph.errors import ConfigurationError

ON_WORDS = frozenset({"1", "true", "yes", "on"})
OFF_WORDS = frozenset({"0", "false", "no", "off"})
MIB = 1024 * 1024


def _text(variable: str, raw: str) -> str | None:
    return raw.strip() or None


def _whole(variable: str, raw: str) -> int:
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ConfigurationError(f"{variable} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ConfigurationError(f"{variable} must not be negative, not {raw!r}")
    return value


def _seconds(variable: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{variable} is not a number of seconds: {raw!r}") from None
    if not value > 0:
        raise ConfigurationError(f"{variable} must be a positive number of seconds, not {raw!r}")
    return value


def _switch(variable: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in ON_WORDS or word in OFF_WORDS:
        return word in ON_WORDS
    raise ConfigurationError(f"{variable} must be on or off, not {raw!r}")


def _setting(variable: str, default: Any, parse: Callable[[str, str], Any], about: str) -> Any:
    """A field read from ``variable`` with ``parse``; ``about`` is what it is for."""
    return field(default=default, metadata={"variable": variable, "parse": parse, "about": about})


@dataclass(frozen=True)
class Settings:
    """What this run takes from its environment (defaults are the packaged behaviour)."""

    # the store
    store: str | None = _setting("CONFLICTKG_STORE", None, _text,
                                 "the store: a folder (embedded) or a bolt:// or neo4j:// URL")
    neo4j_user: str | None = _setting("NEO4J_USER", None, _text, "Neo4j user, unless the URL names one")
    neo4j_password: str | None = _setting("NEO4J_PASSWORD", None, _text,
                                          "Neo4j password, unless the URL gives one")
    neo4j_database: str | None = _setting("NEO4J_DATABASE", None, _text,
                                          "Neo4j database, unless the URL names one")
    # reading and importing
    max_file_bytes: int = _setting("CONFLICTKG_MAX_FILE_BYTES", 20 * MIB, _whole,
                                   "the largest report file read, in bytes")
    max_import_bytes: int = _setting("CONFLICTKG_MAX_IMPORT_BYTES", 64 * MIB, _whole,
                                     "the largest RDF file imported, in bytes")
    max_import_seconds: float = _setting("CONFLICTKG_MAX_IMPORT_SECONDS", 300.0, _seconds,
                                         "the longest an RDF file may take to parse")
    # extraction
    ner: bool = _setting("CONFLICTKG_NER", True, _switch,
                         "the statistical name recogniser (off: gazetteers and rules alone)")
    attribute_map: bool = _setting("CONFLICTKG_ATTRIBUTE_MAP", True, _switch,
                                   "the compiled attribute ruler (off: spaCy's own, for comparison)")
    gazetteer: str | None = _setting("CONFLICTKG_GAZETTEER", None, _text,
                                     "the user's gazetteer file or folder of files")
    city_min_population: int | None = _setting("CONFLICTKG_CITY_MIN_POPULATION", None, _whole,
                                               "cities at least this populous are matched")
    name_words: str | None = _setting("CONFLICTKG_NAME_WORDS", None, _text,
                                      "a file replacing the packaged name word lists")
    sourcing: str | None = _setting("CONFLICTKG_SOURCING", None, _text,
                                    "a file extending the sourcing and hedge words")
    boilerplate: str | None = _setting("CONFLICTKG_BOILERPLATE", None, _text,
                                       "a file extending the boilerplate phrases")
    confidences: str | None = _setting("CONFLICTKG_CONFIDENCES", None, _text,
                                       "a file changing the extraction confidences")
    ucdp_actors: str | None = _setting("CONFLICTKG_UCDP_ACTORS", None, _text,
                                       "a UCDP actor list that dataset sides resolve against")
    cache_dir: str | None = _setting("CONFLICTKG_CACHE_DIR", None, _text,
                                     "where built gazetteers are cached (off: no cache)")
    xdg_cache_home: str | None = _setting("XDG_CACHE_HOME", None, _text,
                                          "the cache folder when CONFLICTKG_CACHE_DIR is unset")
    # analysis
    analysis: str | None = _setting("CONFLICTKG_ANALYSIS", None, _text,
                                    "a file changing the analysis settings")
    # the service
    api_key: str | None = _setting("CONFLICTKG_API_KEY", None, _text,
                                   "the key that opens writes (and reads, if required)")
    read_key_required: bool = _setting("CONFLICTKG_READ_KEY_REQUIRED", False, _switch,
                                       "reads need the key too")
    max_upload_bytes: int = _setting("CONFLICTKG_MAX_UPLOAD_BYTES", 20 * MIB, _whole,
                                     "the largest request body, in bytes")
    cypher_timeout_s: float = _setting("CONFLICTKG_CYPHER_TIMEOUT", 10.0, _seconds,
                                       "the server-side time limit of a /cypher query")
    cypher_row_limit: int = _setting("CONFLICTKG_CYPHER_ROW_LIMIT", 1000, _whole,
                                     "the most rows a /cypher query returns")
    cypher_user: str | None = _setting("CONFLICTKG_CYPHER_USER", None, _text,
                                       "run /cypher as this (reader) user")
    cypher_password: str | None = _setting("CONFLICTKG_CYPHER_PASSWORD", None, _text,
                                           "that user's password")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings ``environ`` (default: this process's environment) gives; an empty
        variable counts as unset."""
        source = os.environ if environ is None else environ
        values = {f.name: f.metadata["parse"](f.metadata["variable"], source[f.metadata["variable"]])
                  for f in fields(cls) if source.get(f.metadata["variable"], "").strip()}
        return cls(**values)

    def described(self) -> Iterator[tuple[str, str, Any, str]]:
        """(variable, field, value, what it is for) for every setting, secrets hidden."""
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and ("password" in f.name or f.name == "api_key"):
                value = "(set)"
            yield f.metadata["variable"], f.name, value, f.metadata["about"]

    def file_named_by(self, variable: str) -> str | None:
        """The file a word-list variable names (``CONFLICTKG_SOURCING`` and the like)."""
        for f in fields(self):
            if f.metadata["variable"] == variable:
                value = getattr(self, f.name)
                return value if isinstance(value, str) else None
        raise ConfigurationError(f"no setting is read from {variable}")

    def but(self, **changes: Any) -> Settings:
        """A copy with some settings changed (for a test, or a command-line option)."""
        return replace(self, **changes)


_current: Settings | None = None


def current() -> Settings:
    """This process's settings: read from the environment on first use, unless an
    entry point installed its own."""
    global _current
    if _current is None:
        _current = Settings.from_environ()
    return _current


def install(settings: Settings | None) -> Settings:
    """Make ``settings`` this process's (``None``: read the environment again on next
    use); returns what was installed before, so a test can put it back."""
    global _current
    before, _current = current(), settings
    return before
