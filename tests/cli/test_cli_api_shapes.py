"""The same question asked in the terminal (``--json``) and over HTTP gets one answer in
one shape: every key the API sends (``null`` included) is in the CLI's JSON, under the
same name, and no other; the values are the same too."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, LiveServer
from tests.conftest import FIXTURES

DATASETS = FIXTURES / "datasets"

KESSEL = {  # two counts of one raid that cannot both hold, and a denial: conflicts to name
    "one": "At least 32 Kessel fighters were killed in the Vardan raid on Friday, the monitor said.",
    "two": "Eight Kessel fighters were killed in the Vardan raid on Friday, the monitor said.",
    "three": "The Vardan army denied that any Kessel fighters were killed in the raid on Friday.",
}


def cli_json(store: str, *args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json", "--store", store])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def key_paths(value: Any, at: str = "") -> set[str]:
    """Every key of a JSON value with the path to it (``groups[].claims[].match``)."""
    if isinstance(value, dict):
        return {f"{at}.{k}" for k in value} | {p for k, v in value.items() for p in key_paths(v, f"{at}.{k}")}
    if isinstance(value, list):
        return {p for item in value for p in key_paths(item, f"{at}[]")}
    return set()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, httpx.Client]]:
    """One embedded store (the provenance fixtures, the Kessel conflicts, and UCDP GED
    events with a news report that tells of one), read by the CLI and by a live server."""
    root = tmp_path_factory.mktemp("shapes")
    shutil.copytree(FIXTURES / "provenance", root / "reports")
    for name, text in KESSEL.items():
        (root / "reports" / f"kessel-{name}.md").write_text(
            f"---\ntitle: Kessel {name}\npublisher: Paper {name}\npublished: 2025-09-01\n"
            f"url: https://example.org/conflicts/{name}\n---\n{text}\n", encoding="utf-8")
    store = str(root / "db")
    assert CliRunner().invoke(app, ["ingest", str(root / "reports"), "--store", store]).exit_code == 0
    events = CliRunner().invoke(app, ["ingest", str(DATASETS / "ged_events.csv"),   # ACLED: no low
                                      str(DATASETS / "acled_current.csv"),              # or high deaths
                                      str(DATASETS / "source_report.md"), "--store", store])
    assert [line for line in events.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {DATASETS / 'ged_events.csv'}: row 5: date_start: not a date: '21/04/2024x'",
        f"error: {DATASETS / 'acled_current.csv'}: row 4: fatalities: not a count: 'many'"]
    graph = EmbeddedStore(Path(store))
    with LiveServer(graph, Settings(api_key=API_KEY)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        yield store, client
    graph.close()


def api_json(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(client: httpx.Client) -> dict[str, str]:
    """A claim with a copy and a chain, its report, the Kessel claim with conflicts, and
    the GED event a news report tells of."""
    claim = api_json(client, "/search", q="Kabul", label="Claim")["results"][0]["claim_id"]
    kessel = api_json(client, "/search", q="least 32 Kessel", label="Claim")["results"][0]["claim_id"]
    report = api_json(client, f"/claims/{claim}")["report_id"]
    events = api_json(client, "/events", dataset="UCDP GED", limit=50)["events"]
    event = next(e["claim_id"] for e in events if e["record_id"] == "900001")
    return {"claim": claim, "report": report, "kessel": kessel, "event": event}


QUESTIONS: dict[str, tuple[list[str], str, dict[str, Any]]] = {
    "chain of a claim": (["chain", "{claim}"], "/claims/{claim}/chain", {}),
    "chain of a report": (["chain", "{report}"], "/reports/{report}/chain", {}),
    "corroboration": (["corroboration", "{claim}"], "/claims/{claim}/corroboration", {}),
    "corroboration with conflicts": (["corroboration", "{kessel}"], "/claims/{kessel}/corroboration", {}),
    "claims": (["claims", "--about", "Afghanistan", "--limit", "50"], "/claims",
               {"about": "Afghanistan", "limit": 50}),
    "search": (["search", "Kabul", "--limit", "20", "--offset", "1"], "/search",
               {"q": "Kabul", "limit": 20, "offset": 1}),
    "show a claim": (["show", "{claim}"], "/nodes/{claim}", {}),
    "show a report": (["show", "{report}"], "/nodes/{report}", {}),
    "entity": (["entity", "Afghanistan"], "/entities/Afghanistan", {}),
    "relationships": (["relationships", "Afghanistan", "Kabul"], "/relationships",
                      {"a": "Afghanistan", "b": "Kabul"}),
    "stats": (["stats"], "/graph/stats", {}),
    "events": (["events", "list", "--limit", "50"], "/events", {"limit": 50}),
    "events by region and date": (["events", "list", "--region", "Somalia", "--since", "2024-04-15",
                                   "--limit", "5"], "/events",
                                  {"region": "Somalia", "since": "2024-04-15", "limit": 5}),
    "event corroboration": (["events", "corroboration", "{event}"], "/events/{event}/corroboration", {}),
}


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_cli_json_has_the_api_keys_and_values(both: tuple[str, httpx.Client], question: str) -> None:
    store, client = both
    known = ids(client)
    command, path, params = QUESTIONS[question]
    from_cli = cli_json(store, *(part.format(**known) for part in command))
    from_api = api_json(client, path.format(**known), **params)
    assert key_paths(from_cli) == key_paths(from_api)
    assert from_cli == from_api
    assert key_paths(from_api), "an answer with no keys compares nothing"


def test_a_conflict_names_the_other_claim_claim_id_everywhere(both: tuple[str, httpx.Client]) -> None:
    store, client = both
    kessel = ids(client)["kessel"]
    conflicts = cli_json(store, "corroboration", kessel)["conflicts"]
    assert sorted(c["kind"] for c in conflicts) == ["denial", "number"]
    for conflict in conflicts:
        assert "with" not in conflict and conflict["claim_id"] == conflict["claim"]["claim_id"] != kessel
    text = CliRunner().invoke(app, ["corroboration", kessel, "--store", store]).stdout
    number = next(c for c in conflicts if c["kind"] == "number")
    assert f"conflict: kill: 32 here, eight in {number['claim_id']}" in text


def test_events_read_by_name_with_ids_beside_and_take_short_ids(both: tuple[str, httpx.Client]) -> None:
    store, client = both
    event = ids(client)["event"]
    short = event.removeprefix("clm:")[:8]
    text = CliRunner().invoke(app, ["events", "corroboration", short, "--store", store])
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith(f"- {event}  Government of Afghanistan vs Taleban")
    assert any(line.strip().startswith("cites Clashes near Asadabad leave four dead, Kabul Ledger [rep:")
               and "(dataset-source; ingested; row 2, source_headline)" in line for line in lines)
    assert any(line.strip().startswith("attributed to Residents [org:residents] (original source; row 2")
               for line in lines)
    match = api_json(client, f"/events/{event}/corroboration")["claims"][0]
    assert match["publisher"] == "Kabul Ledger"
    assert f"    {match['claim_id']}  \"" in text.stdout
    assert f"— Kabul Ledger, 2024-03-03 [{match['report_id']}]" in text.stdout
    listed = CliRunner().invoke(app, ["events", "list", "--dataset", "ACLED", "--store", store]).stdout
    assert "terms: ACLED Terms of Use: restricted" in listed
    unknown = CliRunner().invoke(app, ["events", "corroboration", "nothing123", "--store", store])
    assert unknown.exit_code == 1 and unknown.stderr.strip() == "error: no claim with id 'nothing123'"


def test_corroboration_reads_by_name_with_the_id_beside(both: tuple[str, httpx.Client]) -> None:
    """Shared entities are named (``Kabul [reg:...]``), not bare ids, and each origin
    names the report it rests in."""
    store, client = both
    claim = ids(client)["claim"]
    answer = api_json(client, f"/claims/{claim}/corroboration")
    shared = {e for g in answer["groups"] for c in g["claims"] if c.get("match")
              for e in c["match"]["shared"].get("entities", [])}
    assert shared, "a corroboration sharing no entity tests nothing here"
    text = CliRunner().invoke(app, ["corroboration", claim, "--store", store]).stdout
    for entity in shared:
        name = api_json(client, f"/nodes/{entity}")["name"]
        assert f"{name} [{entity}]" in text
    assert not [line for line in text.splitlines() if "why:" in line and "entities org:" in line]
    origins = [line for line in text.splitlines() if line.startswith("origin ")]
    assert origins and all(line.endswith("]") and "[rep:" in line for line in origins)
