"""Names beyond the curated files: tokeniser rules for names ("Workers' Party"), aliases
UCDP writes in one field, countries pycountry lacks (Kosovo) and GeoNames' other
spellings of a city's name."""

from __future__ import annotations

from loaders.extract.gazetteer import default_gazetteer
from loaders.extract.gazetteer_data import _alternate_spellings
from loaders.extract.tokens import Tokens
from loaders.extraction import Extraction, Mention
from tests.loaders.conftest import extract_bytes
from tests.loaders.test_entities_state_bodies import load_script


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


def test_ucdp_s_comma_joined_names_of_a_change_of_name_are_apart() -> None:
    build = load_script("build_gazetteer")
    assert build.ucdp_names("KADEK, KONGRA-GEL , PKK", "NewName") == ["KADEK", "KONGRA-GEL", "PKK"]
    # elsewhere the comma belongs to the one name
    one = "Military Junta for the Consolidation of Democracy, Peace and Justice"
    assert build.ucdp_names(one, "NameData") == [one]


def test_each_name_ucdp_lists_for_an_actor_resolves_to_it() -> None:
    gazetteer = default_gazetteer()
    for name in ("KONGRA-GEL", "Kurdistan Freedom and Democracy Congress"):
        entry = gazetteer.resolve(name)
        assert entry is not None and entry.source_id == "ucdp:323", name


def test_kosovo_is_a_country_with_its_cities_below_it() -> None:
    gazetteer = default_gazetteer()
    kosovo = gazetteer.resolve("Kosovo")
    assert kosovo is not None and (kosovo.iso, kosovo.level) == ("XK", "country")
    pristina = gazetteer.resolve("Pristina")
    assert pristina is not None and kosovo in gazetteer.parents_of(pristina)
    # a former country GeoNames still lists is no country of today
    assert gazetteer.resolve("Netherlands Antilles") is None


def test_geonames_other_spellings_of_a_city_resolve_to_it() -> None:
    gazetteer = default_gazetteer()
    for spelling, own in (("Hargeisa", "Hargeysa"), ("Kerkuk", "Kirkuk"), ("Prishtina", "Pristina")):
        entry = gazetteer.resolve(spelling)
        assert entry is not None and entry.name == own, spelling


def test_a_city_s_other_names_that_are_not_spellings_or_belong_to_others_are_left_out() -> None:
    assert default_gazetteer().resolve("Les Gonaives") is None  # a French name, not a spelling
    alternates = ["HGA", "Hargeisa", "Khargejsa", "Hargeysah", "هرجيسا", "Somaliland Capital"]
    # a code, another first letter, a name another entry owns, another script, another name
    assert _alternate_spellings("Hargeysa", alternates, frozenset({"hargeysah"})) == ["Hargeisa"]


def test_a_bearing_and_a_city_s_name_before_a_unit_noun_name_the_unit() -> None:
    found = mentions(extract_text("Shelling hit villages in Tigray's South Mekele zone and in Mekele "
                                  "itself on Friday, officials said.\n"), "region")
    assert found["South Mekele"].method == "place-noun" and found["South Mekele"].name == "South Mekele"
    assert found["Mekele"].name == "Mek'ele"  # the city, named alone, is still the city


def test_a_body_s_possessive_before_another_body_names_both() -> None:
    found = mentions(extract_text("Officials of the Transitional Government's Ministry of Information "
                                  "said the Sudan People's Liberation Movement had withdrawn.\n"),
                     "organisation")
    assert {"Transitional Government", "Ministry of Information"} <= set(found)
    assert "Sudan People's Liberation Movement" in found  # a possessive inside one name stays
