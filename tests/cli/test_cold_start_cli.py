"""A shell call imports the module of its own command alone; ``app`` is still every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer.main

import api.cli
from api.cli import COMMAND_MODULES, app

ROOT = Path(__file__).resolve().parents[2]
# Runs main() as the console script does, then lists the modules the call imported.
PROBE = ("import sys, json\nfrom api.cli import main\nsys.argv[0] = 'conflictkg'\ncode = 0\n"
         "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
         "sys.stderr.write('MODULES ' + json.dumps(sorted(sys.modules)))\nsys.exit(code)\n")


def call(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    modules = set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))
    done.stderr = done.stderr.rsplit("MODULES ", 1)[0]
    return done, modules


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    registered = {(info.name or typer.main.get_command_name(info.callback.__name__)): info.callback.__module__
                  for info in app.registered_commands if info.callback is not None}
    for group in app.registered_groups:
        assert group.typer_instance is not None and group.name is not None
        first = group.typer_instance.registered_commands[0].callback
        assert first is not None
        registered[group.name] = first.__module__
    assert {name: f"api.cli.{module}" for name, module in COMMAND_MODULES.items()} == registered
    assert api.cli.app is app and isinstance(app, typer.Typer)


def test_extract_loads_neither_the_stores_nor_the_queries_nor_other_commands(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("Taliban fighters attacked a checkpoint in Helmand province.\n", encoding="utf-8")
    done, modules = call("extract", str(report), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["claims"]
    assert not {m for m in modules if m.startswith(("graph.stores", "queries", "api.viz", "api.routers"))}
    assert not {m for m in modules if m.startswith("api.cli.")} - {"api.cli.app", "api.cli.ingest"}


def test_a_module_of_one_command_is_still_a_group_of_commands() -> None:
    done, modules = call("settings", "--json")
    assert done.returncode == 0 and "CONFLICTKG_STORE" in json.loads(done.stdout)
    assert "api.cli.query" not in modules


def test_an_unknown_command_is_told_apart_from_every_known_one() -> None:
    done, modules = call("extrct")
    assert done.returncode == 2 and "extract" in done.stderr
    assert {f"api.cli.{module}" for module in COMMAND_MODULES.values()} <= modules
