"""Attribution in prose: who says each claim, found on the dependency parse.

An attribution is three spans (PARC 3.0): the source ("a UN report seen by AFP"), the
cue ("said", "according to") and the content (the claim). Reporters write the source
as the subject of a speech or cognition verb ("the experts wrote"), the agent of a
passive one ("described as conservative by experts"), the object of a preposition
("according to", "as per", "citing") or the head of a relative clause ("a report that
said"). The parse finds those roles whatever the word order, so the same rules hold
for "'...,' said X", "X said" and "X, who said". What the source stands for (a
document, a person, a body, an earlier source) is decided later, in resolution; here
we keep the words, their spans, the stance and any channel ("seen by AFP").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from loaders.extract.cues import Attribution
from loaders.extract.nlp import Parses
from loaders.extract.sourcing_words import SourcingWords, sourcing_words

MAX_SOURCE_TOKENS = 30
BODY_NOUNS = frozenset({"agency", "newspaper", "outlet", "broadcaster", "organisation", "organization",
                        "group", "watchdog", "network"})
# At most this much of a report's text is parsed for attributions (about 80,000 words),
# so a 20 MB file extracts in seconds; the extraction warns when a report goes past it.
PARSE_BUDGET_CHARS = 500_000
# Words too common to make a sentence worth parsing on their own ("as", "in").
COMMON_WORDS = frozenset({"as", "in", "per"})
QUOTE_CHARS = "\"“”«»„"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TIME_WORDS = re.compile(
    r"\b(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:(?:early|mid|late)[\s-]+)?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?|\d{1,2}\s+(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December)(?:\s+\d{4})?|"
    r"(?:this|last|next)\s+(?:week|month|year)|today|yesterday|tonight|(?:19|20)\d\d|"
    r"recent(?:ly)?|new|latest|forthcoming|upcoming)\b", re.I)
_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
_INHERIT_DEPS = ("conj", "xcomp", "advcl")
_NOT_CUE_DEPS = ("amod", "compound", "nmod", "npadvmod", "det")
TOPIC_PREPOSITIONS = frozenset({"on", "about", "into", "of", "over", "regarding", "concerning"})
NOT_DOCUMENT_VERBS = frozenset({"be", "have", "do", "come", "follow", "arrive", "mark", "coincide", "land",
                                "become", "go", "get", "remain", "precede", "take", "make", "run", "cover",
                                "circulate", "release", "publish", "leak", "submit", "send", "reach"})


def candidate_sentences(text: str, spans: Iterable[tuple[int, int]],
                        words: SourcingWords | None = None) -> tuple[list[tuple[int, int]], bool]:
    """Spans worth parsing (a cue word, a source preposition or a quotation), and whether
    the parse budget stopped the list short."""
    vocab = words or sourcing_words()
    firsts = {p[0] for p in vocab.prepositions} - COMMON_WORDS | {"according", "referring"}
    documents = {n for n, kind in vocab.document_kind.items() if kind in ("report", "statement", "letter")}
    wanted: list[tuple[int, int]] = []
    budget = PARSE_BUDGET_CHARS
    for start, end in spans:
        sentence = text[start:end]
        lowered = {w.lower() for w in _WORD.findall(sentence)}
        cue = lowered & vocab.verb_forms or lowered & firsts or lowered & documents
        if cue or any(q in sentence for q in QUOTE_CHARS):
            budget -= end - start
            if budget < 0:
                return wanted, True
            wanted.append((start, end))
    return wanted, False


def attributions_in(parses: Parses, start: int, end: int,
                    words: SourcingWords | None = None) -> list[Attribution]:
    """The attributions of the sentence ``text[start:end]``, each span in document offsets."""
    parsed = parses.get(start, end)
    if parsed is None:
        return []
    finder = _SentenceFinder(parsed, start, words or sourcing_words(), parses.parsed_text(start, end))
    return finder.run()


PREPOSITIONAL_CUES = ("according", "per", "citing", "quoting", "referring")


def _cue_tokens(parsed: Any) -> list[int]:
    """Indices of the tokens a cue can start at (a prepositional cue's word, a verb or an
    auxiliary), read from the Doc's arrays: the other tokens are never built as objects."""
    strings = parsed.vocab.strings
    cues = {strings.add(w) for w in PREPOSITIONAL_CUES}
    verbs = (strings["VERB"], strings["AUX"])  # a part of speech's name gives its symbol id
    table = parsed.to_array(["LOWER", "POS"]).tolist()
    return [i for i, (lower, pos) in enumerate(table) if pos in verbs or lower in cues]


class _SentenceFinder:
    """The rules for one parsed sentence; offsets are shifted by ``base``."""

    def __init__(self, parsed: Any, base: int, words: SourcingWords, text: str | None = None):
        self.parsed, self.base, self.words = parsed, base, words
        # a spaCy Doc rebuilds .text from its tokens on every read: the parsed text, when known
        self.text: str = text if text is not None else parsed.text
        self.commas = [t.i for t in parsed if t.text == ","]
        self.found: list[Attribution] = []
        self._basis_verbs = {verb for verb, _ in words.basis_phrases if verb != "attribute"}
        self._pending_nests: list[tuple[Attribution, Any]] = []
        self._trailing: dict[int, tuple[int, int]] = {}

    def run(self) -> list[Attribution]:
        for index in _cue_tokens(self.parsed):
            token = self.parsed[index]
            if token.lower_ in PREPOSITIONAL_CUES:
                self._prepositional(token)
            elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in self.words.verb_stance:
                self._verbal(token)
            elif token.pos_ == "VERB" and self._document_subject(token) is not None:
                self._add(self._document_subject(token), token.text.lower(), token.idx,
                          token.idx + len(token))
            elif token.pos_ == "VERB" and token.lemma_.lower() in self._basis_verbs:
                self._add(self._basis_object(token), token.lemma_.lower() + " " + "on",
                          token.idx, token.idx + len(token))
        for inner, outer in self._pending_nests:
            if inner in self.found:
                self._nest(inner, outer)
        found = _drop_first_person(sorted(self.found, key=lambda a: (a.start, a.end)))
        found = self._drop_bare_figures(found)
        return _nest_quoted(_issuer_hints(found), self.text, self.base)

    def _drop_bare_figures(self, found: list[Attribution]) -> list[Attribution]:
        """"The figures came from a report by X": the figures are what is sourced, not a
        source, when the sentence names one."""
        def bare_figure(a: Attribution) -> bool:
            words = a.who.lower().split()
            capitalised = any(w[:1].isupper() for w in a.who.split()[1:])
            return (a.kind == "document" and len(words) <= 2 and not capitalised
                    and self.words.document_kind.get(words[-1]) == "estimate")
        others = [a for a in found if not bare_figure(a)]
        return others if others else found

    # ----------------------------------------------------------------- cues

    def _prepositional(self, token: Any) -> None:
        """"according to X", "as per X", "citing X" ("X" is the source)."""
        low = token.lower_
        if low == "according":
            to = next((t for t in token.children if t.lower_ == "to"), None)
            if to is None and token.i + 1 < len(self.parsed) and self.parsed[token.i + 1].lower_ == "to":
                to = self.parsed[token.i + 1]
            source = _object_of(to) if to is not None else None
            cue_end = (to.idx + len(to)) if to is not None else token.idx + len(token)
            made = self._add(source, "according to", token.idx, cue_end)
            if made is not None:
                self._extend_to_clause_end(made)
        elif low == "per":
            before = self.parsed[token.i - 1].lower_ if token.i else ""
            if before in ("as", ",") or token.i == 0:
                self._add(_object_of(token), "as per", token.idx, token.idx + len(token))
        else:
            self._citing(token)

    def _extend_to_clause_end(self, made: Attribution) -> None:
        """"according to the X Council </b>.": when the parse cuts the source short and only
        verbless words follow before the clause ends, they are part of its name."""
        rest = [t for t in self.parsed if self.base + t.idx >= made.end]
        run = []
        for token in rest[:MAX_SOURCE_TOKENS]:
            if token.text in (",", ";", ":", ".", "(", ")") or token.lower_ in ("that", "which", "who"):
                break
            if token.pos_ in ("VERB", "AUX"):
                return
            run.append(token)
        if not run or (rest and len(run) == len(rest[:MAX_SOURCE_TOKENS]) and len(rest) > MAX_SOURCE_TOKENS):
            return
        end = self.base + run[-1].idx + len(run[-1])
        index = self.found.index(made)
        who = " ".join(self.text[made.start - self.base:end - self.base].split())
        self.found[index] = replace(made, who=who, end=end)

    def _citing(self, token: Any) -> None:
        """"X, citing Y", "X, referring to Y": Y is a source that reached us through X."""
        obj = next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None)
        if token.lower_ == "referring":
            obj = self._referred_source(token)
        outer = self._source_of(token)
        if outer is None and token.dep_ == "acl":   # "ISW experts, referring to ..., said"
            outer = token.head
        nested = self._add(obj, token.lower_, token.idx, token.idx + len(token))
        if nested is not None and outer is not None:
            self._pending_nests.append((nested, outer))   # the outer source may come later

    def _named_by(self, head: Any) -> Any | None:
        """The name set off by commas after a description ("a news agency based in London,
        Reuters, claimed"): an apposition of the head or of the last word of its phrase."""
        for token in head.subtree:
            if token.i <= head.i or token.pos_ != "PROPN":
                continue
            set_off = token.left_edge.i > 0 and self.parsed[token.left_edge.i - 1].text == ","
            if (token.dep_ == "appos" and (token.head.i == head.i or set_off)) or (
                    token.dep_ == "npadvmod" and token.head.i == head.i and set_off):
                return token
        return None

    def _referred_source(self, token: Any) -> Any | None:
        """"referring to the statement by X" cites X, "referring to a UN report" the
        report; "referring to Al-Shabaab as 'Kharijites'" names, it does not cite."""
        to = next((c for c in token.children if c.lower_ == "to"), None)
        obj = _object_of(to) if to is not None else None
        if obj is None or any(c.lower_ == "as" for c in (*token.children, *obj.children)):
            return None
        if obj.lemma_.lower() in ("statement", "remark", "comment", "word", "words", "data", "claim"):
            return next((_object_of(c) for c in obj.children if c.lower_ in ("by", "of")), obj)
        return obj if self._document_noun(obj) else None

    def _verbal(self, verb: Any) -> None:
        lemma = verb.lemma_.lower()
        if verb.dep_ in _NOT_CUE_DEPS or verb.tag_ == "JJ":
            return
        if lemma in ("cite", "quote"):
            self._citing(verb)
            return
        if not self._is_cue_use(verb, lemma):
            return
        source = self._source_of(verb)
        if source is None:
            return
        stance = self._stance(verb, lemma)
        cue_start, cue_end = verb.idx, verb.idx + len(verb)
        made = self._add(source, verb.text, cue_start, cue_end, stance=stance, verb=verb)
        if made is None:
            return
        self._object_document(verb, stance)
        self._nested_by_attribute(verb, made)

    def _is_cue_use(self, verb: Any, lemma: str) -> bool:
        """Verbs like "put" and "call" cite only with some objects; "claimed lives" does not."""
        if lemma in self.words.clause_only:
            return any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) or verb.dep_ in ("parataxis",)
        particles = self.words.conditional_particles.get(lemma)
        if particles is not None:
            return any(c.dep_ in ("prt", "prep") and c.lower_ in particles for c in verb.children)
        needs = self.words.conditional_objects.get(lemma)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass")]
        if needs is not None:
            return any(o.lemma_.lower() in needs for o in objects)
        if lemma == "claim" and any(o.lemma_.lower() in ("life", "victim") for o in objects):
            return False
        if lemma in ("show", "find", "record", "count") and verb.tag_ == "VBN" and not _agent(verb):
            return False
        return not (lemma == "call" and any(c.dep_ == "prep" and c.lower_ in ("off", "up")
                                            for c in verb.children))

    def _stance(self, verb: Any, lemma: str) -> str:
        stance = self.words.verb_stance.get(lemma, "asserts")
        negated = any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children)
        if negated:
            return self.words.negated_stance.get(stance, stance)
        return stance

    def _object_document(self, verb: Any, stance: str) -> None:
        """"X rejected the report's findings": the report asserts what X denies."""
        if stance == "asserts":
            return
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            head = obj
            owner = next((c for c in obj.children if c.dep_ == "poss"), None)
            if owner is not None and self._document_noun(owner):
                head = owner
            if self._document_noun(head) and not any(a.start <= self.base + head.idx < a.end
                                                     for a in self.found):
                self._add(head, "reported", head.idx, head.idx + len(head))

    def _nested_by_attribute(self, verb: Any, outer: Attribution) -> None:
        """"The report attributed the toll to intelligence sources": a source inside a source."""
        for phrase in (c for c in verb.children if c.dep_ == "prep"):
            pair = (verb.lemma_.lower(), phrase.lower_)
            if pair in self.words.basis_phrases:
                inner = self._add(_object_of(phrase), "attributed to", phrase.idx,
                                  phrase.idx + len(phrase))
                if inner is not None and verb.lemma_.lower() == "attribute":
                    self._nest(inner, outer)

    # ----------------------------------------------------------- sources

    def _source_of(self, verb: Any, depth: int = 0) -> Any | None:
        """The token heading the source of a cue verb: subject, passive agent, the noun a
        relative clause hangs on, or the source of the verb it is coordinated with."""
        agent = _agent(verb)
        if agent is not None:
            return agent
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if any(c.dep_ == "expl" for c in subjects):
            return None
        named = [c for c in subjects if c.lower_ not in self.words.relative_pronouns
                 and not _dateline_word(c)]
        trailing = self._trailing_speaker(verb, subjects) if verb.dep_ == "ROOT" else None
        if named:
            nearest = min(named, key=lambda c: abs(verb.i - c.i))   # "NAIROBI — A report has …"
            return trailing if trailing is not None else nearest
        if not subjects and (closing := _closing_name(verb)) is not None:
            return closing
        if subjects and verb.dep_ == "relcl":
            return verb.head
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            basis = self._basis_object(verb)
            return basis
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # a relative clause with no subject at all is a main verb the parser hung on its
            # subject ("President X, along with UN experts, have accused ...")
            finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children)
            return verb.head if finite and not any(c.dep_ == "nsubjpass" for c in verb.children) else None
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return None
        if verb.dep_ in _INHERIT_DEPS and depth < 3 and verb.head is not verb:
            return self._source_of(verb.head, depth + 1)
        return trailing if not subjects else None

    def _trailing_speaker(self, verb: Any, subjects: list[Any]) -> Any | None:
        """"..., UN Special Representative for Haiti Maria Salvador said on Monday.": the
        news pattern of a speaker after the last comma, when the parser found no subject
        (a long title makes it hang the name elsewhere). The name ends just before the verb."""
        before = self.parsed[verb.i - 1] if verb.i else None
        if before is None or before.pos_ != "PROPN":
            return None
        for token in reversed(self.parsed[max(0, verb.i - MAX_SOURCE_TOKENS):verb.i - 1]):
            if token.text == ",":
                if any(c.i > token.i for c in subjects):
                    return None
                self._trailing[before.i] = (token.i + 1, verb.i)   # its words: comma to verb
                return before
            if token.text in (".", ";", ":", "\"", "“", "”") or token.pos_ == "VERB":
                return None
        return None

    def _basis_object(self, verb: Any) -> Any | None:
        """"It was based on assessments by the monitoring team": the object is the source."""
        for phrase in (c for c in verb.children if c.dep_ == "prep"):
            if (verb.lemma_.lower(), phrase.lower_) in self.words.basis_phrases:
                return _object_of(phrase)
        return None

    def _document_subject(self, verb: Any) -> Any | None:
        """"The report paints a grim picture", "the study contains testimony": a document
        as the subject of (almost) any verb is the source of what follows."""
        if verb.lemma_.lower() in NOT_DOCUMENT_VERBS or verb.dep_ in _NOT_CUE_DEPS:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or not self._document_noun(subject):
            return None
        if self.words.document_kind.get(subject.lemma_.lower()) not in ("report", "statement", "letter"):
            return None
        return subject

    def _document_noun(self, token: Any) -> bool:
        return token.lemma_.lower() in self.words.document_kind or token.lower_ in self.words.document_kind

    def _add(self, head: Any | None, cue: str, cue_start: int, cue_end: int,
             stance: str = "asserts", verb: Any | None = None) -> Attribution | None:
        """Record the source headed by ``head`` unless it is not a plausible source."""
        if head is None:
            return None
        kind, refers = self._kind(head)
        if kind == "none":
            return None
        named_by = self._named_by(head)
        if named_by is not None and kind in ("anonymous", "person") and (
                head.lemma_.lower() in self.words.role_nouns or head.lower_ in self.words.role_nouns):
            kind, refers = "", None
            head = named_by
        elif named_by is not None and head.pos_ == "NOUN" and kind != "person" and (
                kind != "document" or head.lemma_.lower() in BODY_NOUNS):
            kind, refers = "", None   # "a London-based news agency, Reuters, claimed": Reuters
            head = named_by
        tokens = self._phrase(head)
        if not tokens:
            return None
        start, end = self.base + tokens[0].idx, self.base + tokens[-1].idx + len(tokens[-1])
        text = self.text
        who = " ".join(text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])].split())
        via = self._channel(head, verb)
        person, role, body = self._person(head, tokens) if kind in ("", "person") else (None, None, None)
        if kind == "anonymous" or (kind == "" and head.pos_ != "PROPN"):
            body = self._affiliation(head, tokens)
        attribution = Attribution(
            who=who, start=start, end=end, cue=cue, anonymous=kind == "anonymous", organisation=body,
            kind=kind or None, stance=stance, cue_start=self.base + cue_start,
            cue_end=self.base + cue_end, via=via[0] if via else None,
            via_start=via[1] if via else None, via_end=via[2] if via else None,
            refers=refers, role=role, person=person, when=self._time_words(head, verb),
            in_document=self._in_document(verb),
            description=" ".join(t.text for t in head.subtree) if kind in ("document", "") else None,
        )
        if any(a.start < attribution.end and attribution.start < a.end for a in self.found):
            return None
        self.found.append(attribution)
        return attribution

    def _nest(self, inner: Attribution, outer_head: Any | Attribution) -> None:
        """Mark ``inner`` as reached through ``outer`` (its "via" is the outer source)."""
        outer = outer_head if isinstance(outer_head, Attribution) else next(
            (a for a in self.found if a.start <= self.base + outer_head.idx < a.end), None)
        if outer is None:
            return
        index = self.found.index(inner)
        self.found[index] = inner.nested(outer)

    def _kind(self, head: Any) -> tuple[str, str | None]:
        """What the head word says the source is ("" = decide on resolution), and what
        it refers back to when it only stands for an earlier source."""
        words = self.words
        low, lemma = head.lower_, head.lemma_.lower()
        if low in words.person_pronouns:
            return "person", "person"
        if low in words.any_pronouns:
            return "", "any"
        if low in words.not_a_source or head.pos_ in ("NUM", "ADV", "ADJ", "VERB", "AUX", "SCONJ", "PART"):
            return "none", None
        if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in head.children):
            return "none", None   # "No group claimed the attack"
        acronym = head.text.isupper() and len(head.text) >= 2 and head.text.isalpha()   # "ISW" tagged a noun
        named = head.pos_ == "PROPN" or acronym or any(
            (c.pos_ == "PROPN" or (c.text[:1].isupper() and c.i > 0 and c.dep_ == "amod"))
            and c.dep_ in ("compound", "poss", "amod", "nmod") for c in head.children)
        bare_definite = not named and _definite(head) and not any(
            c.dep_ in ("prep", "acl", "relcl") for c in head.children)
        refers = words.referring.get(low) or words.referring.get(lemma)
        if bare_definite and refers is not None:
            return refers, refers
        if lemma in words.document_kind or low in words.document_kind:
            return "document", None
        has_name = head.pos_ == "PROPN" or any(c.pos_ == "PROPN" and c.dep_ in ("compound", "poss", "nmod")
                                               for c in head.children)
        if lemma in words.role_nouns or low in words.role_nouns:
            return ("", None) if has_name else ("anonymous", None)
        if lemma in words.anonymous_heads or low in words.anonymous_heads or lemma in ("information",
                                                                                     "intelligence"):
            sentence_initial = head.i == 0 or head.doc[head.i - 1].is_punct
            propn = head.pos_ == "PROPN" and not (sentence_initial and head.text[1:].islower())
            return ("", None) if named and propn else ("anonymous", None)
        if head.pos_ == "PROPN" or named:
            return "", None
        if refers is not None:
            return "organisation", None
        return "none", None

    def _phrase(self, head: Any) -> list[Any]:
        """The source's words: the head's subtree without appositions, relative clauses
        after a comma, quotation marks or edge punctuation, at most MAX_SOURCE_TOKENS."""
        if head.i in self._trailing:
            first, end = self._trailing[head.i]
            return list(self.parsed[first:end])
        cut = {t.i for c in head.children if c.dep_ in ("appos", "relcl", "punct") and c.i > head.i
               for t in c.subtree}
        tokens = [t for t in head.subtree if t.i not in cut]
        first_comma = next((i for i in self.commas if i > head.i), None)
        tokens = [t for t in tokens if t.i <= head.i or first_comma is None or t.i < first_comma]
        while tokens and (tokens[0].is_punct or tokens[0].lower_ in ("and", "but")):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "case"):
            tokens = tokens[:-1]
        if len(tokens) > MAX_SOURCE_TOKENS:
            position = next((k for k, t in enumerate(tokens) if t.i == head.i), 0)
            tokens = tokens[max(0, position - 10):position + MAX_SOURCE_TOKENS - 10]
        tokens = _contiguous(tokens, head)
        opened = sum(t.text == "(" for t in tokens) - sum(t.text == ")" for t in tokens)
        after = tokens[-1].i + 1 if tokens else 0
        if opened > 0 and after < len(head.doc) and head.doc[after].text == ")":
            tokens.append(head.doc[after])   # "the Integrated Office in Haiti (BINUH)"
        return tokens

    def _channel(self, head: Any, verb: Any | None) -> tuple[str, int, int] | None:
        """"seen by AFP", "which Bloomberg News obtained", "told Reuters": the channel."""
        for child in head.children:
            if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in self.words.channel_verbs:
                who = _agent(child) or next((c for c in child.children if c.dep_ == "nsubj"
                                             and c.lower_ not in self.words.relative_pronouns), None)
                if who is not None:
                    return self._span_of(who)
        if verb is not None and verb.lemma_.lower() == "tell":
            told = next((c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")), None)
            if told is not None and (told.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in told.subtree)):
                return self._span_of(told)
            if told is not None and told.lemma_.lower() in ("newspaper", "paper", "outlet", "agency",
                                                            "broadcaster", "channel", "daily"):
                return self._span_of(told)
        return None

    def _span_of(self, head: Any) -> tuple[str, int, int]:
        tokens = [t for t in head.subtree if not t.is_punct and t.dep_ != "case"]
        tokens = _contiguous(tokens, head)
        first, last = tokens[0], tokens[-1]
        text = self.text
        return (" ".join(text[first.idx:last.idx + len(last)].split()), self.base + first.idx,
                self.base + last.idx + len(last))

    def _person(self, head: Any, tokens: list[Any]) -> tuple[str | None, str | None, str | None]:
        """A named speaker's name, role and body: "UN peacekeeping chief Jean-Pierre
        Lacroix" -> (Jean-Pierre Lacroix, peacekeeping chief, UN)."""
        if head.pos_ != "PROPN" or head not in tokens:
            return None, None, None
        k = tokens.index(head)
        first = k
        while first > 0 and (tokens[first - 1].pos_ == "PROPN" or tokens[first - 1].text in ("-", "‑")) \
                and tokens[first - 1].dep_ in ("compound", "punct", "nmod"):
            first -= 1
        while first < k and tokens[first].text in ("-", "‑"):
            first += 1
        before = [t for t in tokens[:first] if t.dep_ not in ("det",)]
        role_at = next((j for j, t in enumerate(before)
                        if t.pos_ in ("NOUN", "ADJ") and t.tag_ != "NNP"), None)
        body = before[:role_at] if role_at is not None else []
        role_tokens = before[role_at:] if role_at is not None else []
        apposition = next((c for c in head.children if c.dep_ == "appos"), None)
        role = " ".join(t.text for t in role_tokens) or None
        if role is None and apposition is not None:
            role = " ".join(t.text for t in apposition.subtree if not t.is_punct) or None
        if role is None and not body:
            return self._text(tokens[first], head), None, None
        affiliation = " ".join(t.text for t in body if t.pos_ in ("PROPN", "ADJ")) or None
        return self._text(tokens[first], head), role, affiliation

    def _text(self, first: Any, last: Any) -> str:
        return " ".join(self.text[first.idx:last.idx + len(last)].split())

    def _affiliation(self, head: Any, tokens: list[Any]) -> str | None:
        """The body an unnamed speaker speaks for: "a spokesman for X", "an Emirati
        official", "X's correspondent"."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "at", "with", "in"):
                obj = _object_of(child)
                if obj is None or not (obj.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in obj.subtree)):
                    continue
                if child.lower_ == "in" and head.lemma_.lower() in ("correspondent", "reporter", "official"):
                    continue   # "correspondent in Sudan": a place, not the employer
                return self._span_of(obj)[0]
            if child.dep_ == "poss" and any(c.pos_ == "PROPN" for c in child.subtree):
                return self._span_of(child)[0]
        named = [t for t in tokens if t.i < head.i and t.dep_ != "det"
                 and (t.pos_ == "PROPN" or (t.text[:1].isupper() and t.tag_ == "JJ"))]
        return " ".join(t.text for t in named) or None

    def _time_words(self, head: Any, verb: Any | None) -> str | None:
        """Time words that date the document itself: its modifiers ("a new report", "a
        report Thursday"), the verbs that publish it ("released on Friday", "seen
        Monday") and the cue verb's time adjuncts, never what the document is about
        ("a report on a March 2022 incident")."""
        pieces = [t.text for t in head.children if t.dep_ in ("amod", "npadvmod", "nummod", "compound")]
        for child in head.children:
            if child.dep_ in ("acl", "relcl"):
                pieces += [" ".join(t.text for t in c.subtree) for c in child.children
                           if c.dep_ in ("npadvmod", "tmod", "prep") and c.lower_ not in TOPIC_PREPOSITIONS]
                pieces += [c.text for c in child.children if c.dep_ == "npadvmod"]
        if verb is not None:
            pieces += [" ".join(t.text for t in c.subtree) for c in verb.children
                       if (c.dep_ in ("npadvmod", "tmod") or (c.dep_ == "prep" and c.lower_ in ("on", "in")))
                       and c.i != head.i and not self._document_noun(_object_of(c) or c)]
        found = [m.group(0) for piece in pieces for m in _TIME_WORDS.finditer(piece)]
        return "; ".join(dict.fromkeys(found)) or None

    def _in_document(self, verb: Any | None) -> str | None:
        """"said in a statement", "in a report published Monday, X said": the medium."""
        if verb is None:
            return None
        for phrase in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "through", "via")):
            obj = _object_of(phrase)
            kind = self.words.document_kind.get(obj.lemma_.lower()) if obj is not None else None
            if obj is not None and kind in ("report", "statement", "letter"):
                return " ".join(t.text for t in obj.subtree if t.i <= obj.i)
        return None


def _dateline_word(token: Any) -> bool:
    """"NAIROBI —": a dateline's place in capitals is not a subject."""
    return token.text.isupper() and len(token.text) > 2 and token.i + 1 < len(token.doc) \
        and token.doc[token.i + 1].text in ("—", "–", "-", "(")


def _agent(verb: Any) -> Any | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return _object_of(by) if by is not None else None


def _object_of(preposition: Any) -> Any | None:
    return next((c for c in preposition.children if c.dep_ in ("pobj", "dobj", "pcomp")), None)


def _definite(head: Any) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "these", "its", "their", "that")
               for c in head.children)


def _contiguous(tokens: list[Any], head: Any) -> list[Any]:
    """The longest run of consecutive tokens that contains the head."""
    if not tokens:
        return []
    runs: list[list[Any]] = [[tokens[0]]]
    for token in tokens[1:]:
        if token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return next((run for run in runs if any(t.i == head.i for t in run)), runs[0])


FIRST_PERSON = frozenset({"we", "i", "us", "me"})


def _issuer_hints(found: list[Attribution]) -> list[Attribution]:
    """"The OHCHR said ..., according to the report": a document that names no issuer,
    beside a named body in the same sentence, is that body's document."""
    named = next((a for a in found if a.kind is None and a.who[:1].isupper()), None)
    if named is None:
        return found
    return [replace(a, organisation=a.organisation or named.who)
            if a.kind == "document" and not any(w[:1].isupper() for w in a.who.split()[1:]) else a
            for a in found]


def _closing_name(verb: Any) -> Any | None:
    """"..., the U.N. estimates.": a cue verb that ends the sentence after a comma, with
    a name compounded onto it, is that name speaking (the parser read "U.N. estimates"
    as one noun phrase and found no subject)."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is not None and after.text not in (".", "!", "?", "\"", "”"):
        return None
    names = [c for c in verb.children if c.dep_ == "compound" and c.i < verb.i
             and (c.pos_ == "PROPN" or c.text.isupper())]
    if not names:
        return None
    first = min(t.i for t in verb.subtree)
    return names[-1] if first > 0 and doc[first - 1].text == "," else None


def _drop_first_person(found: list[Attribution]) -> list[Attribution]:
    """"'We reject it,' said X": a first-person source inside a quotation is its
    speaker, who is already named; keep it only when no one else is."""
    named = [a for a in found if a.who.lower() not in FIRST_PERSON]
    if not named:
        return found
    return named


def _nest_quoted(found: list[Attribution], text: str, base: int) -> list[Attribution]:
    """'"According to intelligence sources, ...," according to a report': a source named
    inside a quotation was reached through the source of the quotation."""
    if len(found) < 2:
        return found
    inside = [_in_quotes(text, a.start - base) for a in found]
    outer = next((a for a, quoted in zip(found, inside, strict=True) if not quoted), None)
    if outer is None:
        return found
    return [a.nested(outer) if quoted and a.nested_in is None else a
            for a, quoted in zip(found, inside, strict=True)]


def _in_quotes(text: str, offset: int) -> bool:
    """True when an odd number of quotation marks open before ``offset`` in the sentence."""
    before = text[:max(offset, 0)]
    curly = before.count("“") - before.count("”")
    return curly > 0 or (curly == 0 and before.count('"') % 2 == 1)
