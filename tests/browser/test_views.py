"""Each drawn view in a real headless Chromium: nodes drawn, evidence on click, nothing off-host."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from api.viz.styles import roles
from graph.schema import SCHEMA
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


def test_entity_claims_view_filters_by_hedging_and_date(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                                 tmp_path: Path) -> None:
    about = {e.source for e in corpus.edges(["org:al-shabaab"], ["MENTIONS", "SUBJECT", "OBJECT"], "in")}
    claims = corpus.get_nodes(sorted(about))

    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1&claims=true")
    assert set(page.js(DRAWN_CLAIMS)) == set(about) and len(about) >= 8

    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1&claims=true&hedged=true")
    assert set(page.js(DRAWN_CLAIMS)) == {c for c in about if claims[c].props["hedged"]} != set()

    page.open(f"{server.url}/view/entity/Al-Shabaab?depth=1&claims=true&since=2025-02-06&until=2025-02-07")
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


ENTITY_LINKS = ["MENTIONS", "SUBJECT", "OBJECT"]
LINK_BETWEEN = "return Object.entries(window.conflictkgView.details.edges).find(([id, e]) => " \
               "[e.source, e.target].sort().join() === [arguments[0], arguments[1]].sort().join())[0]"


def named_with(store: EmbeddedStore, entity: str,
               keep: Callable[[dict[str, Any]], bool]) -> dict[str, set[str]]:
    """Organisation or region -> the claims (that ``keep`` accepts) naming it with ``entity``."""
    about = store.get_nodes(sorted({e.source for e in store.edges([entity], ENTITY_LINKS, "in")}))
    found: dict[str, set[str]] = {}
    for edge in store.edges([c for c, node in about.items() if keep(node.props)], ENTITY_LINKS, "out"):
        if SCHEMA.label_for_prefix(edge.target) in ("Organisation", "Region"):
            found.setdefault(edge.target, set()).add(edge.source)
    return found


def test_entity_page_is_the_aggregated_actor_view(page: Page, server: LiveServer, corpus: EmbeddedStore,
                                                  tmp_path: Path) -> None:
    focus = "org:al-shabaab"
    around = named_with(corpus, focus, lambda props: True)
    page.open(f"{server.url}/view/entity/Al-Shabaab")
    assert page.drawn_nodes() == set(around) and len(around) >= 3
    assert page.js(DRAWN_CLAIMS) == []
    assert "Every claim around it: /view/entity/org:al-shabaab?claims=true" in page.js(NOTES)
    assert "community 0" in page.js("return document.getElementById('legend').textContent")

    busiest = max(sorted(set(around) - {focus}), key=lambda e: len(around[e]))
    page.click_edge(page.js(LINK_BETWEEN, focus, busiest))
    panel = page.panel()
    assert f"Evidence ({len(around[busiest])})" in panel["text"]
    assert len(panel["marks"]) == len(around[busiest])
    assert "Al-Shabaab" in panel["text"]

    hedged = named_with(corpus, focus, lambda props: bool(props.get("hedged")))
    page.open(f"{server.url}/view/entity/Al-Shabaab?hedged=true")
    assert page.drawn_nodes() == set(hedged) != set(around)
    assert "Filters: hedged claims only." in page.js(NOTES)
    finish(page, tmp_path / "entity-actors.png")


def test_a_person_or_a_lone_entity_draws_every_claim(server: LiveServer, corpus: EmbeddedStore) -> None:
    wire = claims_of(corpus, viz_report("wire"))
    person = next(e.target for e in corpus.edges(wire, ["ATTRIBUTED_TO"], "out"))
    with httpx.Client(base_url=server.url) as client:
        drawn = client.get(f"/view/entity/{quote(person)}/data").json()
        assert drawn["kind"] == "entity" and any(n["id"].startswith("clm:") for n in drawn["nodes"])
        future = client.get("/view/entity/Al-Shabaab/data", params={"since": "2031-01-01"}).json()
        assert future["kind"] == "entity"
        assert "Al-Shabaab is linked to no other entity by these claims." in future["notes"]
        assert client.get("/view/entity/Al-Shabaab/data").json()["kind"] == "actors"
        assert client.get("/view/entity/Al-Shabaab", params={"radius": 5}).status_code == 422
