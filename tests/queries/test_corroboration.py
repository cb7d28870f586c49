"""Corroboration on both stores, over reports built by hand to show each way of counting.

Each report is one batch made with the real ReportBuilder (so provenance is stamped as
for ingested reports) with the evidence edges the sourcing step writes: CITES to a
stub of a described document, ATTRIBUTED_TO named or anonymous sources, CREDITS to a
wire agency, REPUBLISHES, and a stance on the edge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.model import Node, entity_id, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.stores.base import GraphStore
from queries import candidates
from queries.chain import NotFoundError
from queries.corroboration import Corroboration, corroboration

VARDAN = Node("Organisation", entity_id("Organisation", name="Vardan army"),
              {"name": "Vardan army", "resolved": True})
KESSEL = Node("Organisation", entity_id("Organisation", name="Kessel"),
              {"name": "Kessel", "resolved": True})
AGENCY = Node("Organisation", entity_id("Organisation", name="Wire Agency"),
              {"name": "Wire Agency", "resolved": True, "kind": "media"})
PANEL_REPORT = Node("Report", report_id(title="panel report on Vardan 2025"),
                    {"title": "the experts' report", "stub": True, "described": True, "doc_kind": "report"})
TROOPS = [
    "Some 3,000-4,000 Vardan soldiers are fighting alongside the Kessel rebels, the experts' report found.",
    "Between 3,000 and 4,000 Vardan troops operate together with the Kessel rebel group.",
    "Around 3,000 to 4,000 Vardan soldiers are present alongside the Kessel rebels in the east.",
]


@dataclass
class Said:
    """One claim of a hand-built report and the evidence behind it."""

    text: str
    cites: Node | None = None
    attributed: list[tuple[Node, dict[str, Any]]] = field(default_factory=list)
    mentions: tuple[Node, ...] = ()   # the entities found in it (Vardan and Kessel when named, by default)


def report(store: GraphStore, name: str, publisher: str, *claims: Said, credits: Node | None = None,
           republishes: str | None = None) -> list[str]:
    """Write one report; returns its claim ids in order."""
    text = " ".join(c.text for c in claims)
    url = f"https://example.org/corroboration/{name}"
    node = Node("Report", report_id(url=url), {
        "title": name, "url": url, "text": text, "stub": False, "sha256": sha256_hex(text),
        "publisher": publisher, "published": "2025-03-01"})
    builder = ReportBuilder(node, ingestion_node("tests", sha256_hex(text), url))
    ids, at = [], 0
    for said in claims:
        end = at + len(said.text)
        cid = builder.claim(at, end, method="sentence", confidence=0.9, hedged=False,
                            sourced=bool(said.cites or said.attributed))
        for entity in said.mentions or (VARDAN, KESSEL):
            name = entity.props["name"].split()[0]
            name_at = said.text.find(name)
            if name_at >= 0:
                builder.node(entity)
                builder.evidence("MENTIONS", cid, entity.id, at + name_at, at + name_at + len(name),
                                 method="gazetteer", confidence=0.9, surface=name)
        if said.cites:
            builder.node(said.cites)
            builder.evidence("CITES", cid, said.cites.id, at, at + 5, method="pattern", confidence=0.8,
                             kind="attribution", source_kind="document", stance="asserts")
        for agent, props in said.attributed:
            builder.node(agent)
            builder.evidence("ATTRIBUTED_TO", cid, agent.id, at, at + 5, method="pattern",
                             confidence=0.8, **props)
        ids.append(cid)
        at = end + 1
    if credits:
        builder.node(credits)
        builder.evidence("CREDITS", node.id, credits.id, 0, 5, method="dateline", confidence=0.9,
                         basis="dateline")
    if republishes:
        original = report_id(url=f"https://example.org/corroboration/{republishes}")
        builder.node(Node("Report", original, {"stub": True, "url": "https://example.org/x"}))
        builder.evidence("REPUBLISHES", node.id, original, 0, 5, method="byline", confidence=0.9,
                         basis="byline")
    store.write_batch(builder.build())
    return ids


def person(name: str, anonymous: bool = False) -> Node:
    return Node("Person", f"per:{name.lower().replace(' ', '-')}", {"name": name, "anonymous": anonymous})


def claim_ids(answer: Corroboration) -> set[str]:
    return {c["claim_id"] for g in answer.groups for c in g["claims"]}


def test_outlets_describing_one_document_count_as_one_origin(store: GraphStore) -> None:
    (a,) = report(store, "a", "Outlet A", Said(TROOPS[0], cites=PANEL_REPORT))
    (b,) = report(store, "b", "Outlet B", Said(TROOPS[1], cites=PANEL_REPORT))
    (c,) = report(store, "c", "Outlet C", Said(TROOPS[2], cites=PANEL_REPORT))
    answer = corroboration(store, a)
    assert answer.corroborating == 2 and claim_ids(answer) == {a, b, c}
    assert answer.independent_origins == 1
    (group,) = answer.groups
    assert group["kind"] == "document" and group["source"] == "the experts' report"
    assert group["why"] == ["3 claims rest on document the experts' report"]
    reasons = {c["claim_id"]: c.get("match") for c in group["claims"]}
    assert reasons[a] is None and set(reasons[b]["shared"]) >= {"numbers", "entities"}


def test_wire_copies_count_once_and_unrelated_own_reporting_twice(store: GraphStore) -> None:
    (a,) = report(store, "wire-1", "Paper One", Said(TROOPS[0]), credits=AGENCY)
    (b,) = report(store, "wire-2", "Paper Two", Said(TROOPS[1]), credits=AGENCY)
    (c,) = report(store, "own-1", "Paper Three", Said(TROOPS[2]))
    answer = corroboration(store, a)
    assert answer.corroborating == 2 and answer.independent_origins == 2
    kinds = {g["kind"]: g for g in answer.groups}
    assert {c["claim_id"] for c in kinds["wire"]["claims"]} == {a, b}
    assert kinds["wire"]["source"] == "Wire Agency"
    assert [c["claim_id"] for c in kinds["own"]["claims"]] == [c]
    assert kinds["own"]["origins"][0]["note"] == "the report cites nothing: the outlet's own reporting"


def test_a_republished_copy_counts_with_its_original(store: GraphStore) -> None:
    (a,) = report(store, "orig", "Paper One", Said(TROOPS[0]))
    (b,) = report(store, "copy", "Paper Two", Said(TROOPS[0]), republishes="orig")
    answer = corroboration(store, a)
    assert answer.corroborating == 1 and answer.independent_origins == 1
    assert claim_ids(answer) == {a, b}


def test_anonymous_sources_are_counted_apart_and_said_to_be_anonymous(store: GraphStore) -> None:
    officials = {"anonymous": True, "cue": "said", "source_kind": "anonymous", "stance": "asserts"}
    (a,) = report(store, "anon-1", "Paper One",
                  Said(TROOPS[0], attributed=[(person("officials 1", True), officials)]))
    report(store, "anon-2", "Paper Two",
           Said(TROOPS[1], attributed=[(person("officials 2", True), officials)]))
    answer = corroboration(store, a)
    assert answer.independent_origins == 2
    assert [g["kind"] for g in answer.groups] == ["anonymous", "anonymous"]


def test_a_claim_with_no_source_counts_with_the_source_its_report_cites(store: GraphStore) -> None:
    (a,) = report(store, "doc", "Outlet A", Said(TROOPS[0], cites=PANEL_REPORT))
    b, _ = report(store, "echo", "Outlet B", Said(TROOPS[1]),
                  Said("The council will discuss the findings next week.", cites=PANEL_REPORT))
    answer = corroboration(store, a)
    assert answer.independent_origins == 1 and claim_ids(answer) == {a, b}
    (group,) = answer.groups
    notes = [o.get("note") for o in group["origins"]]
    assert "no source found in the text; its report cites other sources" in notes
    assert any("its report cites" in why for why in group["why"])


def test_denials_and_conflicting_counts_are_listed(store: GraphStore) -> None:
    ministry = {"anonymous": False, "cue": "denied", "source_kind": "organisation", "stance": "denies"}
    (a,) = report(store, "toll", "Paper One",
                  Said("At least 32 Kessel fighters were killed in the Vardan raid on Friday."))
    (b,) = report(store, "early", "Paper Two",
                  Said("Eight Kessel fighters were killed in the Vardan raid on Friday."))
    (c,) = report(store, "denial", "Paper Three", Said(
        "The Vardan army denied that any Kessel fighters were killed in the raid on Friday.",
        attributed=[(VARDAN, ministry)]))
    answer = corroboration(store, a)
    # "eight killed" tells the same raid but does not corroborate "32 killed": it is a
    # conflict, shown with its claim, and no origin of the count
    assert claim_ids(answer) == {a} and answer.independent_origins == 1
    assert answer.corroborating == 0 and answer.disagreeing == 2
    kinds = {(x["kind"], x["claim_id"]) for x in answer.conflicts}
    assert kinds == {("number", b), ("denial", c)}
    number = next(x for x in answer.conflicts if x["kind"] == "number")
    assert number["what"] == "kill" and number["values"] == [["32"], ["eight"]]
    assert number["claim"]["claim_id"] == b and "Eight" in number["claim"]["quote"]


def test_the_answer_says_when_it_stopped(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    (a,) = report(store, "a", "Outlet A", Said(TROOPS[0], cites=PANEL_REPORT))
    report(store, "b", "Outlet B", Said(TROOPS[1], cites=PANEL_REPORT))
    report(store, "c", "Outlet C", Said(TROOPS[2], cites=PANEL_REPORT))
    assert corroboration(store, a).chains["capped"] == {"depth": False, "paths": False}
    monkeypatch.setattr(candidates, "MAX_CANDIDATES", 1)
    found = corroboration(store, a).candidates
    assert found["stopped_at"] == 1 and found["compared"] == 1 and found["claims_sharing_words"] == 2
    monkeypatch.setattr(candidates, "POSTINGS_CAP", 1)
    found = corroboration(store, a).candidates
    too_common = found["too_common"]
    assert isinstance(too_common, list) and "vardan" in too_common


def test_an_unknown_claim_is_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFoundError):
        corroboration(store, "clm:0000")


def test_the_command_line_shows_origins_reasons_and_conflicts(tmp_path: Path) -> None:
    from graph.stores.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    (a,) = report(store, "doc-1", "Outlet A", Said(TROOPS[0], cites=PANEL_REPORT))
    report(store, "doc-2", "Outlet B", Said(TROOPS[1], cites=PANEL_REPORT))
    report(store, "early", "Outlet C",
           Said("Some 300 Vardan soldiers are fighting alongside the Kessel rebels."))
    store.close()
    text = CliRunner().invoke(app, ["corroboration", a, "--store", str(tmp_path / "store")])
    assert text.exit_code == 0, text.output
    # the 300 count is the same fighting told with a count that cannot be the same: a
    # conflict, not a corroborating claim, and no second origin of the 3,000-4,000 figure
    assert "1 corroborating claim(s) besides this one; 1 independent origin(s)" in text.output
    assert "origin 1: document the experts' report" in text.output
    assert "counted as one: 2 claims rest on document the experts' report" in text.output
    assert "why: score" in text.output and "numbers 3,000-4,000" in text.output
    assert "conflict: military: 3,000-4,000 here, 300 in" in text.output
    answer = json.loads(CliRunner().invoke(
        app, ["corroboration", a, "--store", str(tmp_path / "store"), "--json"]).output)
    assert next(iter(answer)) == "independent_origins" and answer["independent_origins"] == 1
