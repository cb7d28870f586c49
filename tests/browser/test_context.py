"""The quote in its passage, in a real headless Chromium: the explorer's evidence panel shows
the context the server cut (whole words, "…" where text is left out), never a cut word."""

from __future__ import annotations

import re
from pathlib import Path

from api.settings import Settings
from api.viz.evidence import ELISION
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, off_host
from tests.browser.conftest import ingested
from tests.browser.test_explorer import search
from tests.cli.test_evidence_context import CLAIM, LEAD, TAIL

AFTER = "return [...document.querySelectorAll('#panel .context .after')].map(m => m.textContent)"


def test_the_evidence_panel_shows_whole_words_and_marks_what_is_left_out(page: Page, tmp_path: Path) -> None:
    text = LEAD + CLAIM + TAIL
    (tmp_path / "dara.md").write_text(
        "---\ntitle: Shelling in Dara\npublisher: Example Courier\npublished: 2025-06-03\n---\n"
        + text + "\n", encoding="utf-8")
    store = ingested(tmp_path / "store", tmp_path / "dara.md")
    claim = next(c for c in store.find_nodes("Claim", {}, limit=50) if "Dara" in str(c.props["text"]))
    with LiveServer(store, Settings()) as server:
        search(page, server, "Dara shelling")
        page.driver.find_element("css selector", f'#results .result[data-id="{claim.id}"]').click()
        page.wait_settled()
        page.click_node(claim.id)
        page.wait_for("return document.querySelectorAll('#panel .context[data-loaded=\"true\"]').length > 0")
        panel = page.panel()
        after = page.js(AFTER)
        assert off_host(page.requests()) == []
        page.assert_nothing_ran()
    store.close()
    assert panel["marks"] == [claim.props["quote"]]
    before = panel["before"][0]
    assert before.startswith(ELISION) and after[0].endswith(ELISION)
    first, last = before.removeprefix(ELISION).split()[0], after[0].removesuffix(ELISION).split()[-1]
    assert re.search(rf"\s{re.escape(first)}\s", text), f"{first!r} is a cut word"
    assert re.search(rf"\s{re.escape(last)}\s", text), f"{last!r} is a cut word"
