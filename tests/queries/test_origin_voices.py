"""Independent origins on both stores: one body's several voices count once.

Real reporting gives one origin many voices: the body ("Human Rights Watch"), its
officers ("Tirana Hassan, executive director of Human Rights Watch"), its parts under
other names ("UN mission in Haiti", "BINUH"), a person quoted inside its text, an agency
a speaker relays. Each test builds the case and its counterpart, which must stay apart,
so a rule that merged everything would fail as surely as one that merged nothing.
"""

from __future__ import annotations

from typing import Any

from graph.model import Node, entity_id
from graph.stores.base import GraphStore
from queries.corroboration import Corroboration, corroboration
from tests.queries.test_corroboration import AGENCY, TROOPS, Said, person, report

SAYS = {"anonymous": False, "cue": "said", "source_kind": "organisation", "stance": "asserts"}


def body(name: str, root: str | None = None, part: str | None = None) -> tuple[Node, dict[str, Any]]:
    """An organisation as a source, with the issuer family the sourcing step stamps."""
    node = Node("Organisation", entity_id("Organisation", name=name), {"name": name, "resolved": False})
    family = {k: v for k, v in (("issuer_root", root), ("issuer_part", part)) if v}
    return node, {**SAYS, **family}


def speaker(name: str, role: str, **extra: Any) -> tuple[Node, dict[str, Any]]:
    return person(name), {**SAYS, "source_kind": "person", "role": role, **extra}


def origins(store: GraphStore, first: Said, second: Said) -> Corroboration:
    (a,) = report(store, "one", "Paper One", first)
    (b,) = report(store, "two", "Paper Two", second)
    answer = corroboration(store, a)
    assert {c["claim_id"] for g in answer.groups for c in g["claims"]} == {a, b}
    return answer


def test_an_officer_of_a_body_speaks_for_it(store: GraphStore) -> None:
    watch = body("Human Rights Watch")
    answer = origins(store, Said(TROOPS[0], attributed=[watch]), Said(TROOPS[1], attributed=[
        speaker("Tirana Hassan", "executive director of Human Rights Watch")]))
    assert answer.independent_origins == 1
    assert any("speaks for Human Rights Watch" in why for why in answer.groups[0]["why"])


def test_a_person_of_no_such_body_is_an_origin_of_their_own(store: GraphStore) -> None:
    answer = origins(store, Said(TROOPS[0], attributed=[body("Human Rights Watch")]),
                     Said(TROOPS[1], attributed=[speaker("Amina Diallo", "a farmer in the village")]))
    assert answer.independent_origins == 2


def test_parts_of_one_body_under_other_names_are_one_origin(store: GraphStore) -> None:
    mission = body("UN mission in Vardan", "United Nations", "mission")
    office = body("Integrated Office in Vardan (UNIOV)", "United Nations", "mission")
    answer = origins(store, Said(TROOPS[0], attributed=[mission]), Said(TROOPS[1], attributed=[office]))
    assert answer.independent_origins == 1
    assert any("voices of United Nations (mission)" in why for why in answer.groups[0]["why"])


def test_different_parts_of_one_family_stay_apart(store: GraphStore) -> None:
    children = body("UN children's agency", "United Nations", "children")
    refugees = body("UN refugee agency", "United Nations", "refugees")
    answer = origins(store, Said(TROOPS[0], attributed=[children]), Said(TROOPS[1], attributed=[refugees]))
    assert answer.independent_origins == 2


def test_a_person_named_in_full_and_in_part_is_one_person(store: GraphStore) -> None:
    full = Node("Person", "per:abdfth-adn-hsn", {"name": "Abdifatah Adan Hassan", "anonymous": False})
    short = Node("Person", "per:abdfth-adn", {"name": "Abdifatah Aden", "anonymous": False})
    other = Node("Person", "per:abdfth-mhmd", {"name": "Abdifatah Mohamed", "anonymous": False})
    said = {**SAYS, "source_kind": "person"}
    answer = origins(store, Said(TROOPS[0], attributed=[(full, said)]),
                     Said(TROOPS[1], attributed=[(short, said)]))
    assert answer.independent_origins == 1
    answer = corroboration(store, report(store, "three", "Paper Three",
                                         Said(TROOPS[2], attributed=[(other, said)]))[0])
    assert answer.independent_origins == 2   # a shared first name is not one person


def test_a_source_that_denies_is_no_origin_of_the_fact(store: GraphStore) -> None:
    denier = body("Vardan ministry")
    denies = {**denier[1], "stance": "denies", "cue": "denied"}
    mission = body("UN mission in Vardan")
    answer = origins(store, Said(TROOPS[0], attributed=[mission, (denier[0], denies)]),
                     Said(TROOPS[1], attributed=[mission]))
    assert answer.independent_origins == 1
    assert [g["source"] for g in answer.groups] == ["UN mission in Vardan"]


def test_the_denying_party_own_account_is_a_conflict(store: GraphStore) -> None:
    denier = body("Vardan ministry")
    denies = {**denier[1], "stance": "denies", "cue": "denied"}
    told = Said(TROOPS[0], attributed=[body("UN mission"), (denier[0], denies)])
    (a,) = report(store, "one", "Paper One", told)
    (b,) = report(store, "two", "Paper Two", Said(TROOPS[1], attributed=[denier]))
    answer = corroboration(store, a)
    assert [(c["kind"], c["claim_id"]) for c in answer.conflicts] == [("denial", b)]
    assert answer.independent_origins == 1


def test_a_source_quoted_inside_another_counts_with_it(store: GraphStore) -> None:
    institute = body("Institute for the Study of War")
    nested = speaker("Dmytro Lykhovii", "spokesman", via=institute[0].id)
    answer = origins(store, Said(TROOPS[0], attributed=[institute]), Said(TROOPS[1], attributed=[nested]))
    assert answer.independent_origins == 1
    alone = speaker("Dmytro Lykhovii", "spokesman")
    (c,) = report(store, "three", "Paper Three", Said(TROOPS[2], attributed=[alone]))
    assert corroboration(store, c).independent_origins == 1   # he was reached through ISW here


def test_an_agency_a_speaker_relays_is_the_agency_story(store: GraphStore) -> None:
    officer = speaker("Lucky Irabor", "defence chief", cue_start=10, cue_end=14)
    agency = {**SAYS, "source_kind": "wire", "cue": "indicated", "cue_start": 40, "cue_end": 49}
    (a,) = report(store, "one", "Paper One", Said(TROOPS[0], attributed=[officer, (AGENCY, agency)]))
    (b,) = report(store, "two", "Paper Two", Said(TROOPS[1]), credits=AGENCY)
    answer = corroboration(store, a)
    assert answer.independent_origins == 1, answer.groups
    assert {c["claim_id"] for g in answer.groups for c in g["claims"]} == {a, b}


def test_an_agency_as_the_only_speaker_is_its_own_reporting(store: GraphStore) -> None:
    agency = {**SAYS, "source_kind": "wire", "cue": "claimed"}
    answer = origins(store, Said(TROOPS[0], attributed=[(AGENCY, agency)]), Said(TROOPS[1]))
    assert answer.independent_origins == 2   # the agency, and Paper Two's own reporting
    kinds = sorted(g["kind"] for g in answer.groups)
    assert kinds == ["own", "wire"]


def test_unnamed_authorities_beside_one_official_body_are_that_body(store: GraphStore) -> None:
    answer = origins(store, Said(TROOPS[0], attributed=[body("authorities")]),
                     Said(TROOPS[1], attributed=[speaker("Abdi Farah", "police spokesman")]))
    assert answer.independent_origins == 1
    assert any("names no body" in why for why in answer.groups[0]["why"])


def three_origins(store: GraphStore, *voices: tuple[Node, dict[str, Any]]) -> int:
    """Independent origins of one fact told by three reports, each on one voice."""
    asked, *_ = (report(store, f"paper-{i}", f"Paper {i}", Said(TROOPS[i], attributed=[voice]))[0]
                 for i, voice in enumerate(voices))
    return int(corroboration(store, asked).independent_origins)


def test_unnamed_authorities_beside_two_official_bodies_stay_their_own(store: GraphStore) -> None:
    count = three_origins(store, body("authorities"), speaker("Abdi Farah", "police spokesman"),
                          body("Ministry of Defence"))
    assert count == 3   # either could be "the authorities"


def test_unnamed_authorities_beside_a_rights_group_stay_their_own(store: GraphStore) -> None:
    answer = origins(store, Said(TROOPS[0], attributed=[body("authorities")]),
                     Said(TROOPS[1], attributed=[body("Human Rights Watch")]))
    assert answer.independent_origins == 2


def army(name: str) -> tuple[Node, dict[str, Any]]:
    node = Node("Organisation", entity_id("Organisation", name=name),
                {"name": name, "resolved": True, "kind": "state-forces"})
    return node, SAYS


def test_an_officer_named_with_a_rank_speaks_for_the_one_armed_force(store: GraphStore) -> None:
    answer = origins(store, Said(TROOPS[0], attributed=[army("Orvan Armed Forces")]),
                     Said(TROOPS[1], attributed=[speaker("Lt Gen Tarek Olawale", "")]))
    assert answer.independent_origins == 1
    assert any("officer of Orvan Armed Forces" in why for why in answer.groups[0]["why"])


def test_an_officer_beside_two_armed_forces_stays_their_own(store: GraphStore) -> None:
    count = three_origins(store, army("Orvan Armed Forces"), speaker("Lt Gen Tarek Olawale", ""),
                          army("Kessel Army"))
    assert count == 3


def test_a_person_without_a_rank_is_not_an_officer(store: GraphStore) -> None:
    answer = origins(store, Said(TROOPS[0], attributed=[army("Orvan Armed Forces")]),
                     Said(TROOPS[1], attributed=[speaker("Generous Olawale", "a trader")]))
    assert answer.independent_origins == 2
