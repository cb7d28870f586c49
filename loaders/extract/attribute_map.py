"""spaCy's attribute ruler compiled to lookups: the same annotations at a tenth of the cost.

The English pipeline's ``attribute_ruler`` maps fine tags to coarse parts of speech,
morphology and some lemmas with about 180 one- and two-token Matcher patterns. Run
through the general Matcher that is a sixth of the whole extraction on ordinary text,
though every pattern is a plain test of a token's tag, lower-case form, dependency or
whitespace. Here each pattern becomes a predicate, evaluated once per combination of a
token's features, and the matches are applied in the ruler's own order (a later rule
wins), so the tokens end with the attributes the ruler gives them
(``tests/loaders/test_ner_attribute_map.py`` compares both on real text). A pattern
with an operator or a test it does not know makes :func:`compile_ruler` give ``None``
and the ruler is then kept as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]  # compiled, no stub
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "conflictkg_attribute_map"
# (tag, lower-case form, dependency, is whitespace) of one token.
Features = tuple[str, str, str, bool]
Test = Callable[[Features], bool]
FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


@dataclass(frozen=True)
class Rule:
    """One of the ruler's patterns: its place in the ruler's order, a test per token,
    which token of the match takes the attributes, and the attributes."""

    order: int
    tests: tuple[Test, ...]
    index: int
    attrs: dict[Any, Any]


def _value_test(field: int, spec: object) -> Test | None:
    """The test a Matcher makes of one attribute, or ``None`` for one not handled here."""
    if isinstance(spec, str | bool):
        return lambda f: f[field] == spec
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    (kind, operand), = spec.items()
    if kind == "IN" and isinstance(operand, list):
        allowed = frozenset(operand)
        return lambda f: f[field] in allowed
    if kind == "NOT_IN" and isinstance(operand, list):
        barred = frozenset(operand)
        return lambda f: f[field] not in barred
    if kind == "REGEX" and isinstance(operand, str) and field != FIELDS["IS_SPACE"]:
        pattern = re.compile(operand)
        return lambda f: pattern.search(str(f[field])) is not None
    return None


def _token_test(token: dict[str, object]) -> Test | None:
    tests = []
    for key, spec in token.items():
        field = FIELDS.get(key)
        test = _value_test(field, spec) if field is not None else None
        if test is None:
            return None
        tests.append(test)
    return lambda f: all(t(f) for t in tests)


# Per token: the single-token rules it matches, per longer rule which positions it fits,
# and the longer rules whose first position it fits.
Passes = tuple[tuple[Rule, ...], tuple[tuple[bool, ...], ...], tuple[int, ...]]


@dataclass(frozen=True)
class LowerForms:
    """What the patterns ask of a token's lower-case form: the words they name (an equal
    or IN/NOT_IN test) and the regular expressions they search it with. A word no test
    names passes and fails the same tests as any other such word with the same regex
    results, so the map's table keys it by those results alone."""

    words: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


class AttributeMap:
    """The compiled ruler; ``__call__`` annotates a parsed Doc as the ruler would.

    Which rules a token passes depends only on its four features, and a text repeats
    few combinations, so the answer is kept per combination (a bounded table). The
    lower-case form counts only when a pattern names it: text full of names and
    numbers no pattern knows then fills a table of tags and dependencies, not words."""

    MEMO_LIMIT = 200_000

    def __init__(self, rules: list[Rule], lower: LowerForms | None = None):
        self.single = [r for r in rules if len(r.tests) == 1]
        self.longer = [r for r in rules if len(r.tests) > 1]
        self.lower = lower
        self._named: frozenset[int] = frozenset(hash_string(w) for w in lower.words) if lower else frozenset()
        self._memo: dict[tuple[object, ...], Passes] = {}

    def _key(self, row: list[int], doc: Doc) -> tuple[object, ...]:
        """The table's key for a token: its lower-case form stands as itself when a
        pattern names it, else as its regex results (every such form passes alike)."""
        if self.lower is None or row[1] in self._named:
            return tuple(row)
        form = doc.vocab.strings[row[1]]
        return (row[0], tuple(p.search(form) is not None for p in self.lower.patterns), row[2], row[3])

    def _passes(self, row: list[int], doc: Doc) -> Passes:
        """(single-token rules the token matches, per longer rule which of its tokens it
        could be, the longer rules it could start)."""
        key = self._key(row, doc)
        known = self._memo.get(key)
        if known is None:
            strings = doc.vocab.strings
            f: Features = (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))
            fits = tuple(tuple(t(f) for t in r.tests) for r in self.longer)
            known = (tuple(r for r in self.single if r.tests[0](f)), fits,
                     tuple(j for j, fit in enumerate(fits) if fit[0]))
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = known
        return known

    def __call__(self, doc: Doc) -> Doc:
        table = doc.to_array(["TAG", "LOWER", "DEP", "IS_SPACE"]).tolist()
        rows = [self._passes(row, doc) for row in table]
        matches: list[tuple[int, int, int, Rule]] = []
        for i, (single, _, starts) in enumerate(rows):
            matches.extend((rule.order, i, i + 1, rule) for rule in single)
            for j in starts:
                rule = self.longer[j]
                width = len(rule.tests)
                if i + width <= len(rows) and all(rows[i + k][1][j][k] for k in range(1, width)):
                    matches.append((rule.order, i, i + width, rule))
        matches.sort(key=lambda m: (m[0], m[1]))
        for _, start, end, rule in matches:   # the token the ruler's span[index] names
            set_token_attrs(doc[start + rule.index if rule.index >= 0 else end + rule.index], rule.attrs)
        return doc


def lower_forms(patterns: list[list[dict[str, object]]]) -> LowerForms:
    """The words and regular expressions the patterns' LOWER tests use."""
    words: set[str] = set()
    found: list[re.Pattern[str]] = []
    for token in (token for pattern in patterns for token in pattern):
        spec = token.get("LOWER")
        if isinstance(spec, str):
            words.add(spec)
        elif isinstance(spec, dict):
            for kind, operand in spec.items():
                if kind in ("IN", "NOT_IN") and isinstance(operand, list):
                    words.update(w for w in operand if isinstance(w, str))
                elif kind == "REGEX" and isinstance(operand, str):
                    found.append(re.compile(operand))
    return LowerForms(frozenset(words), tuple(found))


def compile_ruler(ruler: Any) -> AttributeMap | None:
    """The ruler's patterns as an :class:`AttributeMap`; ``None`` when one of them uses
    something the map does not reproduce (an operator, another attribute)."""
    rules = []
    every: list[list[dict[str, object]]] = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        _, patterns = ruler.matcher.get(str(order))
        for pattern in patterns:
            tests = [_token_test(token) for token in pattern]
            if not pattern or any(t is None for t in tests):
                return None
            rules.append(Rule(order, tuple(t for t in tests if t is not None), index, attrs))
            every.append(pattern)
    return AttributeMap(rules, lower_forms(every))


@Language.factory(FACTORY)
def make_attribute_map(nlp: Language, name: str) -> AttributeMap:
    """The pipeline's attribute ruler, compiled (added right after it, which is then disabled)."""
    compiled = compile_ruler(nlp.get_pipe("attribute_ruler"))
    if compiled is None:  # pragma: no cover - checked before the factory is used
        raise ValueError("the attribute ruler has patterns the attribute map cannot reproduce")
    return compiled
