"""Derive the packaged actor gazetteer from open reference data.

Reads the UCDP Actor Dataset (rebel groups and governments, with their UCDP ids and
countries), the CAMEO/Phoenix dictionaries (international bodies, NGOs, media and
militant groups, with spelling variants) and the fundus list of news publishers, and
writes ``loaders/gazetteer/derived-actors.yaml``: names, aliases, kinds, countries and
source ids (names and ids are facts; the source and licence of each are stated in the
file's header). Names that the curated files or the place gazetteers already know,
persons, generic phrases and non-Latin scripts are left out, so the derived list adds
names without taking any away.

With ``--countryinfo``, it also writes ``loaders/gazetteer/words/demonyms.tsv``: each
country's demonym ("Malian") to its ISO 3166 code, from the country files of the
countryinfo package (MIT), so that "the Malian army" can be resolved to Mali's state
forces by data rather than by a list in the code.

    python scripts/build_gazetteer.py ../shared/data/actors
    python scripts/build_gazetteer.py --countryinfo PATH/countryinfo/data
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "loaders" / "gazetteer" / "derived-actors.yaml"
NEWS_MEDIA = ROOT / "loaders" / "extract" / "data" / "news_media.yaml"
DEMONYMS = ROOT / "loaders" / "gazetteer" / "words" / "demonyms.tsv"
DEMONYM_HEADER = """\
# Demonyms and the countries they name (ISO 3166-1 alpha-2), derived by
# scripts/build_gazetteer.py --countryinfo from the country files of countryinfo 1.0.1
# (Porimol Chandro, github.com/porimol/countryinfo, MIT licence); do not edit by hand.
# One demonym a line; a demonym several countries share ("Congolese") lists them all.
"""
GENERIC = ROOT / "loaders" / "gazetteer" / "words" / "generic-organisation-words.txt"
HEADER = """\
# Derived by scripts/build_gazetteer.py from open data; do not edit by hand (add names to
# actors.yaml or your own CONFLICTKG_GAZETTEER file instead). Sources:
#   UCDP Actor Dataset v22.1 (Uppsala Conflict Data Program, ucdp.uu.se), CC BY 4.0:
#     rebel groups (Org 1) and governments (Org 4), ids are UCDP ActorIds ("ucdp").
#   CAMEO/Phoenix actor dictionaries (Open Event Data, petrarch2, commit 676801cd), MIT:
#     international bodies (IGO), NGOs, media (MED) and militant groups ("cameo": code).
#   fundus supported publishers (flairNLP/fundus, commit 18da6e53), MIT: news outlets.
#   conflictkg's sourcing list of news media (loaders/extract/data/news_media.yaml), the
#     agencies and outlets reports credit ("sourcing": the outlet's name).
# Names only; no Wikidata ids (the sources have none). Matching: any capitalisation
# inside the name, but the first word must be capitalised as a name is.
"""
KINDS = {"IGO": "international", "NGO": "ngo", "MED": "media", "IMG": "armed-group", "REB": "armed-group"}
SMALL = frozenset("of the and for in on at to de la le el al du des et y wal wa da di del los las".split())
UCDP_KINDS = {1: "armed-group", 4: "government"}
MIN_ALIAS = 3
# Short words CAMEO writes in capitals that are words, not acronyms ("RED CROSS").
SHORT_WORDS = frozenset("new red aid law sea war air art oil gas sun one two all our act age day end "
                        "arm far bar bay box car kid men net old pan pro six ten top web".split())
MAX_COUNTRIES = 3
_PARENS = re.compile(r"^(?P<name>.+?)\s*\((?P<alias>[^()]+)\)$")
_LATIN = re.compile(r"^[\w\s'’.,&()/-]+$")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass
class Actor:
    """One derived entry: canonical name, aliases, kind, countries and its source id."""

    name: str
    kind: str
    source: str
    key: str
    aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    def as_yaml(self) -> dict[str, Any]:
        item: dict[str, Any] = {"name": self.name, "kind": self.kind, self.source: self.key}
        aliases = [a for a in dict.fromkeys(self.aliases) if a != self.name]
        if aliases:
            item["aliases"] = aliases
        if self.countries:
            item["countries"] = self.countries
        return item


def latin(name: str) -> bool:
    """True for names written in Latin script (the text we read is English)."""
    letters = _NON_LATIN_LETTER.findall(name)
    return bool(letters) and all(ord(c) < 0x250 for c in letters) and bool(_LATIN.match(name))


def title_case(upper: str) -> str:
    """CAMEO's capitals as a name is written: "HUMAN RIGHTS WATCH" -> "Human Rights
    Watch"; acronyms and words without vowels stay in capitals."""
    words = upper.split()
    if len(words) == 1 and len(upper) <= 6:
        return upper
    out = []
    for index, word in enumerate(words):
        if index and word.lower() in SMALL:
            out.append(word.lower())
        elif any(c.isdigit() for c in word) or not re.search(r"[AEIOUY]", word) or \
                (len(word) <= 3 and word.lower() not in SHORT_WORDS):
            out.append(word)
        else:
            out.append("-".join(p.capitalize() for p in word.split("-")))
    return " ".join(out)


def generic_words() -> frozenset[str]:
    """Words that name a kind of organisation ("council", "watch", "front")."""
    lines = GENERIC.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def usable(name: str, generic: frozenset[str]) -> bool:
    """A name worth matching: Latin script, long enough, not made of generic words."""
    if not latin(name) or len(name.replace(" ", "")) < MIN_ALIAS:
        return False
    words = [w.strip(".,'’") for w in name.split()]
    if len(words) == 1 and (words[0].lower() in generic or name.islower()):
        return False
    # "UN Mission", "EU Council": an acronym and kind words name no one in particular
    return not all(w.lower() in SMALL or w.lower() in generic or (w.isupper() and len(w) <= 3)
                   for w in words)


def split_parens(name: str) -> list[str]:
    """ "ADEN ABYAN ISLAMIC ARMY (AAIA)" -> the name and the bracketed acronym."""
    match = _PARENS.match(name)
    return [match.group("name"), match.group("alias")] if match else [name]


# ---------------------------------------------------------------- UCDP

@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every form of a country's name the gazetteer matches ("Democratic Republic of the
    Congo" for pycountry's "Congo, The Democratic Republic of the"), lower case, to its code."""
    import pycountry

    from loaders.extract.gazetteer_data import _country_names

    forms = [(country.alpha_2, *_country_names(country)) for country in pycountry.countries]
    names = {display.lower(): code for code, display, _ in forms}  # "Congo" is CG's own name
    for code, _, aliases in forms:
        for alias in aliases:
            names.setdefault(alias.lower(), code)
    return names


def country_codes(location: str) -> list[str]:
    """ISO codes of UCDP's location names ("Myanmar (Burma), Thailand")."""
    import pycountry

    codes = []
    for part in re.split(r",\s*(?![^()]*\))", location):
        plain = re.sub(r"\s*\(.*?\)", "", part).strip()
        if plain.lower() in country_names():
            codes.append(country_names()[plain.lower()])
            continue
        try:
            codes.append(pycountry.countries.lookup(plain).alpha_2)
        except LookupError:
            try:
                codes.append(pycountry.countries.search_fuzzy(plain)[0].alpha_2)
            except LookupError:
                continue
    return list(dict.fromkeys(codes))


def _bracketed_home(country: str, location: str) -> list[str]:
    """The code of the location UCDP writes with the government's own name in brackets."""
    for part in re.split(r",\s*(?![^()]*\))", location):
        if part.strip().endswith(f"({country})"):
            return country_codes(part)[:1]
    return []


NAME_COLUMNS = ("NameOrigFullEng", "NewNameFullEng", "NameData", "NameOrig", "NameOrigFull", "NewName",
                "NamePrev")
# The columns of a change of name list every name the actor took, comma-joined ("KADEK,
# KONGRA-GEL , PKK"); in the others a comma is part of the one name ("Military Junta for
# the Consolidation of Democracy, Peace and Justice"). NamePrev's list names the actors a
# group came from ("Mujahideen Army, HTS" for Nour al-Din Zenki): not its own names.
LISTING_COLUMNS = frozenset({"NewNameFullEng", "NewName"})
_LIST_COMMA = re.compile(r"\s*,\s*(?![^()]*\))")


def ucdp_names(value: str, column: str) -> list[str]:
    """The names in one UCDP name field: a listing column's comma-joined names apart."""
    value = value.strip()
    if column not in LISTING_COLUMNS:
        return [value]
    return [part.strip("'\" ") for part in _LIST_COMMA.split(value) if part.strip("'\" ")]


def ucdp_actors(folder: Path, generic: frozenset[str]) -> Iterator[Actor]:
    """Rebel groups and governments; the English full name is the canonical one."""
    with (folder / "ucdp_actors.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = UCDP_KINDS.get(int(row["Org"] or 0))
            if kind is None:
                continue
            names = [part for c in NAME_COLUMNS for part in ucdp_names(row[c], c)]
            names = [n for raw in names if raw and raw.lower() != "n/a" for n in split_parens(raw)]
            names = [n for n in dict.fromkeys(names) if usable(n, generic)]
            if not names:
                continue
            government = re.match(r"Government of (.+)", names[0])
            countries = country_codes(government.group(1) if government else row["Location"])
            if government and not countries:  # "Government of North Yemen": "Yemen (North Yemen)"
                countries = _bracketed_home(government.group(1), row["Location"])
            yield Actor(names[0], kind, "ucdp", row["ActorId"], names[1:], countries[:MAX_COUNTRIES])


# ---------------------------------------------------------------- CAMEO

def cameo_kind(codes: list[dict[str, str]]) -> str | None:
    """The kind of a CAMEO entry; ``None`` for persons, companies and dated codes."""
    if any(c.get("dates") for c in codes):
        return None
    kinds = [KINDS.get(c["code"][:3]) or ("armed-group" if c["code"][3:6] == "REB" else None)
             for c in codes]
    found = [k for k in kinds if k]
    return found[0] if found and not any(c["code"].startswith(("ELI", "MNC")) for c in codes) else None


def cameo_actors(folder: Path, generic: frozenset[str]) -> Iterator[Actor]:
    """IGOs, NGOs, media and militant groups, each with its spelling variants."""
    for filename in ("cameo_international.jsonl", "cameo_milnonstate.jsonl"):
        for number, line in enumerate((folder / filename).read_text(encoding="utf-8").splitlines(), 1):
            entry = json.loads(line)
            kind = cameo_kind(entry["codes"])
            if kind is None:
                continue
            raw = [n for name in [entry["name"], *entry["aliases"]] for n in split_parens(name)]
            names = [title_case(n) for n in raw if " BASED " not in f" {n} " and "-BASED" not in n]
            names = [n for n in dict.fromkeys(names) if usable(n, generic)]
            if not names or (kind in ("international", "ngo") and not _organisation_like(names, generic)):
                continue
            part = filename.split("_")[1].split(".")[0]
            yield Actor(names[0], kind, "cameo", f"{part}-{number}", names[1:])


def _organisation_like(names: list[str], generic: frozenset[str]) -> bool:
    """IGO and NGO sections also list office-holders: keep names with an organisational
    word or an acronym, which persons' names lack."""
    return any((len(n.split()) == 1 and n.isupper()) or any(w.lower() in generic for w in n.split())
               for n in names)


# ---------------------------------------------------------------- publishers

def publishers(folder: Path, generic: frozenset[str]) -> Iterator[Actor]:
    """News outlets, with the short class name as an alias."""
    with (folder / "news_publishers.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names = [n for n in dict.fromkeys([row["name"], row["name"].removeprefix("The ")])
                     if usable(n, generic)]
            if names:
                yield Actor(names[0], "media", "fundus", row["domain"], names[1:])


def sourcing_media(path: Path, generic: frozenset[str]) -> Iterator[Actor]:
    """The outlets the sourcing step credits ("France 24", "Radio Okapi"): an outlet a
    report names is an organisation too, so "France 24" is not read as France."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for item in raw.get("media") or []:
        names = [n for n in dict.fromkeys([str(item["name"]), *map(str, item.get("aliases") or [])])
                 if usable(n, generic)]
        if names:
            yield Actor(names[0], "media", "sourcing", str(item["name"]), names[1:])


# ---------------------------------------------------------------- merging

def fold(name: str) -> str:
    """Comparison key: lower case, no punctuation or leading "the"."""
    plain = re.sub(r"[\W_]+", " ", name.lower()).strip()
    return plain.removeprefix("the ")


def merged(actors: Iterable[Actor]) -> list[Actor]:
    """One entry per name: a later entry that shares a name with an earlier one of the
    same source and kind adds its aliases to it (CAMEO lists "AL-JAZEERA" and "AL
    JAZEERA" apart); names shared across sources stay with the first (UCDP)."""
    owner: dict[str, Actor] = {}
    kept: list[Actor] = []
    for actor in actors:
        keys = [fold(n) for n in [actor.name, *actor.aliases]]
        same = next((owner[k] for k in keys if k in owner and owner[k].source == actor.source
                     and owner[k].kind == actor.kind and actor.source != "ucdp"), None)
        if same is not None:
            same.aliases += [n for n in [actor.name, *actor.aliases] if fold(n) not in owner]
            owner.update({k: same for k in keys if k not in owner})
            continue
        if actor.source != "ucdp":  # UCDP's shared names ("ELN") are settled by country
            actor.aliases = [a for a in actor.aliases if fold(a) not in owner]
            if fold(actor.name) in owner:
                continue
        owner.update({k: actor for k in keys if k not in owner})
        kept.append(actor)
    return kept


def without_known(actors: list[Actor]) -> list[Actor]:
    """Leave out actors the curated files already hold (any of their names resolves to
    a curated organisation: the curated entry wins) and names of known places."""
    from loaders.extract.gazetteer import Gazetteer
    from loaders.extract.gazetteer_data import load_entries

    entries, links = load_entries((), 200_000)
    known = Gazetteer([e for e in entries if e.source != "derived"], links)
    kept = []
    for actor in actors:
        found = {n: known.resolve(n) for n in [actor.name, *actor.aliases]}
        if any(e is not None and e.label == "Organisation" for e in found.values()):
            continue
        names = [n for n, e in found.items() if e is None or not _same_place(n, e)]
        if names and names[0] == actor.name:
            actor.aliases = names[1:]
            kept.append(actor)
    return kept


def _same_place(name: str, entry: Any) -> bool:
    """Whether a name is the place's own name, not a longer one that starts with it
    ("France 24" is an outlet, though the gazetteer reads "France" in it)."""
    return not any(fold(name).startswith(f"{fold(n)} ") for n in [entry.name, *entry.aliases])


def demonyms(folder: Path) -> dict[str, list[str]]:
    """Demonym -> ISO codes from countryinfo's country files ("Antiguan, Barbudan" is two);
    a shared demonym lists the more populous country first ("American": US before MP)."""
    countries = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    countries.sort(key=lambda c: -int(c.get("population") or 0))
    table: dict[str, list[str]] = {}
    for country in countries:
        code = (country.get("ISO") or {}).get("alpha2")
        for demonym in str(country.get("demonym") or "").split(","):
            demonym = " ".join(demonym.split())
            if code and latin(demonym) and code not in table.setdefault(demonym, []):
                table[demonym].append(code)
    return dict(sorted(table.items()))


def write_demonyms(folder: Path, out: Path) -> None:
    """Write the demonym table (tab-separated: demonym, then its ISO codes)."""
    table = demonyms(folder)
    lines = [f"{demonym}\t{' '.join(codes)}" for demonym, codes in table.items()]
    out.write_text(DEMONYM_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(table)} demonyms")


def main(argv: list[str] | None = None) -> int:
    """Read the reference folder and write the derived gazetteer file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?",
                        help="the actors reference folder (UCDP, CAMEO, fundus)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--countryinfo", type=Path,
                        help="countryinfo's data folder: write the demonym table from it")
    args = parser.parse_args(argv)
    if args.countryinfo:
        write_demonyms(args.countryinfo, DEMONYMS)
    if args.folder is None:
        return 0
    generic = generic_words()
    actors = merged([*ucdp_actors(args.folder, generic), *cameo_actors(args.folder, generic),
                     *publishers(args.folder, generic), *sourcing_media(NEWS_MEDIA, generic)])
    actors = without_known(actors)
    body = yaml.safe_dump({"source": "derived", "organisations": [a.as_yaml() for a in actors]},
                          allow_unicode=True, sort_keys=False, width=110, default_flow_style=None)
    args.out.write_text(HEADER + body, encoding="utf-8")
    counts = {s: sum(a.source == s for a in actors) for s in ("ucdp", "cameo", "fundus", "sourcing")}
    print(f"wrote {args.out}: {len(actors)} organisations {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
