"""``conflictkg viz entity`` writes the aggregated actor view (``--claims`` the old drawing):
in headless Chromium, with the real reports and at 300 entities, no two nodes or labels
overlap, and no claim is drawn as a node.

Screenshots go to the test's temporary folder (and to ``$CONFLICTKG_SCREENSHOTS``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.viz.drawing import NODE_CAP
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.analysis.graphs import Doc, Said, write
from tests.analysis.test_actor_view import REAL_NEWS, boxes, keep, labels, overlapping
from tests.browser.chrome import Page, off_host
from tests.conftest import SHARED

LEAVES = NODE_CAP + 20


def viz_entity(store: Path, name: str, out: Path, *extra: str) -> str:
    """Run the command; its output (it must succeed)."""
    args = ["viz", "entity", name, "--store", str(store), "--out", str(out), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store of the seed op-ed and the real-news excerpts."""
    if not REAL_NEWS.is_dir():
        pytest.skip("../shared/corpus/real-news is not present")
    folder = tmp_path_factory.mktemp("real-cli") / "store"
    store = EmbeddedStore(folder)
    summary = ingest_paths(store, [SHARED / "seeds", *sorted(p for p in REAL_NEWS.iterdir() if p.is_dir())])
    store.close()
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    return folder


def hub(leaves: int = LEAVES) -> list[Doc]:
    """One organisation named with each of ``leaves`` others and that one's neighbour in a
    ring: its claims name more entities than a view draws."""
    docs = []
    for i in range(leaves):
        names = ("Hub Front", f"Cell {i:03d}", f"Cell {(i + 1) % leaves:03d}")
        docs.append(Doc(f"hub-{i:03d}", f"2024-{1 + i % 12:02d}-01",
                        [Said(f"{names[0]} met {names[1]} and {names[2]} there.", names)]))
    return docs


def drawn_ids(page: Page) -> list[str]:
    return [str(n["id"]) for n in page.js("return window.conflictkgView.nodes")]


def test_real_entity_is_drawn_as_actors(page: Page, real_dir: Path, tmp_path: Path) -> None:
    actors, claims = tmp_path / "al-qaeda.html", tmp_path / "al-qaeda-claims.html"
    said = viz_entity(real_dir, "Al Qaeda", actors)
    assert "The links are what the claims naming" in said
    viz_entity(real_dir, "Al Qaeda", claims, "--claims")
    page.open(claims.as_uri(), timeout=30)
    every_claim = drawn_ids(page)
    assert any(i.startswith("clm:") for i in every_claim)
    page.open(actors.as_uri(), timeout=30)
    drawn = drawn_ids(page)
    assert drawn and not any(i.startswith("clm:") for i in drawn)
    assert len(drawn) < len(every_claim) / 2
    assert overlapping(boxes(page)) == []
    assert len(labels(page)) == len(drawn)
    keep(page, tmp_path / "cli-actors-al-qaeda.png")
    assert off_host(page.requests()) == [] and page.console() == []
    page.assert_nothing_ran()


def test_entity_over_the_cap_stays_readable(page: Page, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    write(store, hub())
    store.close()
    out = tmp_path / "hub.html"
    said = viz_entity(folder, "Hub Front", out)
    assert f"Drawing the {NODE_CAP} most central of {LEAVES + 1} entities" in said
    page.open(out.as_uri(), timeout=60)
    drawn = drawn_ids(page)
    assert len(drawn) == NODE_CAP and "org:hub-front" in drawn
    assert overlapping(boxes(page)) == []
    assert 0 < len(labels(page)) <= 41  # the most central, and the entity itself
    keep(page, tmp_path / "cli-actors-300.png")
    assert off_host(page.requests()) == []
    page.assert_nothing_ran()
