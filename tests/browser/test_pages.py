"""The pages without a browser: policies, escaping, static files, the node cap, both stores."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from urllib.parse import quote

import httpx
import pytest

from api.viz.drawing import NODE_CAP, DrawEdge, DrawNode, View, view_data
from api.viz.evidence import link_url
from api.viz.overflow import MAX_GROUPS, limit_view
from api.viz.page import safe_json, view_page
from api.viz.views import chain_view, entity_view, report_view
from graph.model import report_id
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from queries.claims import ClaimFilter
from tests.api.conftest import LiveServer
from tests.browser.conftest import VIZ, XSS, claims_of, viz_report

XSS_REPORT = report_id(url="https://example.org/xss/report")
INLINE = re.compile(r"<(script|style)([^>]*)>(.*?)</\1>", re.S)


def policy(html: str) -> dict[str, set[str]]:
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert meta
    text = meta.group(1).replace("&#39;", "'")
    return {part.split()[0]: set(part.split()[1:]) for part in text.split(";") if part.strip()}


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_standalone_policy_allows_exactly_the_inlined_code(corpus: EmbeddedStore) -> None:
    html = view_page(report_view(corpus, XSS_REPORT), standalone=True)
    rules = policy(html)
    inline = INLINE.findall(html)
    scripts = {digest(body) for tag, attrs, body in inline if tag == "script" and "json" not in attrs}
    styles = {digest(body) for tag, attrs, body in inline if tag == "style"}
    assert rules["script-src"] == scripts and len(scripts) == 2
    assert rules["style-src"] == styles and len(styles) == 2
    assert rules["default-src"] == {"'none'"} and rules["connect-src"] == {"'none'"}
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)


def test_report_text_cannot_leave_the_data_block(corpus: EmbeddedStore) -> None:
    html = view_page(report_view(corpus, XSS_REPORT), standalone=True)
    block = re.search(r'<script type="application/json" id="conflictkg-view">(.*?)</script>', html, re.S)
    assert block and "<" not in block.group(1) and ">" not in block.group(1)
    data = json.loads(block.group(1))
    assert data["title"].startswith("Citation network: <script>window.xssFired='title'</script>")
    assert "<script>" not in html.split("<body", 1)[1].split('id="conflictkg-view"')[0]
    assert "&lt;script&gt;window.xssFired" in html  # the <title> and <h1>, escaped by the template


@pytest.mark.parametrize(("url", "linked"), [
    ("https://example.org/a", "https://example.org/a"), ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("data:text/html,x", None),
    ("//evil.example/x", None), (None, None), ("http://[::1", None)])
def test_only_http_urls_become_links(url: str | None, linked: str | None) -> None:
    assert link_url(url) == linked


def test_safe_json_round_trips_and_hides_markup() -> None:
    value = {"t": "</script><!-- & \u2028 <img src=x onerror=alert(1)>"}
    text = safe_json(value)
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == value


def star_view(size: int) -> View:
    """A focus with `size` claims around it, each claim citing a report of its own."""
    view = View("test", "star", focus="org:x")
    view.add_node(DrawNode("org:x", "Organisation", "X"))
    for i in range(size // 2):
        view.add_node(DrawNode(f"clm:{i:04d}", "Claim", f"claim {i}"))
        view.add_node(DrawNode(f"rep:{i:04d}", "Report", f"report {i}"))
        view.add_edge(DrawEdge(f"m{i}", "MENTIONS", f"clm:{i:04d}", "org:x"))
        view.add_edge(DrawEdge(f"c{i}", "CITES", f"clm:{i:04d}", f"rep:{i:04d}"))
    return view


@pytest.mark.parametrize("size", [100, NODE_CAP, 1000, 5000])
def test_the_cap_keeps_the_nearest_nodes_and_counts_the_rest(size: int) -> None:
    view = star_view(size)
    total = len(view.nodes)
    limit_view(view)
    boxes = [n for n in view.nodes.values() if n.label == "more"]
    assert len(view.nodes) <= NODE_CAP and len(boxes) <= MAX_GROUPS
    assert len(view.nodes) - len(boxes) + sum(b.fields["hidden nodes"] for b in boxes) == total
    if total <= NODE_CAP:
        assert not boxes and not view.notes
        return
    claims = [n for n in view.nodes if n.startswith("clm:")]
    assert "org:x" in view.nodes and len(claims) == min(size // 2, NODE_CAP - MAX_GROUPS - 1)
    assert f"of {total} nodes" in view.notes[0]
    assert all(e.source in view.nodes and e.target in view.nodes for e in view.edges.values())
    assert len(view_data(view)["nodes"]) == len(view.nodes)


def test_pages_send_a_policy_and_serve_only_their_files(server: LiveServer, corpus: EmbeddedStore) -> None:
    focus = claims_of(corpus, viz_report("focus"))[0]
    with httpx.Client(base_url=server.url) as client:
        for path in ("/", f"/view/chain/{quote(focus)}", "/view/entity/Al-Shabaab",
                     f"/view/report/{quote(viz_report('digest'))}"):
            response = client.get(path)
            assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
            header = response.headers["content-security-policy"]
            assert "script-src 'self'" in header and "frame-ancestors 'none'" in header
            assert "'unsafe-inline'" not in header
        vis = client.get("/static/vis-network.min.js")
        assert vis.status_code == 200 and vis.headers["content-type"].startswith("text/javascript")
        for name in ("..%2Fapp.py", "app.py", "..%2F..%2Fpyproject.toml", "vis-network.min.js.map"):
            assert client.get(f"/static/{name}").status_code == 404, name
        assert client.get("/view/chain/clm:nope").status_code == 404
        assert client.get("/view/entity/Al-Shabaab", params={"depth": 9}).status_code == 422
        data = client.get(f"/view/chain/{quote(focus)}/data").json()
        assert data["kind"] == "chain" and data["details"]["nodes"][focus]["role"] == "focus"


def test_views_are_the_same_on_every_store(store: GraphStore) -> None:
    assert not ingest_paths(store, [VIZ, XSS]).failed
    focus = claims_of(store, viz_report("focus"))[0]
    chain = chain_view(store, focus)
    roles = {n.role for n in chain.nodes.values()}
    assert roles == {"focus", "origin", "circular", "dangling", "republished", None}
    hedged = entity_view(store, "Al-Shabaab", 1, ClaimFilter(hedged=True))
    assert {n.label for n in hedged.nodes.values()} == {"Organisation", "Claim"}
    assert len([n for n in hedged.nodes.values() if n.label == "Claim"]) == 1
    report = report_view(store, viz_report("digest"), depth=1)
    assert len(report.nodes) == 6 and len(report.edges) == 5
