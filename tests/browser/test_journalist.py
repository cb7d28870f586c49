"""The explorer as a journalist uses it, in a real headless Chromium: corroboration in the
panel, a link that brings back what was on screen, an error page for a stale id, a phone-
width layout, the drawing reachable by keyboard, and dark mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from api.routers.models import CorroborationAnswer, sent
from graph.stores.embedded import EmbeddedStore
from queries.corroboration import corroboration
from queries.explore import DRAW_TYPES
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, off_host

PHONE = (390, 844)


def corroborated_claim(corpus: EmbeddedStore) -> str:
    """A claim of the fixture corpus that other reports corroborate (found, not assumed)."""
    for claim in corpus.find_nodes("Claim", limit=1000):
        if corroboration(corpus, claim.id).corroborating >= 2:
            return claim.id
    raise AssertionError("the viz fixtures hold no corroborated claim")


def state(page: Page) -> dict[str, str]:
    query = parse_qs(urlsplit(page.driver.current_url).query)
    return {key: values[0] for key, values in query.items()}


@pytest.fixture
def dark(page: Page) -> Iterator[Page]:
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        yield page
    finally:
        page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@pytest.fixture
def phone(page: Page) -> Iterator[Page]:
    size = page.driver.get_window_size()
    page.driver.set_window_size(*PHONE)
    try:
        yield page
    finally:
        page.driver.set_window_size(size["width"], size["height"])


def test_corroboration_in_the_panel_and_the_link_that_brings_it_back(
        page: Page, server: LiveServer, corpus: EmbeddedStore, tmp_path: Path) -> None:
    claim = corroborated_claim(corpus)
    expected = corroboration(corpus, claim)
    page.requests()                                # forget what the browser fetched before
    page.driver.get(f"{server.url}/?q=Somalia")
    page.wait_for("return document.querySelectorAll('#results .result').length > 0")
    page.js("return window.conflictkgExplorer.open(arguments[0])", claim)
    page.wait_settled()
    page.click_node(claim)
    page.driver.find_element(By.XPATH, "//aside[@id='panel']//button[text()='Corroboration']").click()
    page.wait_for("return document.querySelector('#panel .corroboration-summary') !== null")
    summary = page.driver.find_element(By.CSS_SELECTOR, "#panel .corroboration-summary").text
    assert summary.startswith(f"{expected.corroborating} corroborating claim(s) besides this one; "
                              f"{expected.independent_origins} independent origin(s)")
    listed = page.js("return [...document.querySelectorAll('#panel .corroborating')].map(e => e.dataset.id)")
    assert listed == [c["claim_id"] for g in expected.groups for c in g["claims"]]
    assert len(page.driver.find_elements(By.CSS_SELECTOR, "#panel .origin")) == len(expected.groups)
    notes = {o["note"] for g in expected.groups for o in g["origins"] if o.get("note")}
    shown = page.js("return [...document.querySelectorAll('#panel .origin-note')].map(e => e.textContent)")
    assert sorted(set(shown)) == sorted(f"Note: {n}" for n in notes)
    conflicts = page.js("return [...document.querySelectorAll('#panel .conflict')].map(e => e.dataset.id)")
    assert conflicts == [c["claim_id"] for c in sent(CorroborationAnswer, expected)["conflicts"]]
    link = page.driver.current_url
    assert state(page) == {"q": "Somalia", "node": claim, "sel": claim, "panel": "corroboration"}
    page.screenshot(tmp_path / "corroboration.png")

    assert off_host(page.requests()) == []
    page.driver.get("about:blank")
    page.requests()
    page.driver.get(link)                         # the shared link shows the same thing again
    page.wait_for("return document.querySelector('#panel .corroboration-summary') !== null")
    page.wait_settled()
    assert page.driver.find_element(By.CSS_SELECTOR, "#panel .corroboration-summary").text == summary
    around = set(corpus.expand([claim], list(DRAW_TYPES), depth=1).nodes)
    assert page.drawn_nodes() == around
    assert page.js("return window.conflictkgNetwork.getSelectedNodes()") == [claim]
    assert page.driver.find_element(By.ID, "q").get_attribute("value") == "Somalia"
    assert off_host(page.requests()) == []
    page.assert_nothing_ran()


def test_a_stale_id_gets_an_error_page_not_json(page: Page, server: LiveServer) -> None:
    response = httpx.get(f"{server.url}/view/chain/clm:nope")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    page.driver.get(f"{server.url}/view/chain/clm:nope")
    message = page.driver.find_element(By.CSS_SELECTOR, "[role=alert] .error-message").text
    assert message == "no claim or report with id 'clm:nope'"
    assert "{" not in page.driver.find_element(By.TAG_NAME, "body").text
    page.driver.get(f"{server.url}/?node=clm:nope")
    page.wait_for("return document.querySelector('#panel [role=alert]') !== null")
    alert = page.driver.find_element(By.CSS_SELECTOR, "#panel [role=alert]").text
    assert "clm:nope" in alert and "detail" not in alert
    page.assert_nothing_ran()


def test_at_390_pixels_the_drawing_keeps_its_size(phone: Page, server: LiveServer, corpus: EmbeddedStore,
                                                   tmp_path: Path) -> None:
    claim = corroborated_claim(corpus)
    phone.driver.get(f"{server.url}/?node={claim}&sel={claim}")
    phone.wait_for("return document.querySelector('#panel .caption') !== null")
    phone.wait_settled()
    assert phone.js("return window.innerWidth") <= PHONE[0]
    box = phone.js("return document.getElementById('graph').getBoundingClientRect().toJSON()")
    assert box["width"] >= 300 and box["height"] >= 300
    overflow = phone.js("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways"
    panel = phone.js("return document.getElementById('panel').getBoundingClientRect().toJSON()")
    assert panel["width"] >= 300 and panel["top"] >= box["bottom"] - 1
    phone.screenshot(tmp_path / "phone.png")


def test_every_drawn_node_is_reachable_by_keyboard(page: Page, server: LiveServer,
                                                   corpus: EmbeddedStore) -> None:
    claim = corroborated_claim(corpus)
    page.driver.get(f"{server.url}/?node={claim}")
    page.wait_for("return document.querySelectorAll('#drawn .drawn-node').length > 0")
    page.wait_settled()
    listed = page.js("return [...document.querySelectorAll('#drawn .drawn-node')].map(e => e.dataset.id)")
    assert set(listed) == page.drawn_nodes()
    target = sorted(set(listed) - {claim})[0]
    page.driver.find_element(By.ID, "q").click()
    for _ in range(len(listed) + 10):             # Tab from the search box to the node's button
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
        if page.js("return document.activeElement.dataset.id") == target:
            break
    assert page.js("return document.activeElement.dataset.id") == target
    assert page.js("return getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    page.wait_for(f"return document.getElementById('panel').dataset.id === {target!r}")
    assert page.js("return window.conflictkgNetwork.getSelectedNodes()") == [target]
    assert state(page)["sel"] == target


def tab_to(page: Page, target: str, start: str, most: int) -> None:
    """Press Tab from the element matched by ``start`` until the button of ``target`` has focus."""
    page.driver.find_element(By.CSS_SELECTOR, start).click()
    for _ in range(most):
        if page.js("return document.activeElement.dataset.id") == target:
            return
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
    raise AssertionError(f"Tab never reached {target}")


def test_a_chain_page_is_read_by_keyboard_and_at_390_pixels(phone: Page, server: LiveServer,
                                                            corpus: EmbeddedStore, tmp_path: Path) -> None:
    claim = corroborated_claim(corpus)
    phone.open(f"{server.url}/view/chain/{claim}")
    listed = phone.js("return [...document.querySelectorAll('#drawn .drawn-node')].map(e => e.dataset.id)")
    assert set(listed) == phone.drawn_nodes() and len(listed) >= 2
    box = phone.js("return document.getElementById('graph').getBoundingClientRect().toJSON()")
    assert box["width"] >= 300 and box["height"] >= 300
    assert phone.js("return document.documentElement.scrollWidth - window.innerWidth") <= 0
    target = listed[-1]
    tab_to(phone, target, "#title", len(listed) + 20)
    assert phone.js("return getComputedStyle(document.activeElement).outlineStyle") != "none"
    phone.driver.switch_to.active_element.send_keys(Keys.ENTER)
    phone.wait_for(f"return document.getElementById('panel').dataset.id === {target!r}")
    assert phone.js("return window.conflictkgNetwork.getSelectedNodes()") == [target]
    assert phone.driver.find_elements(By.CSS_SELECTOR, "#panel .evidence, #panel .fields")
    phone.screenshot(tmp_path / "chain-phone.png")
    phone.assert_nothing_ran()


def test_dark_mode_follows_the_system(dark: Page, server: LiveServer, corpus: EmbeddedStore,
                                      tmp_path: Path) -> None:
    claim = corroborated_claim(corpus)
    dark.driver.get(f"{server.url}/?node={claim}&sel={claim}")
    dark.wait_for("return document.querySelector('#panel .caption') !== null")
    dark.wait_settled()
    background = dark.js("return getComputedStyle(document.body).backgroundColor")
    text = dark.js("return getComputedStyle(document.body).color")
    assert background == "rgb(18, 18, 18)" and text == "rgb(230, 230, 230)"
    label = dark.js("return window.conflictkgNetwork.body.data.nodes.get(arguments[0]) && "
                    "window.conflictkgNetwork.nodesHandler.options.font.color", claim)
    assert label == "#e6e6e6"
    dark.screenshot(tmp_path / "dark.png")


EDGE_COLOURS = ("return window.conflictkgNetwork.body.data.edges.get().map(e => e.color)")
EDGE_SWATCHES = ("return [...document.querySelectorAll('#legend .legend-edge .swatch')]"
                 ".map(e => getComputedStyle(e).backgroundColor)")
DARK_ENOUGH = 0.3      # the least relative luminance an edge keeps on the dark background


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb' or 'rgb(r, g, b)'."""
    if colour.startswith("#"):
        channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("where", ["/view/entity/Al-Shabaab", "/?node={claim}"])
def test_in_dark_mode_every_edge_is_light_enough_to_see(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                                        where: str, tmp_path: Path) -> None:
    url = server.url + where.format(claim=corroborated_claim(corpus))
    page.open(url)
    light = page.js(EDGE_COLOURS)
    assert light and all(c["highlight"] == "#000000" for c in light)
    if where.startswith("/view/entity"):    # the actor view's relationship grey: too dark on black
        assert any(luminance(c["color"]) < DARK_ENOUGH for c in light)
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        page.open(url)
        dark = page.js(EDGE_COLOURS)
        swatches = page.js(EDGE_SWATCHES)
        page.screenshot(tmp_path / "dark-edges.png")
    finally:
        page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert len(dark) == len(light)
    assert all(luminance(c["color"]) >= DARK_ENOUGH for c in dark)
    assert all(c["highlight"] == c["hover"] == "#ffffff" for c in dark)
    assert swatches and all(luminance(c) >= DARK_ENOUGH for c in swatches)
    pairs = [(a["color"], b["color"]) for a, b in zip(light, dark, strict=True)]
    assert all(b == a for a, b in pairs if luminance(a) >= DARK_ENOUGH)    # light enough: unchanged


def test_a_chain_page_gives_a_citation_note_a_permalink_and_a_way_on(
        page: Page, server: LiveServer, corpus: EmbeddedStore) -> None:
    from queries.chain import source_chain

    claim = corroborated_claim(corpus)
    chain = source_chain(corpus, claim)
    page.driver.get(f"{server.url}/view/chain/{claim.removeprefix('clm:')[:8]}")   # a short id
    page.wait_settled()
    permalink = page.driver.find_element(By.CSS_SELECTOR, "#view-actions a.permalink")
    assert permalink.get_attribute("href") == f"{server.url}/view/chain/{claim}"
    page.driver.find_element(By.CSS_SELECTOR, "#view-actions .copy-citation").click()
    note = page.driver.find_element(By.CSS_SELECTOR, "#view-actions .citation-text").text
    first = chain.paths[0].hops[0]
    assert first.claim is not None and note.startswith(f"“{first.claim.quote}” — {first.report['publisher']}")
    paths = [line for line in note.splitlines() if line.startswith("Path ")]
    assert claim in note and len(paths) == len(chain.paths)
    status = page.driver.find_element(By.CSS_SELECTOR, "#view-actions .copy-status").text
    assert status in ("Copied.", "Select the note below and copy it.")
    box = page.driver.find_element(By.CSS_SELECTOR, "form#search input[name=q]")
    box.send_keys("Somalia")
    box.send_keys(Keys.ENTER)
    page.wait_for("return document.querySelectorAll('#results .result').length > 0")
    assert urlsplit(page.driver.current_url).path == "/" and state(page)["q"] == "Somalia"
    page.assert_nothing_ran()
