"""Files written by ``conflictkg viz`` work offline in Chromium: drawn, clickable, no request at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded import EmbeddedStore
from tests.browser.chrome import LOCAL_SCHEMES, Page
from tests.browser.conftest import VIZ, claims_of, viz_report

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, set[str]]]:
    """Each kind of view written by the CLI, with the ids it must draw."""
    folder = tmp_path_factory.mktemp("cli")
    store_dir = str(folder / "store")
    run("ingest", "--store", store_dir, str(VIZ))
    store = EmbeddedStore(folder / "store")
    focus, hedged = claims_of(store, viz_report("focus"))
    wire = claims_of(store, viz_report("wire"))[0]
    digest = viz_report("digest")
    digest_claim = claims_of(store, digest)[0]
    cited = {e.target for e in store.edges([digest_claim], ["CITES"], "out")}
    store.close()
    files = {kind: folder / f"{kind}.html" for kind in ("chain", "entity", "report")}
    run("viz", "chain", focus, "--store", store_dir, "--out", str(files["chain"]))
    run("viz", "entity", "Al-Shabaab", "--depth", "1", "--hedged", "--claims", "--store", store_dir,
        "--out", str(files["entity"]))
    out = run("viz", "report", digest, "--depth", "1", "--store", store_dir, "--out", str(files["report"]))
    assert "6 nodes" in out
    return {"chain": (files["chain"], {focus, wire}),
            "entity": (files["entity"], {hedged, "org:al-shabaab"}),
            "report": (files["report"], {digest, digest_claim, *cited, focus, viz_report("focus")})}


@pytest.mark.parametrize("kind", ["chain", "entity", "report"])
def test_written_file_works_offline(page: Page, written: dict[str, tuple[Path, set[str]]], kind: str,
                                    tmp_path: Path) -> None:
    path, must_draw = written[kind]
    html = path.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    page.open(path.as_uri())
    drawn = page.drawn_nodes()
    assert must_draw <= drawn
    if kind != "chain":
        assert drawn == must_draw
    claim = sorted(i for i in must_draw if i.startswith("clm:"))[0]
    page.click_node(claim)
    panel = page.panel()
    assert panel["heading"] == "Claim" and panel["marks"] and panel["sources"]
    page.screenshot(tmp_path / f"{kind}.png")
    assert [u for u in page.requests() if u.split(":", 1)[0] not in LOCAL_SCHEMES] == []
    page.assert_nothing_ran()


def test_unknown_ids_are_clear_errors(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "s").close()
    result = CliRunner().invoke(app, ["viz", "chain", "clm:nope", "--store", str(tmp_path / "s"),
                                      "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "no claim or report with id 'clm:nope'" in result.stderr
    assert not (tmp_path / "x.html").exists()
    result = CliRunner().invoke(app, ["viz", "entity", "Al-Shabaab", "--since", "2025-13-01",
                                      "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "--since" in result.stderr
