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


# Per token: the single-token rules it matches; per longer rule, which positions it fits.
Passes = tuple[tuple[Rule, ...], tuple[tuple[bool, ...], ...]]


class AttributeMap:
    """The compiled ruler; ``__call__`` annotates a parsed Doc as the ruler would.

    Which rules a token passes depends only on its four features, and a text repeats
    few combinations, so the answer is kept per combination (a bounded table)."""

    MEMO_LIMIT = 200_000

    def __init__(self, rules: list[Rule]):
        self.single = [r for r in rules if len(r.tests) == 1]
        self.longer = [r for r in rules if len(r.tests) > 1]
        self._memo: dict[tuple[int, ...], Passes] = {}

    def _passes(self, key: tuple[int, ...], doc: Doc) -> Passes:
        """(single-token rules the token matches, per longer rule which of its tokens it could be)."""
        known = self._memo.get(key)
        if known is None:
            strings = doc.vocab.strings
            f: Features = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            known = (tuple(r for r in self.single if r.tests[0](f)),
                     tuple(tuple(t(f) for t in r.tests) for r in self.longer))
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = known
        return known

    def __call__(self, doc: Doc) -> Doc:
        table = doc.to_array(["TAG", "LOWER", "DEP", "IS_SPACE"]).tolist()
        rows = [self._passes(tuple(row), doc) for row in table]
        matches: list[tuple[int, int, int, Rule]] = []
        for i, (single, longer) in enumerate(rows):
            matches.extend((rule.order, i, i + 1, rule) for rule in single)
            for j, rule in enumerate(self.longer):
                width = len(rule.tests)
                fits = longer[j][0] and i + width <= len(rows)
                if fits and all(rows[i + k][1][j][k] for k in range(1, width)):
                    matches.append((rule.order, i, i + width, rule))
        matches.sort(key=lambda m: (m[0], m[1]))
        for _, start, end, rule in matches:
            set_token_attrs(doc[start:end][rule.index], rule.attrs)
        return doc


def compile_ruler(ruler: Any) -> AttributeMap | None:
    """The ruler's patterns as an :class:`AttributeMap`; ``None`` when one of them uses
    something the map does not reproduce (an operator, another attribute)."""
    rules = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        _, patterns = ruler.matcher.get(str(order))
        for pattern in patterns:
            tests = [_token_test(token) for token in pattern]
            if not pattern or any(t is None for t in tests):
                return None
            rules.append(Rule(order, tuple(t for t in tests if t is not None), index, attrs))
    return AttributeMap(rules)


@Language.factory(FACTORY)
def make_attribute_map(nlp: Language, name: str) -> AttributeMap:
    """The pipeline's attribute ruler, compiled (added right after it, which is then disabled)."""
    compiled = compile_ruler(nlp.get_pipe("attribute_ruler"))
    if compiled is None:  # pragma: no cover - checked before the factory is used
        raise ValueError("the attribute ruler has patterns the attribute map cannot reproduce")
    return compiled
