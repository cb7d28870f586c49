"""The chain's question, asked without writing down why, gives the full rule's answer.

``same_claim`` asks the match rule (``matching.decide``) for the yes or no alone and
answers pairs of different dates or opposite polarity before adding anything up (it
runs a hundred thousand times in one origin count), so it is checked against
``compare_texts`` on the invented fixture pairs, on template claims whose names hold
numbers (the benchmark corpus's kind), and on every pair of sentences within each
real-news cluster.
"""

from __future__ import annotations

import random
import re
from itertools import combinations

import yaml

from queries.features import claim_features, without_names
from queries.matching import NO_TOPIC, Topic, compare, compare_texts, decide, weighed
from queries.similarity import same_claim
from tests.conftest import FIXTURES, shared_path

PAIRS = yaml.safe_load((FIXTURES / "corroboration" / "pairs.yaml").read_text(encoding="utf-8"))


def full_rule(a: str, ea: set[str], b: str, eb: set[str]) -> bool:
    match = compare_texts(a, ea, b, eb)
    return match.matched and not match.opposed


def agree(pairs: list[tuple[str, set[str], str, set[str]]]) -> int:
    """Assert both forms agree on every pair, both ways round; the number that match."""
    matched = 0
    for a, ea, b, eb in pairs:
        for args in ((a, ea, b, eb), (b, eb, a, ea)):
            expected = full_rule(*args)
            assert same_claim(*args) is expected, args
            matched += expected
    return matched


def test_fixture_pairs_with_and_without_their_entities() -> None:
    pairs: list[tuple[str, set[str], str, set[str]]] = []
    for pair in (p for kind in ("same", "different", "conflicts", "opposed") for p in PAIRS[kind]):
        ea, eb = (set(e) for e in pair["entities"])
        pairs += [(pair["a"], ea, pair["b"], eb), (pair["a"], set(), pair["b"], set())]
    matched = agree(pairs)
    assert 10 <= matched < 2 * len(pairs)   # both answers occur


def test_template_claims_with_numbered_names() -> None:
    rng = random.Random(5)
    verbs = ["supplies", "fights", "allied with", "shelters"]

    def claim() -> tuple[str, set[str]]:
        first, second, place = rng.randrange(2000), rng.randrange(2000), rng.randrange(300)
        entities = {f"org:{first}", f"org:{second}", f"reg:{place}"}
        a, b, where = f"Front {first:04d}", f"Front {second:04d}", f"Shire {place:03d}"
        if rng.random() < 0.5:
            return f"{a} and {b} were both reported in {where}.", entities
        return f"{a} {rng.choice(verbs)} {b} in {where}, officials said.", entities

    claims = [claim() for _ in range(120)]
    pairs = [(a, ea, b, eb) for (a, ea), (b, eb) in combinations(claims, 2)]
    matched = agree(pairs)
    assert 0 < matched < 2 * len(pairs)


def test_every_sentence_pair_of_each_real_news_cluster() -> None:
    root = shared_path("corpus", "real-news")
    matched = compared = 0
    for cluster in sorted(p for p in root.iterdir() if p.is_dir()):
        sentences = []
        for path in sorted(cluster.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s) <= 400][:40]
        pairs = [(a, set[str](), b, set[str]()) for a, b in combinations(sentences, 2)]
        matched += agree(pairs)
        compared += len(pairs)
    assert compared > 5_000 and matched > 0


def test_writing_down_why_changes_no_answer() -> None:
    """``compare`` and ``restates`` ask one rule (``decide``), one of them writing the
    shared features down; with a topic too, the score and the answer are the same."""
    features = [(without_names(claim_features(p[side]), p["entities"][index]), set(p["entities"][index]))
                for p in PAIRS["same"] + PAIRS["different"] for index, side in enumerate("ab")]
    topic = Topic(features)
    seen = 0
    for (fa, ea), (fb, eb) in combinations(features, 2):
        for chosen in (topic, NO_TOPIC):
            shared: dict[str, list[str]] = {}
            explained = decide(weighed(fa), ea, weighed(fb), eb, chosen, shared)
            assert decide(weighed(fa), ea, weighed(fb), eb, chosen) == explained
            assert compare(fa, ea, fb, eb, chosen).matched is explained.matched
            seen += explained.matched and bool(shared)
    assert seen >= 10
