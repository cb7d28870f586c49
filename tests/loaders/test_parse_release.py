"""The document's parses are dropped once the attributions are read from them: no later
step reads a parse, and a long report's Docs would otherwise stay to the end."""

from __future__ import annotations

from loaders.document import Document
from loaders.extract.gazetteer import default_gazetteer
from loaders.extract.pipeline import Context

TEXT = ("Fighters of the Taliban attacked a checkpoint in Kunar on Monday, officials said. "
        "The UN monitoring team said in a report that ISKP had recruited new members in Nangarhar.")


def test_attributions_are_read_then_the_parses_are_dropped() -> None:
    context = Context.of(Document(text=TEXT, source_name="brief.txt", format="text"), default_gazetteer())
    found = context.attributions(context.spans)
    assert [a.who for claim in found for a in claim] == ["officials", "The UN monitoring team"]
    assert all(context.parses.parsed(s, e) is None for s, e in context.spans)
