"""The aggregated actor view in headless Chromium: readable with real reports and at 300
entities (no two nodes or labels overlap), evidence on click, nothing fetched off-host.

Screenshots are written to the test's temporary folder, and also to
``$CONFLICTKG_SCREENSHOTS`` when that names a folder (to look at them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest

from api.settings import Settings
from api.viz.actors import actor_view
from api.viz.drawing import NODE_CAP
from api.viz.page import view_page
from api.viz.views import entity_overview, entity_view
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.analysis.graphs import many_actors, write
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, off_host
from tests.conftest import SHARED

REAL_NEWS = SHARED / "corpus" / "real-news"
Box = dict[str, float]


def keep(page: Page, path: Path) -> None:
    """A screenshot, kept where a person can look at it when asked to."""
    page.screenshot(path)
    folder = os.environ.get("CONFLICTKG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


def boxes(page: Page) -> dict[str, Box]:
    """Each drawn node's box on the canvas, its label included."""
    return dict(page.js("const n = window.conflictkgNetwork;"
                        "return Object.fromEntries(n.body.data.nodes.getIds()"
                        ".map(id => [id, n.getBoundingBox(id)]));"))


def overlapping(found: dict[str, Box]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in combinations(sorted(found), 2)
            if found[a]["left"] < found[b]["right"] and found[b]["left"] < found[a]["right"]
            and found[a]["top"] < found[b]["bottom"] and found[b]["top"] < found[a]["bottom"]]


def clear_middle(page: Page, edge: dict[str, str]) -> bool:
    """True when no node (or label) covers the middle of an edge, so a click there hits it."""
    (x1, y1), (x2, y2) = page.canvas_point(edge["from"]), page.canvas_point(edge["to"])
    return page.js("return window.conflictkgNetwork.getNodeAt({x: arguments[0], y: arguments[1]})"
                   " === undefined", (x1 + x2) / 2, (y1 + y2) / 2) is True


def labels(page: Page) -> list[str]:
    return [str(n["label"]).strip() for n in page.js("return window.conflictkgView.nodes")
            if str(n["label"]).strip()]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The seed op-ed and the real-news excerpts (skipped when ../shared is absent)."""
    if not REAL_NEWS.is_dir():
        pytest.skip("../shared/corpus/real-news is not present")
    store = EmbeddedStore(tmp_path_factory.mktemp("real") / "store")
    folders = [SHARED / "seeds", *sorted(p for p in REAL_NEWS.iterdir() if p.is_dir())]
    summary = ingest_paths(store, folders)
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    yield store
    store.close()


def test_real_reports_draw_actors_not_claims(page: Page, real_store: EmbeddedStore, tmp_path: Path) -> None:
    whole = actor_view(real_store)
    assert 10 < len(whole.nodes) <= NODE_CAP
    assert all(n.label in ("Organisation", "Region") for n in whole.nodes.values())
    central = max(whole.nodes.values(), key=lambda n: n.fields["PageRank"]).id
    ego = entity_overview(real_store, central)
    claim_level = entity_view(real_store, central)
    assert ego.kind == "actors" and len(ego.nodes) < len(claim_level.nodes) / 2
    assert not any(n.label == "Claim" for n in ego.nodes.values())
    al_qaeda = entity_overview(real_store, "Al Qaeda")
    assert al_qaeda.kind == "actors" and len(al_qaeda.nodes) < len(entity_view(real_store, "Al Qaeda").nodes)
    for name, view in (("actors-real.png", whole), ("actors-real-al-qaeda.png", al_qaeda),
                       ("actors-real-ego.png", ego)):
        path = tmp_path / name.replace(".png", ".html")
        path.write_text(view_page(view, standalone=True), encoding="utf-8")
        page.open(path.as_uri(), timeout=30)
        assert overlapping(boxes(page)) == []
        assert len(labels(page)) == len(view.nodes)
        keep(page, tmp_path / name)
    edge = max(ego.edges.values(), key=lambda e: e.fields["claims"])
    page.click_edge(edge.id)
    panel = page.panel()
    assert f"Evidence ({min(edge.fields['claims'], 20)})" in panel["text"]
    assert panel["marks"] and all(m for m in panel["marks"])
    assert off_host(page.requests()) == [] and page.console() == []
    page.assert_nothing_ran()


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = EmbeddedStore(tmp_path_factory.mktemp("many") / "store")
    write(store, many_actors())
    with LiveServer(store, Settings()) as live:
        yield live
    store.close()


def test_over_the_cap_stays_readable(page: Page, big_server: LiveServer, tmp_path: Path) -> None:
    page.open(f"{big_server.url}/view/actors", timeout=60)
    drawn = page.drawn_nodes()
    assert len(drawn) == NODE_CAP
    notes = page.js("return document.getElementById('notes').textContent")
    assert f"Drawing the {NODE_CAP} most central of 360 entities" in notes
    assert "Only the 40 most central entities are labelled" in notes
    assert overlapping(boxes(page)) == []
    assert len(labels(page)) == 40
    legend = page.js("return document.getElementById('legend').textContent")
    assert "community 0: Cell" in legend
    assert page.js("return window.conflictkgTimings.settled") < 15_000
    keep(page, tmp_path / "actors-300.png")
    relations = [e for e in page.js("return window.conflictkgView.edges") if e["arrows"]["to"]["enabled"]]
    page.click_edge(next(e["id"] for e in relations if clear_middle(page, e)))
    assert "supplies" in page.panel()["text"]
    assert off_host(page.requests()) == []
    page.assert_nothing_ran()
