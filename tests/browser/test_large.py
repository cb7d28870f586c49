"""Above the node cap a view groups what it cannot draw, says so, and stops its physics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.settings import Settings
from api.viz.drawing import NODE_CAP
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, off_host
from tests.browser.conftest import ingested

CLAIMS = 420
Served = tuple[LiveServer, EmbeddedStore]


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One long report whose every sentence is about Al-Shabaab: far more claims than the cap."""
    folder = tmp_path_factory.mktemp("large")
    sentences = " ".join(f"Al-Shabaab fighters raided village number {i} in Somalia." for i in range(CLAIMS))
    report = folder / "long.md"
    report.write_text("---\ntitle: A long report\npublisher: Fixture Archive\npublished: 2025-03-01\n"
                      f"url: https://example.org/viz/long\n---\n{sentences}\n", encoding="utf-8")
    store = ingested(folder / "store", report)
    with LiveServer(store, Settings()) as live:
        yield live, store
    store.close()


def test_big_neighbourhood_is_capped_grouped_and_settles(page: Page, big_server: Served,
                                                         tmp_path: Path) -> None:
    server, store = big_server
    about = {e.source for e in store.edges(["org:al-shabaab"], ["MENTIONS"], "in")}
    assert len(about) >= CLAIMS
    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1&claims=true", timeout=30)

    drawn = page.drawn_nodes()
    boxes = {i for i in drawn if i.startswith("more:")}
    assert len(drawn) <= NODE_CAP and boxes and "org:al-shabaab" in drawn
    hidden = page.js("const d = window.conflictkgView.details.nodes;"
                     "return Object.values(d).filter(n => n.label === 'more')"
                     ".reduce((sum, n) => sum + n.fields['hidden nodes'], 0)")
    assert len(drawn - boxes) + hidden == len(about) + 1
    notes = page.js("return document.getElementById('notes').textContent")
    assert f"Drawing {len(drawn - boxes)} of {len(about) + 1} nodes" in notes
    assert f"Left out: {hidden} Claims" in notes
    assert page.js("return window.conflictkgNetwork.physics.options.enabled") is False
    assert page.js("return window.conflictkgTimings.settled") < 15_000

    box = sorted(boxes)[0]
    page.click_node(box)
    listed = page.js("return document.querySelectorAll('#panel .hidden-list li').length")
    assert listed == min(hidden, 100)
    page.screenshot(tmp_path / "large.png")
    assert off_host(page.requests()) == []
    page.assert_nothing_ran()
