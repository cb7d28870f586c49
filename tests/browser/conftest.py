"""Browser fixtures: one headless Chromium per session, a live server over the fixtures.

Without Debian's chromium and chromedriver the browser tests are skipped with the
reason, unless ``CONFLICTKG_REQUIRE_BROWSER=1`` (set by CI), where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.webdriver import WebDriver

from api.settings import Settings
from graph.model import report_id
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.ingest import ingest_paths
from tests.api.conftest import LiveServer
from tests.browser.chrome import Page, missing_browser, new_profile, remove_profile, start_chromium
from tests.conftest import FIXTURES, skip_or_fail

VIZ = FIXTURES / "viz"
XSS = FIXTURES / "xss"


def viz_report(name: str) -> str:
    """The id of a report of the viz fixture corpus, by the last part of its URL."""
    return report_id(url=f"https://example.org/viz/{name}")


def claims_of(store: GraphStore, rid: str) -> list[str]:
    """A report's claim ids, in text order."""
    claims = store.get_nodes([e.target for e in store.edges([rid], ["MAKES"], "out")])
    return [c.id for c in sorted(claims.values(), key=lambda c: c.props["start"])]


@pytest.fixture(scope="session")
def chromium() -> Iterator[WebDriver]:
    """The session's browser."""
    reason = missing_browser()
    if reason:
        skip_or_fail("browser", reason)
    profile = new_profile()
    try:
        driver = start_chromium(profile)
    except WebDriverException as exc:
        remove_profile(profile)
        skip_or_fail("browser", f"chromium did not start: {exc.msg}")
        raise
    try:
        yield driver
    finally:
        driver.quit()
        remove_profile(profile)


@pytest.fixture
def page(chromium: WebDriver) -> Page:
    """The browser, with helpers for drawn pages."""
    chromium.get("about:blank")
    return Page(chromium)


def ingested(folder: Path, *paths: Path) -> EmbeddedStore:
    """An embedded store holding the given report files (every one must load)."""
    store = EmbeddedStore(folder)
    summary = ingest_paths(store, list(paths))
    assert not summary.failed, [(o.source, o.error) for o in summary.failed]
    return store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The viz and XSS fixture reports in an embedded store."""
    store = ingested(tmp_path_factory.mktemp("viz") / "store", VIZ, XSS)
    yield store
    store.close()


@pytest.fixture(scope="module")
def server(corpus: EmbeddedStore) -> Iterator[LiveServer]:
    """A live server over the fixture corpus."""
    with LiveServer(corpus, Settings()) as live:
        yield live
