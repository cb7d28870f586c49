"""From a source's words to a source node: resolution, shared documents and coreference.

The attribution finder keeps the words ("a UN report seen Monday by AFP", "the
experts", "he"); here they become what the graph stores: a described document shared
by every description of it, a known or provisional organisation, a named person with
role and body, an anonymous source scoped to the report, a news outlet (the ``wire``
kind) or the report's own publisher (``own``). A pronoun or a bare "the report" stands
for the nearest source of its kind named before it in the same report (or, in a
headline or summary that comes first, the first one named after it); its evidence span
is then that source's words, so no edge ever points at a pronoun.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from graph.model import entity_id, report_id, slug
from loaders.extract.citations import ORG_WORDS, provisional_organisation, register_entry
from loaders.extract.confidences import method_confidence
from loaders.extract.cues import Attribution
from loaders.extract.described import SYMBOL as DOCUMENT_SYMBOL
from loaders.extract.described import DescribedDocument, document_kind, issuer_in, window
from loaders.extract.gazetteer import Gazetteer
from loaders.extract.sourcing_words import SourcingWords, sourcing_words
from loaders.extraction import Citation, Extraction

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"[’']s$")
BY_ORGANISATION = re.compile(
    r"\b(?:by|of|from)\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w&'’.-]*)*)")
SPEAKS_FOR = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative",
                        "representatives", "office"})
MEDIA_NOUNS = frozenset({"agency", "newspaper", "outlet", "broadcaster", "channel", "paper", "daily",
                         "wire", "publication", "newsroom"})
EXPERT_WORDS = frozenset({"experts", "panel", "monitors", "team", "group", "investigators", "analysts",
                          "researchers"})


@dataclass(frozen=True)
class Resolved:
    """A resolved source, remembered by position for the pronouns that follow."""

    position: int
    citation: Citation
    words: str


class SourceResolver:
    """Resolves one report's attributions; keeps what coreference needs."""

    def __init__(self, result: Extraction, gaz: Gazetteer, words: SourcingWords | None = None):
        self.result, self.gaz = result, gaz
        self.words = words or sourcing_words()
        self.memory: list[Resolved] = []
        self.documents: list[DescribedDocument] = []
        self._cache: dict[tuple[int, int, int | None], Citation | None] = {}
        self._unidentified: set[tuple[int, int, int | None]] = set()
        self._family_voices: set[tuple[int, int, int | None]] = set()

    # ---------------------------------------------------------------- public

    def preview(self, attributions: list[Attribution]) -> None:
        """Resolve every named source first, so a pronoun in a headline can look ahead."""
        named = [a for a in attributions if a.refers is None]
        for attribution in sorted(named, key=lambda a: a.nested_in is not None):
            self.resolve(attribution)
        # a document with no issuer ("a report released on Wednesday") may be one that is
        # named later in the report: look again now that every named source is known
        revisit = self._unidentified | self._family_voices
        again = [a for a in named if self._key(a) in revisit]
        stale = {(a.start, cited.target_id) for a in again
                 if (cited := self._cache.get(self._key(a))) is not None}
        self.memory = [r for r in self.memory if (r.position, r.citation.target_id) not in stale]
        for attribution in again:
            self._unidentified.discard(self._key(attribution))
            self._family_voices.discard(self._key(attribution))
            del self._cache[self._key(attribution)]
            self.resolve(attribution)

    @staticmethod
    def _key(attribution: Attribution) -> tuple[int, int, int | None]:
        return attribution.start, attribution.end, attribution.cue_start

    def resolve(self, attribution: Attribution) -> Citation | None:
        """The citation for one attribution, or None when it names no usable source."""
        key = self._key(attribution)
        if key not in self._cache:
            citation = self._antecedent(attribution) if attribution.refers else None
            if citation is None:
                citation = self._named_or_none(attribution)
            if citation is not None:
                citation = self._with_channel(citation, attribution)
            self._cache[key] = citation
            if citation is not None and attribution.refers is None:
                # kept in order of position; inserting in place keeps a long report linear-ish
                bisect.insort(self.memory, Resolved(attribution.start, citation, attribution.who.lower()),
                              key=_position)
        return self._cache[key]

    # ----------------------------------------------------------- named sources

    def _named_or_none(self, attribution: Attribution) -> Citation | None:
        """The named source, or None when its words make no id (one odd phrase in a
        400-page report must not stop the report)."""
        try:
            return self._named(attribution)
        except ValueError:
            return None

    def _named(self, attribution: Attribution) -> Citation | None:
        expert = self._expert_body(attribution)
        if expert is not None:
            return expert
        if attribution.kind == "document" or self._document_medium(attribution):
            return self._document(attribution)
        if attribution.kind == "anonymous":
            return self._anonymous(attribution)
        return self._agent(attribution)

    def _expert_body(self, attribution: Attribution) -> Citation | None:
        """"UN experts say", "the sanctions monitors wrote", "described by experts": a body
        that speaks through its report is that report (the document it describes, or the
        one described elsewhere in this report)."""
        words = [w.strip("()[],") for w in _POSSESSIVE.sub("", attribution.who.lower()).split()]
        head = next((w for w in words[:4] if w in EXPERT_WORDS), None)
        if head is None or attribution.kind == "document":
            return None
        family = issuer_in(attribution.who)
        if family is not None and family[1] is not None:
            return self._document(replace(attribution, kind="document"))
        body = self._body_in(attribution)
        if body is not None:   # "ISW experts", "analysts at the Institute": the body speaks
            kind = "own" if self._is_own(body[1]) else "organisation"
            return self._citation(attribution, target_id=body[0], target_type="organisation",
                                  label=body[1], source_kind=kind, role=attribution.who)
        if family is None and head in ("experts", "panel", "monitors", "analysts", "researchers"):
            pool = nearest_first(self.memory, attribution.start)
            found = next((r for r in pool if r.citation.source_kind != "person" and (
                self._part_of(r.citation) == "experts"
                or EXPERT_WORDS & set((r.citation.role or "").lower().split()))), None)   # never one person
            if found is not None:
                return replace(found.citation, anchor=attribution.cue, cue_start=attribution.cue_start,
                               cue_end=attribution.cue_end, stance=attribution.stance,
                               method="coreference", referring=attribution.who, via=None, via_name=None)
        return None

    def _body_in(self, attribution: Attribution) -> tuple[str, str] | None:
        """A known organisation the speakers belong to, not a news outlet or a place."""
        for phrase in filter(None, [attribution.organisation, attribution.who]):
            for match in self.gaz.find(phrase):
                if match.entry.label == "Organisation" and not self.words.medium(match.surface):
                    register_entry(self.result, self.gaz, match.entry)
                    return match.entry.id, match.entry.name
        return None

    def _document_medium(self, attribution: Attribution) -> bool:
        """"HRW said in a report": the report, issued by the speaker, is the source."""
        medium = attribution.in_document
        return bool(medium) and document_kind(medium or "", self.words) == "report"

    def _document(self, attribution: Attribution) -> Citation | None:
        described = self._describe(attribution)
        if described is None:
            # "a report released on Wednesday" names no issuer: it is the document the
            # report describes elsewhere, if it describes one
            earlier = self._antecedent(replace(attribution, refers="document"))
            return earlier or self._anonymous_document(attribution)
        described = self._same_in_report(described)
        return self._citation(attribution, target_id=described.id, target_type="report",
                              label=described.title(), source_kind="document", described=described,
                              publisher=described.root)

    def _describe(self, attribution: Attribution) -> DescribedDocument | None:
        """The document key of a description: issuer, kind, window, symbol."""
        kind = document_kind(attribution.in_document or attribution.who, self.words) or "report"
        symbol_match = DOCUMENT_SYMBOL.search(attribution.description or attribution.who)
        issuer = None
        for phrase in dict.fromkeys(filter(None, [attribution.who, attribution.description])):
            if attribution.via:
                phrase = phrase.replace(attribution.via, " ")
            issuer = self._issuer(phrase, attribution)
            if issuer is not None:
                break
        hint = attribution.organisation
        bodylike = bool(hint) and (issuer_in(hint or "") is not None or bool(ORG_WORDS.search(hint or ""))
                                   or self._body_in(attribution) is not None)
        if issuer is None and hint and bodylike:
            issuer = self._issuer(hint, replace(attribution, in_document=None))
        if issuer is None:
            return None
        (root, part), issuer_id = issuer
        start, end = window(self.result.report.published, attribution.when, attribution.who, self.words)
        return DescribedDocument(root, part, kind, start, end,
                                 symbol_match.group(0) if symbol_match else None, issuer_id)

    def _issuer(self, phrase: str,
                attribution: Attribution) -> tuple[tuple[str, str | None], str | None] | None:
        """((root, part), issuer id) of the body a description names as its author."""
        family = issuer_in(phrase)
        if family is not None:   # the issuer is the most specific body named: BINUH, not the UN
            named = next((m.entry for m in self.gaz.find(phrase) if m.entry.label == "Organisation"
                          and self.words.medium(m.surface) is None), None)
            entry = named or self.gaz.resolve(family[0])
            if named is not None:
                register_entry(self.result, self.gaz, named)
            return family, (entry.id if entry is not None and entry.label == "Organisation" else None)
        organisation = self._issuer_organisation(phrase, attribution)
        if organisation is None:
            return None
        return (organisation[1], None), organisation[0]

    def _issuer_organisation(self, phrase: str, attribution: Attribution) -> tuple[str, str] | None:
        """(id, name) of an organisation a description names as its author."""
        if attribution.in_document and attribution.kind != "document":
            agent = self._agent(replace(attribution, in_document=None))
            if agent is not None and agent.target_type == "organisation":
                return agent.target_id or "", agent.target or ""
        for match in self.gaz.find(phrase):
            if match.entry.label == "Organisation":   # a news outlet may issue one too ("a Reuters report")
                register_entry(self.result, self.gaz, match.entry)
                return match.entry.id, match.entry.name
        names = re.findall(r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*", phrase)
        medium = next((m for m in map(self.words.medium, names) if m is not None), None)
        if medium is not None:
            return provisional_organisation(self.result, medium.name).id, medium.name
        by = BY_ORGANISATION.search(phrase)
        owner = re.match(r"^(?i:the\s+|a\s+|an\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)(?:[’']s)?\s", phrase)
        name = by.group(1) if by else (owner.group(1) if owner else None)
        if name and name.lower() in self.words.not_a_source | {"the", "a", "an"}:
            name = None
        if name and not self.words.medium(name) and not document_kind(name, self.words):
            return provisional_organisation(self.result, name).id, name
        return None

    def _same_in_report(self, described: DescribedDocument) -> DescribedDocument:
        """One document per report for descriptions that may be the same one: the first
        description's id, with what later ones add to the key."""
        for index, known in enumerate(self.documents):
            if known.compatible(described):
                merged = known.merged(described)
                self.documents[index] = merged
                self.result.described[merged.id] = merged
                return merged
        self.documents.append(described)
        self.result.described[described.id] = described
        return described

    def _anonymous_document(self, attribution: Attribution) -> Citation:
        """A document with no issuer we can name ("a leaked report"): scoped to this report."""
        self._unidentified.add(self._key(attribution))
        scope = self.result.report.id.split(":", 1)[1]
        return self._citation(attribution, target_id=report_id(title=f"{attribution.who} {scope}"),
                              target_type="report", label=attribution.who, source_kind="document")

    def _anonymous(self, attribution: Attribution) -> Citation:
        scope = self.result.report.id.split(":", 1)[1]
        body = self._organisation(attribution.organisation) if attribution.organisation else None
        if body is None and attribution.organisation and ORG_WORDS.search(attribution.organisation):
            name = _ARTICLE.sub("", attribution.organisation)
            body = (provisional_organisation(self.result, name).id, name)
        if body is not None and SPEAKS_FOR & set(attribution.who.lower().split()):
            # "a spokesman for the ministry said": the body speaks, through its voice
            return self._citation(attribution, target_id=body[0], target_type="organisation",
                                  label=body[1], source_kind="organisation", role=attribution.who)
        return self._citation(attribution, target_id=f"per:{slug(attribution.who)}-{scope}",
                              target_type="person", label=attribution.who, source_kind="anonymous",
                              anonymous=True, affiliation=body)

    def _agent(self, attribution: Attribution) -> Citation | None:
        bare = _POSSESSIVE.sub("", _ARTICLE.sub("", attribution.who))
        if len(bare.split()) == 1 and self._surname_match(bare):   # "Salvador told": the person
            return self._person(replace(attribution, person=bare))   # named before, not a country
        last = bare.lower().split()[-1:]
        if last and last[0] in MEDIA_NOUNS and not self.words.medium(bare):
            outlet = self._antecedent(replace(attribution, refers="organisation"))
            if outlet is not None:
                return outlet
        medium = self.words.medium(bare) or self.words.medium(attribution.who)
        if medium is not None:
            return self._medium(attribution, medium.name)
        if attribution.person and not self._is_entity(attribution.person):
            return self._person(attribution)
        entry = self.gaz.resolve(bare)
        if entry is not None and entry.label == "Organisation":
            register_entry(self.result, self.gaz, entry)
            voice = self._voice_of_document(attribution, entry.name)
            return voice or self._organisation_citation(attribution, entry.id, entry.name)
        if entry is not None and entry.label == "Region":
            return self._government_of(attribution, entry.name)
        if attribution.kind == "organisation" or ORG_WORDS.search(bare):
            entity = provisional_organisation(self.result, bare)
            return self._organisation_citation(attribution, entity.id, bare)
        if len(bare.split()) > 6:
            return None
        return self._person(replace(attribution, person=attribution.person or bare))

    def _voice_of_document(self, attribution: Attribution, name: str) -> Citation | None:
        """"The UN said" in a report about a UN report it describes: the body speaks
        through that document, so both are one source."""
        family = issuer_in(name) or issuer_in(attribution.who)
        if family is None:
            return None
        self._family_voices.add(self._key(attribution))
        for known in self.documents:
            if known.root == family[0] and (family[1] is None or known.part in (None, family[1])):
                cited = next((r.citation for r in self.memory if r.citation.target_id == known.id), None)
                if cited is not None:
                    return replace(cited, start=attribution.start, end=attribution.end,
                                   attribution=attribution.who, anchor=attribution.cue,
                                   cue_start=attribution.cue_start, cue_end=attribution.cue_end,
                                   stance=attribution.stance, method="parse+document", via=None,
                                   via_name=None)
        return None

    def _is_entity(self, name: str) -> bool:
        entry = self.gaz.resolve(name)
        return (entry is not None) or bool(ORG_WORDS.search(name)) or self.words.medium(name) is not None

    def _person(self, attribution: Attribution) -> Citation | None:
        name = attribution.person or attribution.who
        if not any(ch.isalnum() for ch in person_key(name)):
            return None   # punctuation or a stray mark, not a name
        known = self._surname_match(name)
        person_id = known or entity_id("Person", name=person_key(name))
        body = self._organisation(attribution.organisation) if attribution.organisation else None
        return self._citation(attribution, target_id=person_id, target_type="person", label=name,
                              source_kind="person", role=attribution.role, affiliation=body)

    def _surname_match(self, name: str) -> str | None:
        """"Irabor said" after "Gen. Lucky Irabor said": the same person."""
        if len(name.split()) != 1:
            return None
        for remembered in reversed(self.memory):
            cited = remembered.citation
            if cited.source_kind == "person" and (cited.target or "").split()[-1:] == [name]:
                return cited.target_id
        return None

    def _medium(self, attribution: Attribution, name: str) -> Citation:
        entry = self.gaz.resolve(name)
        if entry is not None and entry.label == "Organisation":
            register_entry(self.result, self.gaz, entry)
            target_id, label = entry.id, entry.name
        else:
            entity = provisional_organisation(self.result, name)
            target_id, label = entity.id, name
        own = self._is_own(label)
        return self._citation(attribution, target_id=target_id, target_type="organisation", label=label,
                              source_kind="own" if own else "wire")

    def _organisation_citation(self, attribution: Attribution, target_id: str, label: str) -> Citation:
        kind = "own" if self._is_own(label) else "organisation"
        return self._citation(attribution, target_id=target_id, target_type="organisation", label=label,
                              source_kind=kind)

    def _government_of(self, attribution: Attribution, place: str) -> Citation:
        """"Kigali said", "Moscow denied": the government speaking from that place."""
        entry = self.gaz.resolve(place)
        country = entry
        if entry is not None and entry.level not in ("country", None):
            parents = self.gaz.parents_of(entry)
            country = next((p for p in parents if p.level == "country"), entry)
        name = f"Government of {country.name if country else place}"
        resolved = self.gaz.resolve(name)
        if resolved is not None and resolved.label == "Organisation":
            register_entry(self.result, self.gaz, resolved)
            return self._organisation_citation(attribution, resolved.id, resolved.name)
        entity = provisional_organisation(self.result, name)
        return self._organisation_citation(attribution, entity.id, name)

    def _organisation(self, name: str | None) -> tuple[str, str] | None:
        """(id, name) of a known organisation the words name, else None."""
        if not name:
            return None
        bare = _POSSESSIVE.sub("", _ARTICLE.sub("", name.strip()))
        entry = self.gaz.resolve(bare)
        if entry is not None and entry.label == "Organisation":
            register_entry(self.result, self.gaz, entry)
            return entry.id, entry.name
        medium = self.words.medium(bare)
        if medium is not None:
            return provisional_organisation(self.result, medium.name).id, medium.name
        if entry is not None and entry.label == "Region":
            return provisional_organisation(self.result, f"Government of {entry.name}").id, entry.name
        for match in self.gaz.find(bare):
            if match.entry.label == "Organisation":
                register_entry(self.result, self.gaz, match.entry)
                return match.entry.id, match.entry.name
        return None

    def _is_own(self, name: str) -> bool:
        """True when the source is the report's own publisher ("Human Rights Watch said
        today" in Human Rights Watch's own release)."""
        publisher = (self.result.report.publisher or "").lower()
        label = name.lower()
        if not publisher or not label:
            return False
        head = re.split(r"[(,]", publisher)[0].strip()
        return label == head or (len(label) > 3 and head.startswith(label))

    # --------------------------------------------------------------- coreference

    def _antecedent(self, attribution: Attribution) -> Citation | None:
        """The source a pronoun or "the report" stands for, as a citation of this cue."""
        wanted = attribution.refers or "any"
        head = attribution.who.lower().split()[-1] if attribution.who else ""
        if wanted == "person" and head in EXPERT_WORDS:   # "Experts suggested": a body's, never one person's
            wanted = "organisation"
        # the memory is kept in order of position: the sources before and after are slices
        before = self.memory[:bisect.bisect_left(self.memory, attribution.start, key=_position)]
        after = self.memory[bisect.bisect_right(self.memory, attribution.start, key=_position):]
        for pool, strict in ((list(reversed(before)), False), (after, True)):
            found = self._pick(pool, wanted, head, strict)
            if found is not None:
                cited = found.citation
                discount = method_confidence("citations", "coreference-discount")
                return replace(cited, anchor=attribution.cue, cue_start=attribution.cue_start,
                               cue_end=attribution.cue_end, stance=attribution.stance,
                               method="coreference", confidence=round(cited.confidence - discount, 2),
                               referring=attribution.who, via=None, via_name=None)
        return None

    def _pick(self, pool: list[Resolved], wanted: str, head: str, strict: bool) -> Resolved | None:
        """The antecedent in ``pool`` (nearest first); ``strict`` (looking ahead, as in a
        headline) takes only a source whose words match or a document for "the report"."""
        if head in MEDIA_NOUNS:   # "the London-based news agency": the outlet named in the report
            return _first_of(pool, ("wire",))
        if wanted == "organisation":
            named = next((r for r in pool
                          if head in r.words or head in (r.citation.target or "").lower()), None)
            if named is not None:
                return named
            if head in EXPERT_WORDS:
                expert = next((r for r in pool if self._part_of(r.citation) == "experts"), None)
                if expert is not None:
                    return expert
            if strict:
                return None
            return _first_of(pool, ("organisation", "document", "wire"))
        if wanted == "document":   # an identified document first, then any
            return next((r for r in pool if r.citation.target_id in self.result.described), None) \
                or next((r for r in pool if r.citation.source_kind == "document"), None)
        if wanted == "person":
            return None if strict else _first_of(pool, ("person", "anonymous"))
        if strict:
            return None
        if head in ("they", "them"):
            return _first_of(pool, ("organisation", "anonymous", "document", "wire"))
        return _first_of(pool, ("document", "organisation", "wire"))

    def _part_of(self, citation: Citation) -> str | None:
        """The issuing part of a cited described document, as merged so far."""
        described = self.result.described.get(citation.target_id or "") or citation.described
        return described.part if described is not None else None

    # ------------------------------------------------------------------ shared

    def _with_channel(self, citation: Citation, attribution: Attribution) -> Citation:
        """Add the channel: "seen by AFP" (an outlet) or the outer source of "citing"."""
        if attribution.nested_in is not None:
            outer = next((r for r in self.memory if (r.position, r.position + len(r.words))
                          and r.position == attribution.nested_in[0]), None)
            if outer is not None and outer.citation.target_id != citation.target_id:
                return replace(citation, via=outer.citation.target_id, via_name=outer.citation.target)
        if not attribution.via:
            return citation
        bare = _ARTICLE.sub("", attribution.via)
        medium = self.words.medium(bare) or self.words.medium(attribution.via)
        organisation = self._organisation(medium.name if medium else bare)
        if organisation is None:
            organisation = (provisional_organisation(self.result, bare).id, bare)
        return replace(citation, via=organisation[0], via_name=organisation[1])

    def _citation(self, attribution: Attribution, *, target_id: str, target_type: str, label: str,
                  source_kind: str, anonymous: bool = False, described: DescribedDocument | None = None,
                  publisher: str | None = None, role: str | None = None,
                  affiliation: tuple[str, str] | None = None) -> Citation:
        confidence = method_confidence("attributions", source_kind)
        family = None if target_type == "report" else _family_of(label, role, affiliation,
                                                                attribution.who)
        return Citation(kind="attribution", start=attribution.start, end=attribution.end,
                        target=label, target_id=target_id, target_type=target_type,
                        anchor=attribution.cue, method="parse", confidence=confidence,
                        anonymous=anonymous, publisher=publisher, attribution=attribution.who,
                        source_kind=source_kind, stance=attribution.stance,
                        cue_start=attribution.cue_start, cue_end=attribution.cue_end,
                        described=described, role=role,
                        affiliation=affiliation[0] if affiliation else None,
                        affiliation_name=affiliation[1] if affiliation else None,
                        issuer_root=family[0] if family else None,
                        issuer_part=family[1] if family else None)


def _family_of(label: str, role: str | None, affiliation: tuple[str, str] | None,
               words: str) -> tuple[str, str | None] | None:
    """The issuer family (data/issuers.yaml) a source speaks for: "UN mission in Haiti",
    "BINUH", "a UN spokesman" are all United Nations voices, and the first two one part
    of it. Queries use it to count one body's several voices as one origin."""
    for phrase in (label, affiliation[1] if affiliation else None, role, words):
        family = issuer_in(phrase) if phrase else None
        if family is not None:
            return family
    return None


def _position(resolved: Resolved) -> int:
    return resolved.position


def nearest_first(memory: list[Resolved], offset: int) -> Iterator[Resolved]:
    """The memory (kept in order of position) in order of distance from ``offset``, as a
    stable sort by distance would give it (at one distance, memory order), but walked
    outwards from ``offset`` and lazily: the caller stops at the first source that fits,
    so a cue no longer sorts the whole memory, which made a long report's cost grow with
    the square of its sources."""
    left = bisect.bisect_left(memory, offset, key=_position) - 1
    right = left + 1
    while left >= 0 or right < len(memory):
        behind = offset - memory[left].position if left >= 0 else None
        if behind is not None and (right >= len(memory) or behind <= memory[right].position - offset):
            same = bisect.bisect_left(memory, memory[left].position, 0, left + 1, key=_position)
            yield from memory[same:left + 1]   # one position's sources in memory order
            left = same - 1
        else:
            yield memory[right]
            right += 1


def _first_of(pool: list[Resolved], kinds: tuple[str, ...]) -> Resolved | None:
    return next((r for r in pool if r.citation.source_kind in kinds), None)


def _bare(words: str) -> bool:
    """True for "the report", "a leaked document": no name in it."""
    return not any(w[:1].isupper() for w in words.split()[1:]) and len(words.split()) <= 4


_VOWELS = re.compile(r"(?<=.)[aeiouy]+")


def person_key(name: str) -> str:
    """A name folded over transliteration variants, so "Dmytro Lykhovii" and "Dmytro
    Lykhoviy", "Illia Yevlash" and "Ilya Yevlash" are one person: ASCII, lower case,
    an initial "ye"/"yu"/"ya" read as its vowel, doubled letters once, vowels after the
    first letter of each name dropped. Titles are not part of the key."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z]+", ascii_name) if w not in TITLES]
    keys = []
    for word in words:
        word = re.sub(r"^y(?=[aeiou])", "", word)
        word = re.sub(r"(.)\1+", r"\1", word)
        keys.append(_VOWELS.sub("", word))
    return " ".join(keys) or name.lower()


TITLES = frozenset({"gen", "general", "col", "colonel", "maj", "major", "lt", "capt", "captain", "dr",
                    "mr", "mrs", "ms", "prof", "president", "minister", "sen", "rep", "brig", "sgt"})
