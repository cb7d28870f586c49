"""Parses are made once per distinct sentence: a sentence the text repeats shares one parse."""

from __future__ import annotations

from loaders.extract.nlp import Parses


def test_a_repeated_sentence_is_parsed_once() -> None:
    sentence = "The army said on Monday that rebels had attacked the town."
    text = " ".join([sentence] * 3) + " Officials denied that the rebels held the bridge."
    spans, at = [], 0
    for _ in range(3):
        spans.append((at, at + len(sentence)))
        at += len(sentence) + 1
    spans.append((at, len(text)))
    parses = Parses(text)
    parses.parse(spans)
    docs = [parses.parsed(s, e) for s, e in spans]
    assert all(d is not None for d in docs)
    assert docs[0] is docs[1] is docs[2] and docs[3] is not docs[0]
    assert [t.dep_ for t in docs[0]][:3] == ["det", "nsubj", "ROOT"]  # type: ignore[union-attr]
    assert docs[3].text == text[spans[3][0]:]  # type: ignore[union-attr]
