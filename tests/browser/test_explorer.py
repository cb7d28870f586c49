"""The explorer in a real headless Chromium: search, results, graph, evidence in context, expand."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from graph.stores.embedded import EmbeddedStore
from queries.explore import DRAW_TYPES
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, off_host
from tests.browser.conftest import claims_of, viz_report


def search(page: Page, server: LiveServer, words: str) -> None:
    page.requests()
    page.driver.get(f"{server.url}/")
    box = page.driver.find_element(By.ID, "q")
    box.send_keys(words)
    box.send_keys(Keys.ENTER)
    page.wait_for("return document.querySelectorAll('#results .result').length > 0")


def test_search_draw_read_evidence_and_expand(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                              tmp_path: Path) -> None:
    first, hedged = claims_of(corpus, viz_report("focus"))
    search(page, server, "Kenya")
    page.driver.find_element(By.CSS_SELECTOR, f'#results .result[data-id="{hedged}"]').click()
    page.wait_settled()
    around = set(corpus.expand([hedged], list(DRAW_TYPES), depth=1).nodes)
    assert page.drawn_nodes() == around and "org:al-shabaab" in around

    page.click_node(hedged)
    page.wait_for("return document.querySelectorAll('#panel .context[data-loaded=\"true\"]').length > 0")
    panel = page.panel()
    claim, report = corpus.get_nodes([hedged, first])[hedged], corpus.get_nodes([viz_report("focus")])
    text = report[viz_report("focus")].props["text"]
    assert panel["marks"] == [claim.props["text"]]
    assert panel["before"] == [text[:claim.props["start"]]] and panel["before"][0].endswith("reported.\n\n")
    assert "https://example.org/viz/focus" in panel["links"]
    fetched = [u for u in page.requests() if "/reports/" in u and "include_text=true" in u]
    assert fetched == [], "the context comes cut by the server with the evidence, not from the whole text"

    page.click_node("org:al-shabaab")
    page.driver.find_element(By.XPATH, "//aside[@id='panel']//button[text()='Expand neighbours']").click()
    page.wait_for("return document.body.dataset.expanded === '1'")
    page.wait_settled()
    about = {e.source for e in corpus.edges(["org:al-shabaab"], ["MENTIONS", "SUBJECT", "OBJECT"], "in")}
    assert around | about <= page.drawn_nodes()
    assert len(page.drawn_nodes()) > len(around)

    page.screenshot(tmp_path / "explorer.png")
    assert off_host(page.requests()) == []
    page.assert_nothing_ran()


def test_expanding_a_claim_draws_its_report(page: Page, server: LiveServer,
                                                        corpus: EmbeddedStore) -> None:
    search(page, server, "Somalia")
    page.driver.find_element(By.CSS_SELECTOR, '#results .result[data-id="reg:iso-so"]').click()
    page.wait_settled()
    before = page.drawn_nodes()
    claim = sorted(before - {"reg:iso-so"})[0]
    page.click_node(claim)
    page.driver.find_element(By.XPATH, "//aside[@id='panel']//button[text()='Expand neighbours']").click()
    page.wait_for("return document.body.dataset.expanded === '1'")
    report = corpus.get_nodes([claim])[claim].props["report_id"]
    assert report in page.drawn_nodes() and report not in before
    page.assert_nothing_ran()
