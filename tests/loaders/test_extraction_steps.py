"""The extraction pipeline is a list of named steps: each can be left out, a new one
is a function and one line, and a bad choice is one configuration error."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.errors import ConfigurationError
from loaders.document import Document, Reference
from loaders.extract import pipeline
from loaders.extract.pipeline import STEPS, Context, Step, chosen_steps, extract

TEXT = (
    "KABUL (Reuters) - The Taliban attacked a checkpoint in Kunar province on Monday, "
    "according to a report by the UN Assistance Mission in Afghanistan. "
    "Officials said the Haqqani Network and the Taliban had met in Kabul and Kunar province last week. "
    "\nReferences\nUNAMA, Protection of Civilians, https://example.org/unama-report.pdf\n"
)
REFERENCE = "UNAMA, Protection of Civilians, https://example.org/unama-report.pdf"


def _document() -> Document:
    start = TEXT.index(REFERENCE)
    return Document(text=TEXT, format="text", title="Checkpoint attack", publisher="Example Wire",
                    source_name="wire.txt", apparatus=[(start - len("References\n"), len(TEXT))],
                    references=[Reference(start, start + len(REFERENCE), REFERENCE,
                                          url="https://example.org/unama-report.pdf")])


def test_every_step_adds_its_part_and_leaving_one_out_leaves_out_only_that_part() -> None:
    whole = extract(_document())
    assert whole.claims and whole.relations and whole.credits and whole.references
    without = extract(_document(), exclude=("relations", "credits"))
    assert without.relations == [] and without.credits == []
    assert [c.text for c in without.claims] == [c.text for c in whole.claims]
    assert without.references == whole.references


def test_a_new_step_is_one_function_and_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def count_words(context: Context) -> None:
        context.result.warnings.append(f"{len(context.doc.text.split())} words")

    monkeypatch.setattr(pipeline, "STEPS", (*STEPS, Step("word-count", count_words)))
    assert extract(_document()).warnings[-1] == f"{len(TEXT.split())} words"
    assert "word-count" not in " ".join(extract(_document(), exclude=("word-count",)).warnings)


def test_an_unknown_step_is_named_with_the_steps_there_are() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown extraction step telepathy: the steps are claims,"):
        chosen_steps(["telepathy"])


def test_leaving_out_a_step_another_needs_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="relations needs claims"):
        chosen_steps(["claims"])
    assert [s.name for s in chosen_steps(["claims", "relations"])] == ["references", "republications",
                                                                     "credits"]


def test_the_declared_order_is_the_order_they_run(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def recording(step: Step) -> Step:
        def run(context: Context) -> None:
            ran.append(step.name)
            step.run(context)
        return replace(step, run=run)

    recorded = tuple(recording(step) for step in STEPS)
    monkeypatch.setattr(pipeline, "STEPS", recorded)
    extract(_document())
    assert ran == [step.name for step in STEPS]
