"""The annotated fixtures: the evaluation script runs, and quality does not slip."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT
from tests.loaders.conftest import LOADER_FIXTURES

FLOOR = {"entities": (0.9, 0.85), "citations": (0.9, 0.9), "hedges": (0.9, 0.85)}


def load_script() -> ModuleType:
    path = ROOT / "scripts" / "evaluate_extraction.py"
    spec = importlib.util.spec_from_file_location("evaluate_extraction", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_fixture_has_gold_annotations() -> None:
    documents = {p.stem for p in LOADER_FIXTURES.iterdir()
                 if p.suffix in (".txt", ".md", ".html", ".pdf") and p.stem != "README"}
    gold = {p.name.removesuffix(".gold.yaml") for p in LOADER_FIXTURES.glob("*.gold.yaml")}
    assert documents == gold


def test_precision_and_recall_stay_above_the_floor(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script()
    results = script.evaluate(LOADER_FIXTURES)
    totals = script.totals(results)
    for aspect, (precision, recall) in FLOOR.items():
        assert totals[aspect].precision >= precision, (aspect, totals[aspect])
        assert totals[aspect].recall >= recall, (aspect, totals[aspect])
    assert script.main([str(LOADER_FIXTURES)]) == 0
    assert "TOTAL (micro)" in capsys.readouterr().out


def test_scoring_counts_misses_and_extras(tmp_path: Path) -> None:
    script = load_script()
    (tmp_path / "one.txt").write_text("Officials said the Taliban moved fighters into Kunar and Zabul.\n",
                                      encoding="utf-8")
    (tmp_path / "one.gold.yaml").write_text("entities: [Taliban, Kunar, Helmand]\ncitations: [officials]\n"
                                            "hedged: [moved fighters]\n", encoding="utf-8")
    scores = script.evaluate(tmp_path)["one.txt"]
    assert (scores["entities"].correct, scores["entities"].predicted, scores["entities"].gold) == (2, 3, 3)
    assert scores["entities"].misses == ["Helmand"] and scores["entities"].extras == ["Zābul"]
    assert scores["citations"].precision == scores["citations"].recall == 1.0
    assert (scores["hedges"].predicted, scores["hedges"].found) == (0, 0)
