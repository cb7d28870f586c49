"""Candidates for corroboration: claims that share a claim's rarest words, from the text index.

Comparing a claim with every claim that mentions its entities does not scale (one
entity can have 100,000 claims) and finds nothing when the entity is missing. Instead
we look up the claim's most distinctive words (rare in English, see
``queries.features.word_weight``) in the store's word index. A word held by more than
``POSTINGS_CAP`` claims names a topic, not a fact, and is not used to find candidates
(the answer lists such words). Two wordings of one fact may share no rare word at all
("at least 500 people were killed in violation of norms..." / "more than 500 people were
killed by Malian troops"),
so the claim's counts (as digits and as words: "seven", "7") and the entities it
mentions are looked up too, each under the same rule: one held by more than the cap
names a topic and is not used; entities too common alone are looked up in pairs (the
claims naming both a group and a place). Candidates are ranked by how much of the claim's rare
vocabulary, counts and entities they share; those sharing less than ``MIN_SHARE_OF_BEST`` of the best one's
share are not compared, and at most ``MAX_CANDIDATES`` are; the answer gives both
counts and says when it stopped.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from graph.stores.base import ClaimQuery, GraphStore, search_tokens
from queries.features import claim_features, number_names, stop_words, word_weight

POSTINGS_CAP = 300       # a word in more claims than this is not used to find candidates
MAX_CANDIDATES = 50      # candidates compared in full, the best-ranked first
MIN_SHARE_OF_BEST = 0.02  # candidates sharing less than this share of the best one's words are not compared
KEY_WORDS = 10           # the claim's rarest words looked up in the index
MIN_KEY_WEIGHT = 1.0     # words more common than this (in English) are never looked up
NUMBER_KEY_WEIGHT = 3.0  # a count both claims state ranks a candidate like a rare word
ENTITY_KEY_WEIGHT = 2.5  # so does an entity both mention
SMALLEST_COUNT = 2       # "one" and "1" say nothing about which fact it is
MAX_PAIRS = 3            # pairs of entities, each too common alone, looked up together


@runtime_checkable
class WordPostings(Protocol):
    """A store that can list, per word, the claims holding it, up to a cap, in one call."""

    def word_postings(self, words: Sequence[str], label: str, cap: int) -> dict[str, list[str] | None]:
        """Ids of the ``label`` nodes whose searchable text holds each word, in id order;
        None for a word held by more than ``cap`` nodes."""


@dataclass
class Candidates:
    """The claims to compare, and how the look-up went (nothing is dropped silently)."""

    ids: list[str]
    words: list[str]
    too_common: list[str] = field(default_factory=list)
    found: int = 0
    stopped: bool = False
    too_far: int = 0         # sharing too little of the claim's rare words to be compared

    def to_dict(self) -> dict[str, object]:
        """What the answer says about the search for candidates."""
        return {"looked_up": self.words, "too_common": self.too_common, "claims_sharing_words": self.found,
                "sharing_too_little": self.too_far, "compared": len(self.ids),
                "stopped_at": MAX_CANDIDATES if self.stopped else None}


def key_words(text: str) -> list[str]:
    """The claim's most distinctive index words, rarest first."""
    tokens = {t for t in search_tokens(text) if not t.isdigit() and len(t) > 1 and t not in stop_words()}
    weighted = sorted(((word_weight(t), t) for t in tokens), key=lambda p: (-p[0], p[1]))
    return [t for w, t in weighted if w >= MIN_KEY_WEIGHT][:KEY_WORDS]


def number_keys(text: str) -> list[str]:
    """The index words of the claim's counts ("500"; "seven" and "7"), not its years.
    A count written with separators ("15,000") is not one index word and is left out."""
    names = number_names()
    keys: set[str] = set()
    for quantity in claim_features(text).quantities:
        for value in quantity.values:
            if value != int(value) or value < SMALLEST_COUNT or 1900 <= value <= 2100:
                continue
            if value < 1000:
                keys.add(str(int(value)))
            keys.update(names.get(int(value), ()))
    return sorted(keys)


Postings = dict[str, list[str] | None]


def word_postings(store: GraphStore, words: Sequence[str], cap: int = POSTINGS_CAP) -> Postings:
    """Per word, the claims holding it (None when more than ``cap`` do).

    Uses the store's own batched look-up when it has one; otherwise one text search per
    word, which every store offers.
    """
    if isinstance(store, WordPostings):
        return store.word_postings(words, "Claim", cap)
    found: dict[str, list[str] | None] = {}
    for word in words:
        hits = store.search(word, ["Claim"], limit=cap + 1)
        found[word] = None if len(hits) > cap else [h.node.id for h in hits]
    return found


@runtime_checkable
class MentionPostings(Protocol):
    """A store that can list, per entity, the claims linked to it, up to a cap, in one call."""

    def mention_postings(self, entities: Sequence[str], cap: int) -> dict[str, list[str] | None]:
        """Ids of the claims linked to each entity, in id order; None for an entity linked
        to more than ``cap`` claims."""


def entity_postings(store: GraphStore, entities: Sequence[str], cap: int = POSTINGS_CAP) -> Postings:
    """Per entity, the claims mentioning it (None when more than ``cap`` do): the store's
    own capped look-up in one call when it has one; otherwise one paged claims-about
    question each."""
    if isinstance(store, MentionPostings):
        return store.mention_postings(entities, cap)
    found: Postings = {}
    for entity in entities:
        page = store.claim_page(ClaimQuery(entities=(entity,), limit=cap + 1))
        found[entity] = None if page.total > cap else [cid for cid, _ in page.claims]
    return found


@runtime_checkable
class PairPostings(Protocol):
    """A store that can list, per pair of entities, the claims linked to both, up to a cap."""

    def pair_postings(self, pairs: Sequence[tuple[str, str]], cap: int
                      ) -> dict[tuple[str, str], list[str] | None]:
        """Ids of the claims linked to both entities of each pair, in id order; None for
        a pair linked to more than ``cap`` claims."""


def pair_postings(store: GraphStore, entities: Sequence[str], cap: int = POSTINGS_CAP) -> Postings:
    """Claims mentioning both entities of a pair, for entities each held by more than
    ``cap`` claims: in a large store a group and a place each name a topic (a group with
    2,500 claims, a place with 400) while the claims naming both are a handful, the
    telling of one fact. Keyed "a & b"; at most ``MAX_PAIRS`` pairs, in one call to a
    store that lists them itself (the look-up stops at the cap), otherwise one paged
    claims-about question each (the region scope of claims-about)."""
    pairs = list(itertools.combinations(sorted(entities), 2))[:MAX_PAIRS]
    if isinstance(store, PairPostings):
        return {f"{a} & {b}": claims for (a, b), claims in store.pair_postings(pairs, cap).items()}
    found: Postings = {}
    for a, b in pairs:
        page = store.claim_page(ClaimQuery(entities=(a,), within=(b,), limit=cap + 1))
        found[f"{a} & {b}"] = None if page.total > cap else [cid for cid, _ in page.claims]
    return found


def find_candidates(store: GraphStore, claim_id: str, text: str,
                    entities: Sequence[str] = (), siblings: Collection[str] = ()) -> Candidates:
    """Claims sharing the claim's rare words, counts or entities, best first, at most
    ``MAX_CANDIDATES``. ``siblings`` (the other claims of its report, never corroboration)
    are left out before ranking, so that a report naming its speaker in every sentence
    does not push every other report's wording below the floor."""
    words = key_words(text)
    numbers = [n for n in number_keys(text) if n not in words]
    postings = word_postings(store, [*words, *numbers], POSTINGS_CAP)
    postings.update(entity_postings(store, sorted(entities), POSTINGS_CAP))
    pairs = pair_postings(store, [e for e in entities if postings.get(e) is None], POSTINGS_CAP)
    postings.update(pairs)
    weights = {**{w: word_weight(w) for w in words}, **{n: NUMBER_KEY_WEIGHT for n in numbers},
               **{e: ENTITY_KEY_WEIGHT for e in entities}, **{p: 2 * ENTITY_KEY_WEIGHT for p in pairs}}
    score: dict[str, float] = defaultdict(float)
    too_common = []
    for key, key_weight in weights.items():
        ids = postings.get(key)
        if ids is None:
            too_common.append(key)
            continue
        for cid in ids:
            score[cid] += key_weight / math.log2(2 + len(ids))
    for own in (claim_id, *siblings):
        score.pop(own, None)
    ranked = sorted(score, key=lambda c: (-score[c], c))
    floor = MIN_SHARE_OF_BEST * score[ranked[0]] if ranked else 0.0
    close = [c for c in ranked if score[c] >= floor]
    looked_up = [*words, *numbers, *sorted(entities), *pairs]
    return Candidates(close[:MAX_CANDIDATES], looked_up, too_common, len(ranked), len(close) > MAX_CANDIDATES,
                      len(ranked) - len(close))
