"""Same-fact matching and origin counting: behaviours no other test pinned.

The match threshold is tested from both sides with a pair of long claims that share a
few words without stating one fact (they must not match, nor corroborate each other
through the store) and a restatement (it must). Copies of one story must count as one
origin whichever of the two files the loader reads first.
"""

from __future__ import annotations

from pathlib import Path

from graph.model import report_id
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from queries.corroboration import corroboration
from queries.similarity import same_claim, similarity

ATTACK = ("Militants attacked a police station in the northern town of Gao on Monday night, "
          "burning vehicles and freeing several prisoners, local officials said.")
# shares "northern", "vehicles" and "prisoners" with ATTACK, and states another fact
AMNESTY = ("The charity said released prisoners were driven in its vehicles to their families "
           "in northern districts, a journey of two days over flooded roads.")
RESTATED = ("Local officials said militants stormed a police station in Gao on Monday night, "
            "set vehicles on fire and freed prisoners.")


def test_claims_sharing_a_few_words_are_not_the_same_fact() -> None:
    assert similarity(ATTACK, set(), AMNESTY, set()) > 0
    assert same_claim(ATTACK, set(), AMNESTY, set()) is False
    assert same_claim(AMNESTY, set(), ATTACK, set()) is False


def test_a_restatement_is_the_same_fact() -> None:
    assert same_claim(ATTACK, set(), RESTATED, set()) is True
    assert similarity(ATTACK, set(), RESTATED, set()) > similarity(ATTACK, set(), AMNESTY, set())


def write(folder: Path, name: str, body: str, published: str = "2025-07-01", extra: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "Regression {name}"\npublisher: Desk {name.title()}\npublished: {published}\n'
        f"url: https://example.org/regress/{name}\n{extra}---\n{body}\n", encoding="utf-8")


def claim_of(store: GraphStore, name: str) -> str:
    rid = report_id(url=f"https://example.org/regress/{name}")
    (edge,) = store.edges([rid], ["MAKES"], "out")
    return edge.target


def ingested(folder: Path, where: Path) -> GraphStore:
    store = EmbeddedStore(where)
    summary = ingest_paths(store, [folder])
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    return store


def test_a_shared_word_or_two_does_not_corroborate_through_the_store(tmp_path: Path) -> None:
    write(tmp_path / "in", "attack", ATTACK)
    write(tmp_path / "in", "amnesty", AMNESTY)
    write(tmp_path / "in", "restated", RESTATED, published="2025-07-02")
    store = ingested(tmp_path / "in", tmp_path / "store")
    result = corroboration(store, claim_of(store, "attack"))
    agreeing = {c["report_id"] for g in result.groups for c in g["claims"] if not c["asked"]}
    assert agreeing == {report_id(url="https://example.org/regress/restated")}
    assert result.corroborating == 1


FACT = "Hezbollah moved rockets into southern Lebanon overnight."
COPY_OF = "republished_from: https://example.org/regress/{}\n"


def copies(folder: Path, original: str, copy: str) -> None:
    """An unsourced story, a declared copy of it, and an outlet's own sighting."""
    write(folder, original, FACT)
    write(folder, copy, FACT, extra=COPY_OF.format(original))
    write(folder, "sighting", FACT.replace(".", ", our correspondent saw."), published="2025-07-02")


def test_a_story_and_its_copy_count_as_one_origin(tmp_path: Path) -> None:
    copies(tmp_path / "in", "a-original", "b-copy")     # the original is read first
    store = ingested(tmp_path / "in", tmp_path / "store")
    for asked in ("a-original", "b-copy"):
        result = corroboration(store, claim_of(store, asked))
        assert result.corroborating == 2
        assert result.independent_origins == 2     # the story (with its copy) and the sighting
        kinds = sorted(g["kind"] for g in result.groups)
        assert kinds == ["own", "own"]


def test_a_copy_read_before_its_original_still_counts_once(tmp_path: Path) -> None:
    copies(tmp_path / "in", "b-original", "a-copy")     # the copy is read first
    store = ingested(tmp_path / "in", tmp_path / "store")
    result = corroboration(store, claim_of(store, "b-original"))
    assert result.independent_origins == 2
    assert "circular" not in {g["kind"] for g in result.groups}
