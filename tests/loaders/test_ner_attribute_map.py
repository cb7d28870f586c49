"""The compiled attribute ruler gives every token what spaCy's ruler gives it, and the
model loads without spaCy's command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from loaders.extract.attribute_map import FACTORY, compile_ruler
from loaders.extract.nlp import MODEL_PACKAGE, pipeline
from loaders.extract.sentences import sentence_spans

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loaders"
SHARED_NEWS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real-news"
# Contractions, an expletive subject and whitespace tokens: the ruler's two-token and
# dependency patterns.
ODD = ["Y'all gonna see it, ain't that so? There are 3 of 'em, let's go.",
       "I doin' nothin'   \n\n  but c'mon, there's more: they're gotta stay.",
       "It was the army, not the rebels, that said so on Monday."]


def sentences() -> list[str]:
    files = sorted(FIXTURES.rglob("*.md"))
    files += sorted(p for p in SHARED_NEWS.rglob("*.txt")) if SHARED_NEWS.is_dir() else []
    found = list(ODD)
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        found += [text[s:e] for s, e in sentence_spans(text) if e - s < 3000]
    return found


def token_features(doc: object) -> list[tuple[str, str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]  # type: ignore[attr-defined]


def test_the_compiled_ruler_annotates_as_the_ruler_does() -> None:
    import importlib

    fast = pipeline()
    assert FACTORY in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    package: Any = importlib.import_module(MODEL_PACKAGE)
    reference = package.load(exclude=["ner"])
    # the tokenizer starts bare and takes every rule from the model's files (the vocabulary
    # grows with every text the cached pipeline has read, so it is left out)
    assert fast.tokenizer.to_bytes(exclude=["vocab"]) == reference.tokenizer.to_bytes(exclude=["vocab"])
    texts = sentences()
    assert len(texts) > 200
    differ = [a.text for a, b in zip(fast.pipe(texts), reference.pipe(texts), strict=True)
              if token_features(a) != token_features(b)]
    assert differ == []


def test_a_pattern_with_an_operator_keeps_the_ruler() -> None:
    ruler = pipeline().get_pipe("attribute_ruler")
    assert compile_ruler(ruler) is not None
    import spacy

    nlp = spacy.blank("en")
    other: Any = nlp.add_pipe("attribute_ruler")
    other.add([[{"LOWER": "big", "OP": "+"}]], {"LEMMA": "large"})
    assert compile_ruler(other) is None


@pytest.mark.parametrize("later", ["import spacy.cli; assert hasattr(spacy.cli, 'download')", "pass"])
def test_the_model_loads_without_spacys_command_line(later: str) -> None:
    code = ("import sys\nfrom loaders.extract.nlp import pipeline\npipeline()\n"
            "assert 'weasel' not in sys.modules and 'spacy.cli' not in sys.modules, sorted(sys.modules)\n"
            f"{later}\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
