"""Names beyond the curated files: tokeniser rules for names ("Workers' Party"), aliases
UCDP writes in one field, countries pycountry lacks (Kosovo) and GeoNames' other
spellings of a city's name."""

from __future__ import annotations

from loaders.extract.tokens import Tokens
from loaders.extraction import Extraction, Mention
from tests.loaders.conftest import extract_bytes


def extract_text(text: str) -> Extraction:
    return extract_bytes("note.md", text.encode())


def mentions(extraction: Extraction, kind: str) -> dict[str, Mention]:
    return {m.surface: m for c in extraction.claims for m in c.mentions if m.type == kind}


def test_a_plural_possessive_joins_the_words_of_a_name() -> None:
    tokens = Tokens("the Kurdistan Workers' Party and the Farmers’ Union met; rebels' guns")
    joined = [tokens.joins_next(i) for i in range(len(tokens))]
    assert joined[tokens.words.index("Workers")] and joined[tokens.words.index("Farmers")]
    assert not Tokens("the Taliban' said").joins_next(1)  # no plural: a quotation mark


def test_a_name_with_a_plural_possessive_resolves() -> None:
    found = mentions(extract_text("Turkish drones struck a camp of the Kurdistan Workers' Party "
                                  "in the Qandil mountains on Monday.\n"), "organisation")
    party = found["Kurdistan Workers' Party"]
    assert party.method == "gazetteer" and party.id == "org:kurdistan-workers-party"
