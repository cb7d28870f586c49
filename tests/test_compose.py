"""docker-compose.yml is valid and refuses to start without its secrets."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, skip_or_fail


def compose_command() -> list[str]:
    """`docker compose` (v2 plugin) when present, else Debian's `docker-compose`."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    skip_or_fail("compose", "neither `docker compose` nor `docker-compose` is installed")
    raise AssertionError("unreachable")


def config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("NEO4J_PASSWORD", "CONFLICTKG_API_KEY")}
    return subprocess.run([*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config"],
                          capture_output=True, text=True, env={**clean, **env}, cwd=ROOT,
                          check=False, timeout=60)


def test_compose_file_is_accepted_with_secrets_set() -> None:
    result = config({"NEO4J_PASSWORD": "test-password-1", "CONFLICTKG_API_KEY": "k" * 24})
    assert result.returncode == 0, result.stderr
    assert "neo4j:5.26-community" in result.stdout
    assert "service_healthy" in result.stdout
    assert "test-password-1" in result.stdout


@pytest.mark.parametrize("missing", ["NEO4J_PASSWORD", "CONFLICTKG_API_KEY"])
def test_compose_refuses_to_run_without_a_secret(missing: str) -> None:
    env = {"NEO4J_PASSWORD": "test-password-1", "CONFLICTKG_API_KEY": "k" * 24}
    del env[missing]
    result = config(env)
    assert result.returncode != 0
    assert missing in result.stderr
