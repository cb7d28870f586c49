"""Source-chain behaviours that a review could break without any other test noticing.

Each test builds the smallest graph that shows one behaviour (invented reports written
as Markdown and ingested by the real loader) and asks the public ``source_chain``:
a loop beside another origin, the depth cap, the path cap, citation dates. They are
written against results, never internals, so a rework of the walk keeps them.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

import pytest

from graph.model import Node, report_id
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from queries.chain import MAX_DEPTH, source_chain

FACT = "Al-Shabaab seized a port in Somalia"


def url(name: str) -> str:
    return f"https://example.org/regress/{name}"


def write_report(folder: Path, name: str, body: str, published: str = "2025-05-01") -> None:
    """One invented report in the Markdown the loader reads (front matter, then text)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "Regression {name}"\npublisher: Regression {name.title()} Post\n'
        f"published: {published}\nurl: {url(name)}\n---\n{body}\n", encoding="utf-8")


def link(name: str) -> str:
    return f"[the {name} desk]({url(name)})"


def ingested(folder: Path, store_dir: Path) -> GraphStore:
    store = EmbeddedStore(store_dir)
    summary = ingest_paths(store, [folder])
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    return store


def first_claim(store: GraphStore, name: str) -> str:
    edges = store.edges([report_id(url=url(name))], ["MAKES"], "out")
    claims = store.get_nodes([e.target for e in edges])
    assert claims, f"report {name} made no claim"
    return min(claims.values(), key=lambda c: c.props["start"]).id


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "reports"


def test_a_loop_beside_a_primary_origin_is_flagged_circular(folder: Path, tmp_path: Path) -> None:
    """One path loops back, another reaches a primary source: the chain is still circular."""
    write_report(folder, "start", f"{FACT}, as {link('loop')} and {link('field')} reported.")
    write_report(folder, "loop", f"{FACT}, {link('start')} reported.")
    write_report(folder, "field", f"{FACT} on Monday, residents told our reporter.")
    store = ingested(folder, tmp_path / "store")
    chain = source_chain(store, first_claim(store, "start"))
    assert sorted(o.type for o in chain.origins) == ["circular", "primary"]
    assert chain.flags["circular"] is True
    assert chain.flags["single_origin"] is False


def chain_of(folder: Path, length: int) -> None:
    """``hop-0`` cites ``hop-1`` ... cites ``hop-<length-1>``, which cites nothing."""
    for index in range(length - 1):
        write_report(folder, f"hop-{index}", f"{FACT}, as {link(f'hop-{index + 1}')} reported.")
    write_report(folder, f"hop-{length - 1}", f"{FACT} on Monday, residents said.")


def test_a_path_at_the_depth_cap_ends_truncated(folder: Path, tmp_path: Path) -> None:
    chain_of(folder, 6)
    store = ingested(folder, tmp_path / "store")
    chain = source_chain(store, first_claim(store, "hop-0"), max_depth=2)
    (path,) = chain.paths
    assert path.origin.type == "truncated"
    assert path.origin.report_id == report_id(url=url("hop-2"))
    assert len(path.hops) == 3
    assert chain.capped["depth"] is True


def test_a_chain_within_the_depth_cap_reaches_its_origin(folder: Path, tmp_path: Path) -> None:
    chain_of(folder, 3)
    store = ingested(folder, tmp_path / "store")
    chain = source_chain(store, first_claim(store, "hop-0"), max_depth=2)
    (path,) = chain.paths
    assert path.origin.type == "primary" and path.origin.report_id == report_id(url=url("hop-2"))
    assert chain.capped["depth"] is False


def test_the_default_depth_cap_is_reached_and_said(folder: Path, tmp_path: Path) -> None:
    chain_of(folder, MAX_DEPTH + 3)
    store = ingested(folder, tmp_path / "store")
    chain = source_chain(store, first_claim(store, "hop-0"))
    (path,) = chain.paths
    assert path.origin.type == "truncated" and len(path.hops) == MAX_DEPTH + 1
    assert chain.capped == {"depth": True, "paths": False}


def fan_out(folder: Path, width: int) -> None:
    """One claim citing ``width`` reports, each a primary source."""
    links = ", ".join(link(f"leaf-{i}") for i in range(width))
    write_report(folder, "root", f"{FACT}, as {links} reported.")
    for index in range(width):
        write_report(folder, f"leaf-{index}", f"{FACT} on Monday, residents told desk {index}.")


def test_paths_past_the_path_cap_are_dropped_and_said(folder: Path, tmp_path: Path) -> None:
    fan_out(folder, 5)
    store = ingested(folder, tmp_path / "store")
    capped = source_chain(store, first_claim(store, "root"), max_paths=3)
    assert len(capped.paths) == 3
    assert capped.capped["paths"] is True
    whole = source_chain(store, first_claim(store, "root"), max_paths=5)
    assert len(whole.paths) == 5
    assert whole.capped["paths"] is False


@pytest.mark.parametrize(("citing", "cited", "later"), [
    ("2025-05-02", "2025-05-02", False),   # same day: an ordinary citation
    ("2025-05-02", "2025-05-01", False),   # the cited report came first
    ("2025-05-01", "2025-05-02", True),    # cites a report published after it
])
def test_only_a_citation_of_a_later_report_is_flagged(folder: Path, tmp_path: Path, citing: str,
                                                      cited: str, later: bool) -> None:
    write_report(folder, "citing", f"{FACT}, as {link('cited')} reported.", published=citing)
    write_report(folder, "cited", f"{FACT} on Monday, residents said.", published=cited)
    store = ingested(folder, tmp_path / "store")
    chain = source_chain(store, first_claim(store, "citing"))
    assert [o.type for o in chain.origins] == ["primary"]
    assert chain.flags["cites_later_report"] is later


def test_paths_past_the_cap_across_reports_of_one_level_are_dropped_and_said(folder: Path,
                                                                             tmp_path: Path) -> None:
    """Two cited reports each cite two more: each stays under the cap of three, together
    they pass it, and the chain says so."""
    write_report(folder, "root", f"{FACT}, as {link('mid-0')} and {link('mid-1')} reported.")
    for mid in range(2):
        leaves = " and ".join(link(f"leaf-{mid}-{leaf}") for leaf in range(2))
        write_report(folder, f"mid-{mid}", f"{FACT}, as {leaves} reported.")
        for leaf in range(2):
            write_report(folder, f"leaf-{mid}-{leaf}", f"{FACT} on Monday, residents told desk {mid}{leaf}.")
    cap_is_said(ingested(folder, tmp_path / "store"), 4)


def cap_is_said(store: GraphStore, paths: int) -> None:
    """Of the root claim's ``paths`` paths, a cap of one fewer keeps that many and says so;
    a cap of ``paths`` keeps them all and says nothing."""
    capped = source_chain(store, first_claim(store, "root"), max_paths=paths - 1)
    assert len(capped.paths) == paths - 1 and capped.capped["paths"] is True
    whole = source_chain(store, first_claim(store, "root"), max_paths=paths)
    assert len(whole.paths) == paths and whole.capped["paths"] is False


def restating(times: int) -> str:
    """A report body telling the fact ``times`` over, each sentence a claim of its own."""
    tellings = [f"{FACT} on Monday, residents said.", f"Elders in the town said {FACT} at dawn.",
                f"Officials in Mogadishu confirmed that {FACT} after a battle."]
    return " ".join(tellings[:times])


def test_claims_of_one_cited_report_past_the_cap_are_dropped_and_said(folder: Path, tmp_path: Path) -> None:
    """One cited report restates the fact three times: three paths, past a cap of two."""
    write_report(folder, "root", f"{FACT}, as {link('mid')} reported.")
    write_report(folder, "mid", restating(3))
    cap_is_said(ingested(folder, tmp_path / "store"), 3)


def test_a_cited_report_reached_with_the_cap_full_is_dropped_and_said(folder: Path, tmp_path: Path) -> None:
    """The first cited report's claims fill the cap; the second report is not walked."""
    write_report(folder, "root", f"{FACT}, as {link('mid-a')} and {link('mid-b')} reported.")
    write_report(folder, "mid-a", restating(2))
    write_report(folder, "mid-b", restating(1))
    cap_is_said(ingested(folder, tmp_path / "store"), 3)


class CountingStore(EmbeddedStore):
    """The embedded store, noting which reports' claims a walk asks for and whether the
    garbage collector ran meanwhile."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.asked: list[str] = []
        self.collecting: list[bool] = []

    def report_claims(self, report_ids: Sequence[str]) -> dict[str, list[tuple[Node, set[str]]]]:
        self.asked.extend(report_ids)
        self.collecting.append(gc.isenabled())
        return super().report_claims(report_ids)


def test_a_report_reached_at_two_depths_is_read_once(folder: Path, tmp_path: Path) -> None:
    """The root cites the field report directly and through a desk that cites it too: the
    walk reaches the field report twice, one level apart, and reads its claims once."""
    write_report(folder, "root", f"{FACT}, as {link('desk')} and {link('field')} reported.")
    write_report(folder, "desk", f"{FACT}, {link('field')} reported.")
    write_report(folder, "field", f"{FACT} on Monday, residents said.")
    ingested(folder, tmp_path / "store").close()
    store = CountingStore(tmp_path / "store")
    chain = source_chain(store, first_claim(store, "root"))
    field = report_id(url=url("field"))
    assert sorted(len(p.hops) for p in chain.paths if p.origin.report_id == field) == [2, 3]
    assert store.asked.count(field) == 1
    store.close()


def test_the_walk_pauses_the_garbage_collector_and_restores_it(folder: Path, tmp_path: Path) -> None:
    """A walk builds thousands of objects in no cycle: the collector is paused while it
    walks and running again after; a caller that paused it finds it still paused."""
    chain_of(folder, 3)
    ingested(folder, tmp_path / "store").close()
    store = CountingStore(tmp_path / "store")
    source_chain(store, first_claim(store, "hop-0"))
    assert store.collecting and not any(store.collecting)
    assert gc.isenabled()
    gc.disable()
    try:
        source_chain(store, first_claim(store, "hop-0"))
        assert not gc.isenabled()
    finally:
        gc.enable()
    store.close()
