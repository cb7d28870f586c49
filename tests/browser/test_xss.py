"""Untrusted report text runs nothing: the XSS fixture in every view, the explorer and a file.

tests/fixtures/xss/xss-report.md puts ``<script>``, ``</script>``, ``onerror=`` and
``"><img src=x onerror=alert(1)>`` in its title, publisher, text, a cited report's
title and (through "according to ...") an entity's name; its payloads set the sentinel
``window.xssFired`` or open a dialog. In the browser we open every node's and edge's
panel and a tooltip, then check that no dialog opened, the sentinel is unset, no image
or inline handler exists, and the payloads are shown as text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By

from api.viz.page import view_page
from api.viz.views import report_view
from graph.model import report_id
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import LiveServer
from tests.browser.chrome import LOCAL_SCHEMES, Page, off_host
from tests.browser.conftest import claims_of
from tests.browser.test_explorer import search

XSS_REPORT = report_id(url="https://example.org/xss/report")
OPEN_EVERY_PANEL = """
const n = window.conflictkgNetwork, shown = [];
for (const id of n.body.data.nodes.getIds()) {
  n.body.emitter.emit('click', {nodes: [id], edges: []});
  shown.push(document.getElementById('panel').textContent);
}
for (const id of n.body.data.edges.getIds()) {
  n.body.emitter.emit('click', {nodes: [], edges: [id]});
  shown.push(document.getElementById('panel').textContent);
}
return shown.join('\\n');
"""


def xss_person(store: EmbeddedStore) -> str:
    claims = claims_of(store, XSS_REPORT)
    people = [e.target for e in store.edges(claims, ["ATTRIBUTED_TO"], "out")]
    named = [p for p in people if "onerror" in store.get_nodes([p])[p].props["name"]]
    assert named, "the fixture should give an entity a name carrying a payload"
    return named[0]


def hover_tooltip(page: Page) -> str:
    """Hover the first node and return the text of vis-network's tooltip (only text and line breaks)."""
    node = page.js("return window.conflictkgNetwork.body.data.nodes.getIds()[0]")
    page.hover_at(*page.canvas_point(node))
    page.wait_for("const t = document.querySelector('.vis-tooltip');"
                  "return t && t.style.visibility !== 'hidden' && t.textContent.length > 0")
    text, tags = page.js("const t = document.querySelector('.vis-tooltip');"
                         "return [t.textContent, [...t.querySelectorAll('*')].map(e => e.tagName)]")
    assert set(tags) <= {"BR"}, f"the tooltip holds elements: {tags}"  # innerText turns \n into <br>
    return str(text)


def check_page(page: Page) -> str:
    shown = str(page.js(OPEN_EVERY_PANEL))
    page.assert_nothing_ran()
    return shown


@pytest.mark.parametrize("view", ["report", "chain-0", "chain-1", "entity", "node"])
def test_views_show_payloads_as_text(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                     view: str, tmp_path: Path) -> None:
    claims = claims_of(corpus, XSS_REPORT)
    path = {"report": f"/view/report/{quote(XSS_REPORT)}", "chain-0": f"/view/chain/{quote(claims[0])}",
            "chain-1": f"/view/chain/{quote(claims[1])}", "node": f"/view/report/{quote(XSS_REPORT)}?depth=3",
            "entity": f"/view/entity/{quote(xss_person(corpus))}"}[view]
    page.open(server.url + path)
    shown = check_page(page)
    assert "<script>window.xssFired=" in shown and "onerror=alert" in shown
    if view == "report":
        assert page.driver.title.startswith("Citation network: <script>window.xssFired='title'</script>")
        assert "<script>" in hover_tooltip(page)
    page.screenshot(tmp_path / f"xss-{view}.png")
    assert off_host(page.requests()) == []
    page.assert_nothing_ran()


def test_explorer_shows_payloads_as_text(page: Page, server: LiveServer, corpus: EmbeddedStore) -> None:
    claims = claims_of(corpus, XSS_REPORT)
    search(page, server, "Taliban checkpoint")
    results = page.js("return document.getElementById('results').textContent")
    assert "<script>window.xssFired='text'</script>" in results
    page.driver.find_element(By.CSS_SELECTOR, f'#results .result[data-id="{claims[0]}"]').click()
    page.wait_settled()
    page.click_node(claims[0])
    page.wait_for("return document.querySelectorAll('#panel .context[data-loaded=\"true\"]').length > 0")
    assert "onerror=alert(1)> Council </script>" in page.panel()["marks"][0]
    check_page(page)
    assert off_host(page.requests()) == []


def test_standalone_file_shows_payloads_as_text(page: Page, corpus: EmbeddedStore, tmp_path: Path) -> None:
    html = view_page(report_view(corpus, XSS_REPORT, depth=2), standalone=True)
    target = tmp_path / "xss.html"
    target.write_text(html, encoding="utf-8")
    page.open(target.as_uri())
    shown = check_page(page)
    assert "\"><img src=x onerror=alert(1)>" in shown
    assert [u for u in page.requests() if u.split(":", 1)[0] not in LOCAL_SCHEMES] == []
