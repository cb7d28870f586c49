"""Claim features: what a claim's sentence says, in a form two wordings can share.

Two outlets state one fact in different words ("executed 223 civilians" / "223 people
were massacred"). We reduce each claim to what carries its meaning: word stems weighted
by how rare the word is in English, concepts (word groups from ``data/concepts.yaml``:
"executed" and "massacred" both give ``kill``), quantities as intervals ("at least 32"
is 32 or more; "between 10,000 and 15,000"), dates, and whether the claim is negated
or a denial. This runs at query time on the stored claim text, cheaply and without a
model, so it works on any store and on claims ingested long ago.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from wordfreq import zipf_frequency

DATA = Path(__file__).with_name("data")
NUMBER_WEIGHT = 3.5        # sharing an exact count of 10 or more is strong evidence
SMALL_NUMBER_WEIGHT = 2.0  # "eight camps", "five gunmen"
DATE_WEIGHT = 1.5
CONCEPT_WEIGHT = 1.6
PHRASE_CONCEPT_WEIGHT = 2.6  # a concept stated as a set phrase ("claimed responsibility") is more specific
WORD_RARITY_CEILING = 6.0  # a word's weight is this minus its Zipf frequency, clamped
MIN_WORD_WEIGHT = 0.2
MAX_WORD_WEIGHT = 4.5
RARE_WORD = 3.0            # words at least this rare are matched by their spelling key
APPROXIMATE = 0.1          # "about 2,500": within 10%
SAME_NUMBER = 0.02         # two stated values are the same number within 2%
COUNTED = ("kill", "injure", "abduct", "civilian", "child", "military", "attacker", "escape",
           "displace", "camp", "rape")  # concepts a number can count, for conflicts
NEGATION_WINDOW = 12       # a negation cue governs at most this many words after it
COUNT_WINDOW = 5           # tokens between a number and what it counts

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent\b|per cent\b))?")
_PLAIN = str.maketrans("’‘“”–—‐‑\u00a0", "''\"\"---- ")
_CLAUSE_END = re.compile(r"[,.;:()!?]|\sbut\s|\swhile\s|\swhereas\s")
_BREAK = re.compile(r"[(),;:]")  # a number and what it counts are not split by these
_AND = re.compile(r"\b(?:and|or)\b")
_WORD_AFTER = re.compile(r"\s*(\w+)")     # the word just after a number
_WORD_BEFORE = re.compile(r"(\w+)\s*$")   # the word just before it
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_LOWER_BOUND = ("at least", "more than", "over", "above", "in excess of", "upwards of", "no fewer than")
_UPPER_BOUND = ("up to", "as many as", "fewer than", "less than", "under", "nearly", "almost")
_ABOUT = ("about", "around", "some", "approximately", "roughly", "an estimated", "estimated", "nearly",
          "almost", "close to")


@dataclass(frozen=True)
class Quantity:
    """A stated number as the interval it allows, and what it counts (a concept) if known."""

    low: float
    high: float
    values: tuple[float, ...]
    counts: str | None
    text: str


@dataclass(frozen=True)
class ClaimFeatures:
    """What one claim says, as weighted features that another claim can share."""

    words: dict[str, float] = field(default_factory=dict)     # stem or concept key -> weight
    shown: dict[str, str] = field(default_factory=dict)       # feature key -> words as written
    quantities: tuple[Quantity, ...] = ()
    years: frozenset[int] = frozenset()
    days: frozenset[str] = frozenset()                        # "02-25": a day of a month
    negated: bool = False
    denial: bool = False
    negated_keys: frozenset[str] = frozenset()             # features a "not", "never", "denied" governs

    @property
    def weight(self) -> float:
        """Total weight: what a claim that says all of this would share with it."""
        return sum(self.words.values()) + sum(_number_weight(q) for q in self.quantities) \
            + DATE_WEIGHT * (len(self.years) + len(self.days))


def without_names(features: ClaimFeatures, names: Iterable[str]) -> ClaimFeatures:
    """The features less the words that name an entity the claim mentions: the entity
    itself is compared, so its name must not count a second time. A number inside a
    name ("Brigade 47", "Route 1", "Group 3") names it and counts nothing, so it is
    dropped from the counts too, once per time a name holds it."""
    drop: set[str] = set()
    numbers: Counter[str] = Counter()
    for name in names:
        for token in _WORD.findall(_fold(name)):
            key = stem(token)
            drop.update({key, _spelling_key(key)})
            if token.isdigit():
                numbers[token] += 1
    quantities = _less_name_numbers(features.quantities, numbers)
    if not drop & features.words.keys() and len(quantities) == len(features.quantities):
        return features
    words = {k: w for k, w in features.words.items() if k not in drop}
    return replace(features, words=words, quantities=quantities)


def _less_name_numbers(quantities: tuple[Quantity, ...], numbers: Counter[str]) -> tuple[Quantity, ...]:
    """The quantities less those written as a number some entity's name holds (``numbers``
    is used up as they are found)."""
    if not numbers:
        return quantities
    kept = []
    for quantity in quantities:
        if numbers[quantity.text] > 0:
            numbers[quantity.text] -= 1
        else:
            kept.append(quantity)
    return tuple(kept)


def name_keys(name: str, person: bool) -> set[str]:
    """What identifies a source's name across spellings: its acronyms (written in
    capitals, "ISW", "BINUH") and, for a person, the spelling key of a rare surname."""
    keys = {w.lower() for w in re.findall(r"\b[A-Z]{2,6}\b", name)}
    words = _WORD.findall(_fold(name))
    if person and words and word_weight(words[-1]) >= RARE_WORD:
        keys.add(_spelling_key(stem(words[-1])))
    return keys


@cache
def _lists() -> dict[str, Any]:
    with (DATA / "claim_words.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@cache
def stop_words() -> frozenset[str]:
    """Words that carry no meaning of their own in a claim."""
    return frozenset(_lists()["stop_words"].split())


def demonym_places(word: str) -> set[str]:
    """The place names a capitalised word could be the demonym of ("Russian": "russia",
    "russi", ...); the caller keeps only names a claim actually mentions."""
    folded = _fold(word).lower()
    found = set()
    for ending, replacement in _lists()["demonym_endings"]:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            found.add(folded[:len(folded) - len(ending)] + replacement)
    return found


@cache
def number_names() -> dict[int, tuple[str, ...]]:
    """The words that write each small whole number ("seven" for 7)."""
    names: dict[int, list[str]] = {}
    for word, value in _lists()["numbers"].items():
        names.setdefault(int(value), []).append(str(word))
    return {value: tuple(words) for value, words in names.items()}


@cache
def _irregular() -> dict[str, str]:
    return {str(k): str(v) for k, v in _lists()["irregular"].items()}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer: inflections of one word give one key ("killed", "kills")."""
    word = word.lower().removesuffix("'s")
    if word in _irregular():
        return _irregular()[word]
    for suffix, replacement, shortest in (("ies", "y", 4), ("ied", "y", 4), ("sses", "ss", 4),
                                          ("ing", "", 3), ("ed", "", 3), ("es", "", 4), ("s", "", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            if suffix == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
                continue
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            elif suffix in ("ing", "ed") and _short_open(word):
                word += "e"   # "taking", "ruled": the "e" that "take" and "rule" keep
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _short_open(word: str) -> bool:
    """Three letters, consonant-vowel-consonant ("tak", "rul", "giv"): a stem that lost its "e"."""
    return len(word) == 3 and word[0] not in "aeiou" and word[1] in "aeiou" and word[2] not in "aeiouwxy"


@cache
def _concepts() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Single-word and phrase lookups, both keyed by stems."""
    with (DATA / "concepts.yaml").open(encoding="utf-8") as handle:
        groups: dict[str, list[str]] = yaml.safe_load(handle)
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for concept, entries in groups.items():
        for entry in entries:
            stems = tuple(stem(w) for w in _WORD.findall(_fold(entry)))
            if len(stems) == 1:
                words.setdefault(stems[0], concept)
            elif stems:
                phrases.setdefault(stems, concept)
    return words, phrases


def concept_words() -> dict[str, list[str]]:
    """Each concept's words as the data file lists them (for candidate look-ups)."""
    with (DATA / "concepts.yaml").open(encoding="utf-8") as handle:
        groups: dict[str, list[str]] = yaml.safe_load(handle)
    return groups


@lru_cache(maxsize=200_000)
def word_weight(word: str) -> float:
    """Rare words weigh more: "Avdiivka" says more than "people" (Zipf scale, English)."""
    rarity = WORD_RARITY_CEILING - zipf_frequency(word, "en")
    return round(min(MAX_WORD_WEIGHT, max(MIN_WORD_WEIGHT, rarity)), 2)


def _fold(text: str) -> str:
    """Lower case, typographic quotes and dashes made plain, accents kept as letters."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_PLAIN)
    return text.lower()


def _number_weight(quantity: Quantity) -> float:
    return NUMBER_WEIGHT if max(quantity.values) >= 10 else SMALL_NUMBER_WEIGHT


@lru_cache(maxsize=100_000)
def claim_features(text: str) -> ClaimFeatures:
    """The features of one claim's text (cached: candidates recur across questions)."""
    folded = _fold(text)
    stated, years, days, spans = _numbers(folded)
    masked = _mask(folded, spans)
    tokens = [(m.group(0), m.start()) for m in _WORD.finditer(masked)]
    words, shown, positions, where = _word_features(tokens)
    quantities = tuple(_with_counted(q, start, positions, tokens, masked) for q, start in stated)
    negated, denial = _polarity(folded, [t for t, _ in tokens])
    governed = _negated_keys(tokens, where, masked) if negated else frozenset()
    if _rejects(tokens, folded):
        negated, denial, governed = True, True, frozenset(words)
    return ClaimFeatures(words, shown, quantities, frozenset(years), frozenset(days), negated, denial,
                         governed)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with its numbers blanked, so number words are not counted twice."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _word_features(tokens: list[tuple[str, int]]) -> tuple[dict[str, float], dict[str, str],
                                                            list[tuple[int, str]], dict[str, list[int]]]:
    """Weighted stems and concepts, what they were written as, where concepts occur, and
    the token positions of every feature."""
    single, phrases = _concepts()
    stems = [stem(t) for t, _ in tokens]
    words: dict[str, float] = {}
    shown: dict[str, str] = {}
    positions: list[tuple[int, str]] = []
    where: dict[str, list[int]] = {}
    skip = 0
    for index, (token, _) in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        phrase = _phrase_at(stems, index, phrases) if stems[index] in _phrase_starts() else None
        if phrase:
            concept, length = phrase
            written = " ".join(t for t, _ in tokens[index:index + length])
            _add(words, shown, f"~{concept}", PHRASE_CONCEPT_WEIGHT, written)
            where.setdefault(f"~{concept}", []).append(index)
            positions.append((index, concept))
            skip = length - 1
            continue
        key = stems[index]
        if token in stop_words() or key in stop_words() or len(token) < 2 or token.isdigit() \
                or token in _months():
            continue
        if key in single:
            _add(words, shown, f"~{single[key]}", CONCEPT_WEIGHT, token)
            where.setdefault(f"~{single[key]}", []).append(index)
            positions.append((index, single[key]))
        else:
            weight = word_weight(token)
            feature = _spelling_key(key) if weight >= RARE_WORD else key
            _add(words, shown, feature, weight, token)
            where.setdefault(feature, []).append(index)
    return words, shown, positions, where


def _spelling_key(word: str) -> str:
    """Rare names are spelt many ways in transliteration ("Shabab", "Shabaab"; "Lykhovii",
    "Lykhoviy"): their consonants, doubled letters once, are the key."""
    skeleton = re.sub(r"[aeiouy']+", "", word)
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
    return f"%{skeleton}" if len(skeleton) >= 3 else word


@cache
def _phrase_starts() -> frozenset[str]:
    """The stems a concept's phrase can start with (most words start none)."""
    return frozenset(stems[0] for stems in _concepts()[1])


def _phrase_at(stems: list[str], index: int, phrases: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    for length in (4, 3, 2):
        concept = phrases.get(tuple(stems[index:index + length]))
        if concept:
            return concept, length
    return None


def _add(words: dict[str, float], shown: dict[str, str], key: str, weight: float, written: str) -> None:
    words[key] = max(words.get(key, 0.0), weight)
    shown.setdefault(key, written)


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], tuple[re.Pattern[str], ...]]:
    """Negation words, denial words (and their stems), negating phrases."""
    lists = _lists()
    denial = set(lists["denial"].split())
    phrases = tuple(re.compile(rf"\b{re.escape(p)}\b") for p in lists["negation_phrases"])
    return frozenset(lists["negation"].split()), frozenset(denial | {stem(w) for w in denial}), phrases


def _negated_keys(tokens: list[tuple[str, int]], where: dict[str, list[int]], text: str) -> frozenset[str]:
    """Features in the scope of a negation or denial cue: from the cue to the end of its
    clause ("is not supplying arms to the parties, it said": ``supply``, ``parties``), so
    that a "not" elsewhere in the sentence does not flip the whole claim."""
    negation, denial, _ = _cues()
    scopes = []
    for index, (token, start) in enumerate(tokens):
        if token in negation or token in denial or token.endswith("n't") or stem(token) in denial:
            boundary = _CLAUSE_END.search(text, start)
            end = boundary.start() if boundary else len(text)
            scopes.append((index, end))
    return frozenset(k for k, spots in where.items()
                     if any(cue < i <= cue + NEGATION_WINDOW and tokens[i][1] < end
                            for i in spots for cue, end in scopes))


def _rejects(tokens: list[tuple[str, int]], folded: str) -> bool:
    """The claim rejects itself as a whole ("is spurious", "was not true", "never occurred")."""
    return not _rejections().isdisjoint(t for t, _ in tokens) or "not true" in folded \
        or "never occurred" in folded


@cache
def _rejections() -> frozenset[str]:
    return frozenset(_lists()["rejection"].split())


def _polarity(folded: str, tokens: list[str]) -> tuple[bool, bool]:
    """(negated, a denial): the claim says something did not happen, or rejects it (each
    distinct word looked at once; a word ending in "n't" only looked for when the text
    has one)."""
    negation, denial, phrases = _cues()
    said = set(tokens)
    negated = not negation.isdisjoint(said) or ("n't" in folded and any(t.endswith("n't") for t in said)) \
        or any(p.search(folded) for p in phrases)
    denies = not denial.isdisjoint(said) or any(stem(t) in denial for t in said)
    return negated or denies, denies


# ------------------------------------------------------------------ numbers


def _numbers(text: str) -> tuple[list[tuple[Quantity, int]], set[int], set[str], list[tuple[int, int]]]:
    """Quantities (with where they start), years, days of months, and the spans they took."""
    found: list[tuple[Quantity, int]] = []
    years: set[int] = set()
    days: set[str] = set()
    spans: list[tuple[int, int]] = []
    for start, end, values, unit in _numeric_spans(text):
        spans.append((start, end))
        before, after = text[max(0, start - 24):start], text[end:end + 12]
        day = _day(values, after, before)
        if day:
            days.add(day)
            continue
        if len(values) == 1 and unit is None and 1900 <= values[0] <= 2100 and values[0] == int(values[0]):
            years.add(int(values[0]))
            continue
        if _patterns()[2].match(after):
            continue  # "three months", "24 hours": a span of time, not a count
        found.append((_quantity(values, before, text[start:end]), start))
    return found, years, days, spans


def _numeric_spans(text: str) -> list[tuple[int, int, list[float], str | None]]:
    """Each stated number or range: (start, end, values, unit), digits and number words alike."""
    items = _digit_numbers(text) + _word_numbers(text)
    items.sort()
    merged: list[tuple[int, int, list[float], str | None]] = []
    for start, end, value, unit in items:
        if merged and _joins_range(text, merged[-1], start):
            p_start, _, p_values, p_unit = merged[-1]
            merged[-1] = (p_start, end, [*p_values, value], unit or p_unit)
            continue
        merged.append((start, end, [value], unit))
    return merged


def _joins_range(text: str, previous: tuple[int, int, list[float], str | None], start: int) -> bool:
    """"10,000-15,000", "3,000 to 4,000", "between 10,000 and 15,000": one range."""
    p_start, p_end, p_values, _ = previous
    gap = text[p_end:start].strip()
    if len(p_values) != 1 or len(text[p_end:start]) > 5:
        return False
    return gap in ("-", "to") or (gap in ("and", "-") and text[:p_start].rstrip().endswith("between"))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled once: a multiplier after a number, number words, time units."""
    lists = _lists()
    scale = re.compile(r"\s*(" + "|".join(map(re.escape, lists["multipliers"])) + r")\b")
    names = re.compile(r"\b(" + "|".join(sorted(lists["numbers"], key=len, reverse=True))
                       + r")\b(?:\s+(hundred|thousand|million|billion)\b)?")
    time = re.compile(r"[\s-]*(" + "|".join(lists["time_units"].split()) + r")\b")
    return scale, names, time


def _digit_numbers(text: str) -> list[tuple[int, int, float, str | None]]:
    lists = _lists()
    found = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        end = match.end()
        scale = _patterns()[0].match(text, end)
        if scale:
            value *= float(lists["multipliers"][scale.group(1)])
            end = scale.end()
        unit = "%" if match.group(2) else None
        found.append((match.start(), end, value, unit))
    return found


def _word_numbers(text: str) -> list[tuple[int, int, float, str | None]]:
    lists = _lists()
    names: dict[str, int] = lists["numbers"]
    found: list[tuple[int, int, float, str | None]] = []
    for match in _patterns()[1].finditer(text):
        if match.group(1) == "hundred" and not match.group(2):
            if re.search(r"\b(a|one)\s+$", text[:match.start()]):
                found.append((match.start(), match.end(), 100.0, None))
            continue
        value = float(names[match.group(1)])
        if match.group(2):
            value *= float(lists["multipliers"][match.group(2)])
        found.append((match.start(), match.end(), value, None))
    return found


@cache
def _months() -> frozenset[str]:
    return frozenset(_lists()["months"].split())


def _day(values: list[float], after: str, before: str) -> str | None:
    """The day of a month a number is ("25 February", "Feb 25"), if it is one (the words
    around it are looked at only for a whole number from 1 to 31)."""
    if len(values) != 1 or not 1 <= values[0] <= 31 or values[0] != int(values[0]):
        return None
    months = _month_numbers()
    for near in (_WORD_AFTER.match(after), _WORD_BEFORE.search(before)):
        if near and near.group(1) in months:
            return f"{months[near.group(1)]:02d}-{int(values[0]):02d}"
    return None


@cache
def _month_numbers() -> dict[str, int]:
    """Each month's names ("february", "feb") -> its number."""
    numbers: dict[str, int] = {}
    for index, name in enumerate(_lists()["months"].split()):
        numbers.setdefault(name, index % 12 + 1 if index < 12 else _short_month(name))
    return numbers


def _short_month(name: str) -> int:
    return {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
            "oct": 10, "nov": 11, "dec": 12}[name]


def _quantity(values: list[float], before: str, written: str) -> Quantity:
    """The interval a stated number allows, from the words just before it."""
    lead = before.rstrip()
    low, high = min(values), max(values)
    if len(values) == 1:
        if lead.endswith(_LOWER_BOUND):
            high = math.inf
        elif lead.endswith(("up to", "as many as", "fewer than", "less than", "under")):
            low = 0.0
        elif lead.endswith(_ABOUT):
            low, high = low * (1 - APPROXIMATE), high * (1 + APPROXIMATE)
    return Quantity(low, high, tuple(values), None, written)


def _with_counted(quantity: Quantity, start: int, positions: list[tuple[int, str]],
                  tokens: list[tuple[str, int]], text: str) -> Quantity:
    """Attach the concept a number counts: the nearest countable concept just after it
    ("32 people were killed"), else just before it ("killing 85 people")."""
    index = bisect_right(tokens, start, key=lambda token: token[1])   # the first token after it
    after = [(i - index, c) for i, c in positions if 0 <= i - index < COUNT_WINDOW and c in COUNTED
             and not _BREAK.search(text[start:tokens[i][1]])]
    before = [(index - i, c) for i, c in positions if 0 < index - i <= 3 and c in COUNTED
              and not _BREAK.search(text[tokens[i][1]:start])]
    if before:   # "killed at least 500 people and raped others": the count's phrase ends at "and"
        after = [(d, c) for d, c in after if not _AND.search(text[start:tokens[index + d][1]])]
    best = min(after or before, default=None)
    return Quantity(quantity.low, quantity.high, quantity.values, best[1] if best else None, quantity.text)
