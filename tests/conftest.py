"""Shared fixtures: store adapters for the conformance suite, paths to fixtures and shared data.

The Neo4j adapter is tested against a real Neo4j server that ``scripts/neo4j/neo4j.sh``
starts from Maven Central artifacts. When it cannot start, Neo4j tests are skipped with
the reason, unless ``CONFLICTKG_REQUIRE_NEO4J=1`` (set by CI), where that is an error.
The third-party material in ``../shared`` goes through the same switch
(``CONFLICTKG_REQUIRE_SHARED=1``): a test that skips because it is absent fails in CI.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.settings import Settings, current, install
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("CONFLICTKG_SHARED_DIR") or ROOT.parent / "shared")
NEO4J_SCRIPT = ROOT / "scripts" / "neo4j" / "neo4j.sh"


def required(kind: str) -> bool:
    """CI sets CONFLICTKG_REQUIRE_<KIND>=1 so a missing service fails instead of skipping."""
    return os.environ.get(f"CONFLICTKG_REQUIRE_{kind.upper()}") == "1"


def skip_or_fail(kind: str, reason: str) -> None:
    """Skip the test with a reason, or fail it when CI requires ``kind``."""
    if required(kind):
        pytest.fail(f"{kind} is required here but unavailable: {reason}")
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    """A path in ``../shared``; when it is absent, skip with the reason (fail in CI)."""
    found = SHARED.joinpath(*parts)
    if not found.exists():
        skip_or_fail("shared", f"../shared/{'/'.join(parts)} is not present")
    return found


def _skipped_for_shared(report: pytest.TestReport) -> str | None:
    """The reason of a skip that says ../shared is missing (an xfail is not a skip)."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason if "shared" in reason else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a test that skips because ../shared is missing fails, whichever way it
    skipped (``pytest.skip`` in a test or a fixture, or ``shared_path``)."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    reason = _skipped_for_shared(report)
    if reason is not None and required("shared"):
        report.outcome = "failed"
        report.longrepr = f"shared is required here (CONFLICTKG_REQUIRE_SHARED=1) but unavailable: {reason}"


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[dict[str, str]]:
    """URI and credentials of a running Neo4j: the one in NEO4J_URI, or one we start."""
    if os.environ.get("NEO4J_URI"):
        yield {k: os.environ.get(k, "") for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
        return
    if not NEO4J_SCRIPT.exists():
        skip_or_fail("neo4j", "scripts/neo4j/neo4j.sh is missing")
    # a server of the tests' own, so that tests never empty the database `make neo4j` serves
    os.environ.setdefault("CONFLICTKG_NEO4J_HOME", str(ROOT / ".neo4j-test"))
    already_running = subprocess.run(["bash", str(NEO4J_SCRIPT), "status"], capture_output=True,
                                     timeout=60, check=False).returncode == 0
    started = subprocess.run(["bash", str(NEO4J_SCRIPT), "start"], capture_output=True,
                             text=True, timeout=900, check=False)
    if started.returncode != 0:
        skip_or_fail("neo4j", f"local Neo4j did not start: {started.stderr.strip()[-800:]}")
    settings = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    try:
        yield settings
    finally:
        if not already_running:  # never stop a server someone else started
            subprocess.run(["bash", str(NEO4J_SCRIPT), "stop"], capture_output=True, timeout=120,
                           check=False)


def make_neo4j_store(settings: dict[str, str]) -> GraphStore:
    """A Neo4j store on an emptied database."""
    from graph.stores.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(settings["NEO4J_URI"], settings.get("NEO4J_USER", "neo4j"),
                               settings["NEO4J_PASSWORD"])
    store.clear_all()
    return store


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """Every conformance test runs once per adapter."""
    if request.param == "embedded":
        graph: GraphStore = EmbeddedStore(tmp_path / "store")
    else:
        graph = make_neo4j_store(request.getfixturevalue("neo4j_settings"))
    try:
        yield graph
    finally:
        graph.close()


@pytest.fixture
def seed_report() -> Path:
    """The real op-ed in ../shared/seeds (skipped when shared/ is absent, failed in CI)."""
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    if not seeds:
        skip_or_fail("shared", "../shared/seeds holds no .txt report")
    return seeds[0]


@pytest.fixture(autouse=True)
def _settings_of_each_test() -> Iterator[None]:
    """Every test starts from the settings its environment gives and leaves no others
    behind (settings are read once per process: graph/settings.py)."""
    install(None)
    yield
    install(None)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    """Set environment variables (``None`` removes one) and read the settings again, as
    a new process would; undone after the test."""
    def set_variables(**variables: str | None) -> Settings:
        for name, value in variables.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        install(None)
        return current()
    return set_variables
