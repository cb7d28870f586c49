"""The form of official documents: titles and sentences that say nothing about the world.

A UN document read as text opens with a masthead ("United Nations", a logo's "S",
"Security Council", "Distr.: General") that readers take for a title, and a letter
wraps its annex in courtesies ("I have the honour to transmit ...", "I should be
grateful if the present letter ... could be circulated ...") that read as claims. The
patterns are data (``data/boilerplate.yaml``, extended by the YAML file that
``CONFLICTKG_BOILERPLATE`` names); this module only compiles and applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders.extract.word_lists import read_lists

DATA = Path(__file__).with_name("data") / "boilerplate.yaml"
ENVIRONMENT = "CONFLICTKG_BOILERPLATE"
_OPENING_PHRASE = r"(?:[^,.;:]{1,160},\s*)?"     # "Upon instructions from my Government, "
_LEADING = re.compile(r"^[\s\"'“‘(\[#*•-]*(?:\d{1,3}[.)]\s+)?")   # quotes, bullets, "3. "
_TRIM = " \t\r\n.,;:-–—*#\"'“”‘’"


@dataclass(frozen=True)
class Boilerplate:
    """The compiled patterns, in the shape the title choice and the claim filter use."""

    never: frozenset[str]
    strip: re.Pattern[str]
    title_form: re.Pattern[str]
    document_title: re.Pattern[str]
    search_chars: int
    opening: re.Pattern[str]
    anywhere: re.Pattern[str]

    def cleaned(self, title: str) -> str:
        """The title without what a word processor adds around a file's name."""
        return self.strip.sub("", " ".join(title.split())).strip()

    def is_form_title(self, title: str) -> bool:
        """The title is a masthead line, a placeholder or punctuation, not a name."""
        bare = " ".join(title.split()).strip(_TRIM)
        return not bare or bare.lower() in self.never or bool(self.title_form.fullmatch(bare))

    def is_form_sentence(self, sentence: str) -> bool:
        """The sentence is a letter's courtesy or a masthead, not something reported."""
        flat = " ".join(sentence.split())
        body = flat[_LEADING.match(flat).end():]  # type: ignore[union-attr]  # the pattern matches ""
        return bool(self.opening.match(body) or self.anywhere.search(flat))

    def title_in(self, text: str) -> str | None:
        """The first paragraph of the text's opening that names the document
        ("Letter dated ... addressed to ..."), flattened to one line."""
        for paragraph in re.split(r"\n\s*\n", text[:self.search_chars]):
            flat = " ".join(paragraph.split()).strip(_TRIM)
            if flat and self.document_title.fullmatch(flat):
                return flat
        return None


def _any_of(patterns: list[str], prefix: str = "") -> re.Pattern[str]:
    """One pattern for a list (the alternation is tried in one pass)."""
    return re.compile(prefix + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.IGNORECASE)


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    """The patterns, compiled once per process."""
    raw = read_lists([DATA], ENVIRONMENT, "'titles' and 'claims'")
    titles, claims = raw["titles"], raw["claims"]
    try:
        return Boilerplate(
            never=frozenset(" ".join(str(t).split()).strip(_TRIM).lower() for t in titles["never"]),
            strip=_any_of(titles.get("strip") or [r"(?!)"]),
            title_form=_any_of(titles["patterns"]),
            document_title=_any_of(titles["document_titles"]),
            search_chars=int(titles.get("search_chars", 4000)),
            opening=_any_of(claims["opening"], _OPENING_PHRASE),
            anywhere=_any_of(claims["anywhere"]),
        )
    except re.error as exc:
        raise ValueError(f"boilerplate pattern {exc.pattern!r} is not a regular expression: {exc}") from exc


def is_boilerplate(sentence: str) -> bool:
    """A sentence of a document's form ("I have the honour to transmit ..."): not a claim."""
    return boilerplate().is_form_sentence(sentence)


def choose_title(title: str | None, text: str, warnings: list[str]) -> str | None:
    """``title`` unless it is form ("S Security Council", "<<"): then none, so that the
    next source of a title is asked (the PDF's metadata, metadata.csv, the file name).
    A title set aside is said in ``warnings``, with the line of the text that names the
    document when there is one."""
    rules = boilerplate()
    if not title:
        return title
    if not rules.is_form_title(cleaned := rules.cleaned(title)):
        return cleaned if cleaned != " ".join(title.split()) else title
    found = document_title(text)
    said = (f"title {title!r} is a document's masthead or a placeholder, not its name; set aside"
            + (f" (the text names the document {found!r})" if found else ""))
    if said not in warnings:      # a reader may offer the same line twice (front matter, first line)
        warnings.append(said)
    return None


def document_title(text: str) -> str | None:
    """The line of the text's opening that names the document ("Letter dated ...
    addressed to ..."): the title to give before falling back to the file name."""
    return boilerplate().title_in(text)
