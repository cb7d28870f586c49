"""Holes found walking a day of real reporting in the terminal: one entity named twice is
refused, not shown linked to itself; ``show`` prints a list as its items and a claim's
quote once."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli.demo import EXAMPLES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("walk")
    shutil.copytree(EXAMPLES, root / "reports")
    assert run("ingest", str(root / "reports"), "--store", str(root / "db"))[0] == 0
    return str(root / "db")


def test_one_entity_named_twice_is_an_error_not_a_relationship(store: str) -> None:
    entity = json.loads(run("entity", "Al Qaeda", "--json", "--store", store)[1])["entity"]["id"]
    for form in ([], ["--json"]):
        code, out, err = run("relationships", "Al Qaeda", entity, *form, "--store", store)
        assert code == 2 and out == "" and f"both name {entity}" in err
    assert run("relationships", "Al Qaeda", "Kunar", "--store", store)[0] == 0


def test_show_prints_lists_as_items_and_a_quote_once(store: str) -> None:
    _, found, _ = run("search", "camps", "--label", "Claim", "--json", "--store", store)
    claims = [c for c in json.loads(found)["results"] if c["field"] == "text"]
    lists = 0
    for claim in claims:
        code, out, err = run("show", claim["claim_id"], "--store", store)
        assert code == 0, err
        assert out.count(claim["quote"]) == 1 and "['" not in out
        props = json.loads(run("show", claim["claim_id"], "--json", "--store", store)[1])["properties"]
        for key, value in props.items():
            if isinstance(value, list) and value:
                assert f"  {key}: {'; '.join(map(str, value))}" in out
                lists += 1
    assert claims and lists, "no claim with a list property: the test compares nothing"


def test_search_pages_and_refuses_an_unknown_label(store: str) -> None:
    _, first, _ = run("search", "Kunar", "--limit", "2", "--json", "--store", store)
    _, second, _ = run("search", "Kunar", "--limit", "2", "--offset", "2", "--json", "--store", store)
    one, two = json.loads(first), json.loads(second)
    assert one["total"] == two["total"] > 2 and two["offset"] == 2
    assert {r["id"] for r in one["results"]}.isdisjoint(r["id"] for r in two["results"])
    code, out, err = run("search", "Kunar", "--label", "Claims", "--store", store)
    assert code == 2 and out == "" and "unknown label(s) Claims" in err
