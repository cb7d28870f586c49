"""Tests that read ../shared skip with the reason where it is absent, and fail in CI.

Run in a child pytest with ``CONFLICTKG_SHARED_DIR`` pointing at a folder that does
not exist: once as a developer would (skips), once as CI does (failures). The tests
chosen skip in both ways the suite has: a fixture (``seed_report``) and a direct
``pytest.skip`` in a test's own helper.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

NEEDS_SHARED = ["tests/loaders/test_seed_report.py", "tests/rdf/test_third_party.py"]


def child_pytest(tmp_path: Path, require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFLICTKG_REQUIRE_")}
    env["CONFLICTKG_SHARED_DIR"] = str(tmp_path / "no-shared-here")
    if require:
        env["CONFLICTKG_REQUIRE_SHARED"] = "1"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                           *NEEDS_SHARED], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.mark.slow
def test_missing_shared_skips_with_the_reason_elsewhere(tmp_path: Path) -> None:
    run = child_pytest(tmp_path, require=False)
    assert run.returncode == 0, run.stdout[-2000:]
    assert "skipped" in run.stdout and "failed" not in run.stdout
    assert "../shared/seeds is not present" in run.stdout


@pytest.mark.slow
def test_missing_shared_fails_in_ci(tmp_path: Path) -> None:
    run = child_pytest(tmp_path, require=True)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "skipped" not in run.stdout.splitlines()[-1]
    assert "CONFLICTKG_REQUIRE_SHARED=1" in run.stdout
    assert "../shared/validators is not present" in run.stdout    # a direct pytest.skip too
