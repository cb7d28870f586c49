"""Each drawn view in a real headless Chromium: nodes drawn, evidence on click, nothing off-host."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from api.viz.styles import roles
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, off_host
from tests.browser.conftest import claims_of, viz_report

ROLE_MAP = "return Object.fromEntries(Object.entries(window.conflictkgView.details.nodes)" \
           ".map(([id, d]) => [id, d.role]))"


def first_claim(store: EmbeddedStore, name: str) -> str:
    return claims_of(store, viz_report(name))[0]


def attributed(store: EmbeddedStore, claim: str) -> set[str]:
    return {e.target for e in store.edges([claim], ["ATTRIBUTED_TO"], "out")}


def finish(page: Page, shot: Path) -> None:
    """Every view ends the same way: a real screenshot, no request off-host, nothing ran."""
    page.screenshot(shot)
    requests = page.requests()
    assert off_host(requests) == [], off_host(requests)
    page.assert_nothing_ran()


NAMES = ("focus", "digest", "copy", "wire", "origin", "loop-a", "loop-b")
DRAWN_CLAIMS = "return window.conflictkgNetwork.body.data.nodes.getIds().filter(i => i.startsWith('clm:'))"
NOTES = "return document.getElementById('notes').textContent"
ROLE_LEGEND = "return [...document.querySelectorAll('#legend .legend-role')].map(e => e.textContent)"
CIRCULAR_EDGES = "return Object.values(window.conflictkgView.details.edges)" \
                 ".filter(e => e.role === 'circular').map(e => [e.source, e.target])"
EDGE_BETWEEN = "return Object.entries(window.conflictkgView.details.edges)" \
               ".find(([id, e]) => e.source === arguments[0] && e.target === arguments[1])[0]"


def test_chain_view_marks_every_kind_of_origin(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                               tmp_path: Path) -> None:
    focus, digest, copy, wire, origin, loop_a, loop_b = (first_claim(corpus, name) for name in NAMES)
    missing = next(e.target for e in corpus.edges([digest], ["CITES"], "out")
                   if corpus.get_nodes([e.target])[e.target].props["stub"])
    page.open(f"{server.url}/view/chain/{quote(focus)}")

    expected = {focus, digest, copy, wire, origin, loop_a, loop_b, missing,
                *attributed(corpus, wire), *attributed(corpus, origin)}
    assert page.drawn_nodes() == expected
    assert page.js(ROLE_MAP) == {
        focus: "focus", digest: None, copy: "republished", wire: "origin", origin: "origin",
        loop_a: None, loop_b: "circular", missing: "dangling",
        **{agent: None for agent in attributed(corpus, wire) | attributed(corpus, origin)}}
    legend = set(page.js(ROLE_LEGEND))
    assert {roles()[r].legend for r in ("focus", "origin", "circular", "dangling", "republished")} <= legend
    assert page.js(CIRCULAR_EDGES) == [[loop_b, loop_a]]

    page.click_node(focus)
    panel = page.panel()
    text = corpus.get_nodes([focus])[focus].props["text"]
    assert panel["heading"] == "Claim" and panel["marks"] == [text]
    assert "https://example.org/viz/focus" in panel["links"]
    assert "Viz fixture 7: the story — Fixture Daily, 2025-02-10" in panel["sources"][0]

    page.click_edge(page.js(EDGE_BETWEEN, focus, digest))
    panel = page.panel()
    assert panel["heading"] == "CITES" and panel["marks"] == ["Digest"]
    assert "as the " in panel["before"][0]
    finish(page, tmp_path / "chain.png")


def test_entity_view_filters_by_hedging_and_date(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                                 tmp_path: Path) -> None:
    about = {e.source for e in corpus.edges(["org:al-shabaab"], ["MENTIONS", "SUBJECT", "OBJECT"], "in")}
    claims = corpus.get_nodes(sorted(about))

    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1")
    assert set(page.js(DRAWN_CLAIMS)) == set(about) and len(about) >= 8

    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1&hedged=true")
    assert set(page.js(DRAWN_CLAIMS)) == {c for c in about if claims[c].props["hedged"]} != set()

    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1&since=2025-02-06&until=2025-02-07")
    in_range = {c for c in about if "2025-02-06" <= claims[c].props["published"] <= "2025-02-07"}
    assert set(page.js(DRAWN_CLAIMS)) == in_range and len(in_range) == 2
    assert "Filters: published 2025-02-06 to 2025-02-07." in page.js(NOTES)

    page.click_node("org:al-shabaab")
    panel = page.panel()
    assert panel["heading"] == "Organisation"
    assert "Al-Shabaab" in panel["marks"]
    assert any("Fixture Loop Post, 2025-02-06" in s for s in panel["sources"])
    finish(page, tmp_path / "entity.png")


def test_report_view_draws_its_citation_network(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                               tmp_path: Path) -> None:
    digest, focus = viz_report("digest"), viz_report("focus")
    digest_claim, focus_claim = first_claim(corpus, "digest"), first_claim(corpus, "focus")
    cited = {e.target for e in corpus.edges([digest_claim], ["CITES"], "out")}
    missing = next(c for c in cited if corpus.get_nodes([c])[c].props["stub"])
    page.open(f"{server.url}/view/report/{quote(digest)}?depth=1")

    assert page.drawn_nodes() == {digest, digest_claim, *cited, focus_claim, focus}
    assert len(cited) == 2
    assert page.js(ROLE_MAP)[missing] == "dangling" and page.js(ROLE_MAP)[digest] == "focus"

    page.click_node(missing)
    panel = page.panel()
    assert panel["heading"] == "Report" and "Role: dangling" in panel["text"]
    assert "https://example.net/viz/missing" in panel["links"]
    assert panel["marks"] == ["a report we could not find"]
    assert any("Viz fixture 4: digest" in s for s in panel["sources"])
    finish(page, tmp_path / "report.png")
