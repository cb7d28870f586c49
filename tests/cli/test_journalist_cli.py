"""A journalist's day in the terminal: ids on every line, short ids and prefixes taken
everywhere, ``show``, copies marked, entities by name, no store made by a typo, and no
path of this machine in any answer or export."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli.demo import EXAMPLES

CLAIM_ID = re.compile(r"\bclm:[0-9a-f]{16}\b")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The invented example corpus, ingested once from a copy in a temporary folder (so
    that the folder's path is one no answer may contain)."""
    root = tmp_path_factory.mktemp("journalist")
    shutil.copytree(EXAMPLES, root / "reports")
    code, _, err = run("ingest", str(root / "reports"), "--store", str(root / "db"))
    assert code == 0, err
    return str(root / "db")


def claim_ids(text: str) -> list[str]:
    return list(dict.fromkeys(CLAIM_ID.findall(text)))


def test_claims_lines_carry_ids_that_show_accepts_in_every_spelling(store: str) -> None:
    code, out, _ = run("claims", "--about", "Al Qaeda", "--store", store)
    assert code == 0
    ids = claim_ids(out)
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert ids and len(ids) == len(lines)          # one id on every claim line
    full = ids[0]
    bare = full.removeprefix("clm:")
    for typed in (full, bare, bare[:10], "clm:" + bare[:6]):
        code, shown, err = run("show", typed, "--store", store, "--json")
        assert code == 0, (typed, err)
        assert json.loads(shown)["id"] == full
        assert json.loads(shown)["evidence"]["claim_id"] == full


def test_an_ambiguous_prefix_lists_what_it_starts_and_an_unknown_id_is_one_line(store: str) -> None:
    code, _, err = run("show", "clm:", "--store", store)
    assert code == 1 and "starts more than one id" in err
    assert len(claim_ids(err)) >= 2 and len(err.strip().splitlines()) == 1
    code, _, err = run("show", "clm:zzzz", "--store", store)
    assert code == 1 and err.startswith("error: no node with id 'clm:zzzz'")
    code, _, err = run("show", "4c", "--store", store)
    assert code == 1 and "at least 4 characters" in err


def test_chain_and_corroboration_take_short_ids_and_print_ids(store: str) -> None:
    _, out, _ = run("search", "training camps", "--store", store)
    cited = claim_ids(out)
    assert cited
    short = cited[0].removeprefix("clm:")[:8]
    code, chain, err = run("chain", short, "--store", store)
    assert code == 0, err
    hops = [line for line in chain.splitlines() if line.startswith("  - ")]
    assert hops and all(re.match(r"  - rep:[0-9a-f]{16}  ", line) for line in hops)
    assert cited[0] in chain
    code, corroborated, err = run("corroboration", short, "--store", store)
    assert code == 0, err
    assert corroborated.startswith(cited[0]) and "(this claim)" in corroborated
    listed = [line for line in corroborated.splitlines() if CLAIM_ID.search(line) and '"' in line]
    assert all(CLAIM_ID.match(line.strip()) for line in listed)


def test_a_copy_is_marked_with_its_original_everywhere(store: str) -> None:
    stats_code, stats_out, _ = run("stats", "--json", "--store", store)
    assert stats_code == 0 and json.loads(stats_out)["REPUBLISHES"] >= 1
    _, out, _ = run("claims", "--about", "Al Qaeda", "--store", store, "--json")
    claims = json.loads(out)["claims"]
    copies = [c for c in claims if c["copy_of"]]
    assert copies and all(c["copy_of"] != c["report_id"] for c in copies)
    _, text, _ = run("claims", "--about", "Al Qaeda", "--store", store)
    line = next(line for line in text.splitlines() if copies[0]["claim_id"] in line)
    assert f"copy of {copies[0]['copy_of_name']} [{copies[0]['copy_of']}]" in line
    _, shown, _ = run("show", copies[0]["report_id"], "--store", store)
    assert f"copy of: {copies[0]['copy_of']}" in shown
    _, original, _ = run("show", copies[0]["copy_of"], "--store", store)
    assert f"<- REPUBLISHES   {copies[0]['report_id']}" in original


def test_entity_relationships_and_export_take_names(store: str, tmp_path: Path) -> None:
    code, out, err = run("entity", "al qaeda", "--store", store)
    assert code == 0, err
    assert out.startswith("Organisation org:") and "claim(s) in" in out
    entity_id = out.split()[1]
    code, out, err = run("relationships", "Al Qaeda", "Kunar", "--store", store)
    assert code == 0, err
    assert entity_id in out and "independent origin(s)" in out and claim_ids(out)
    target = tmp_path / "aq.nt"
    code, _, err = run("export", "--entity", "Al Qaeda", "--format", "nt", "--out", str(target),
                       "--store", store)
    assert code == 0, err
    assert entity_id.split(":", 1)[1] in target.read_text(encoding="utf-8")
    code, _, err = run("export", "--entity", "Nobody At All", "--format", "nt", "--store", store)
    assert code == 1 and "Nobody At All" in err


def test_entity_relationships_export_and_viz_take_ids_and_prefixes(store: str, tmp_path: Path) -> None:
    _, named, _ = run("entity", "Al Qaeda", "--store", store)
    entity_id = named.split()[1]
    for typed in (entity_id, entity_id[:8]):
        code, again, err = run("entity", typed, "--store", store)
        assert code == 0 and again == named, (typed, err)
    code, linked, err = run("relationships", entity_id[:8], "Kunar", "--store", store, "--json")
    assert code == 0, err
    assert json.loads(linked)["entities"][0]["id"] == entity_id
    claim = claim_ids(run("search", "training camps", "--store", store)[1])[0]
    report = json.loads(run("show", claim, "--json", "--store", store)[1])["evidence"]["report_id"]
    code, triples, err = run("export", "--claim", claim[4:12], "--format", "nt", "--store", store)
    assert code == 0 and f"/claim/{claim[4:]}>" in triples, err
    code, triples, err = run("export", "--report", report[4:12], "--format", "nt", "--store", store)
    assert code == 0 and f"/report/{report[4:]}>" in triples, err
    for kind, typed in (("chain", claim[4:12]), ("report", report[:8])):
        page = tmp_path / f"{kind}.html"
        code, _, err = run("viz", kind, typed, "--out", str(page), "--store", store)
        assert code == 0, err
        assert (claim if kind == "chain" else report) in page.read_text(encoding="utf-8")
    code, _, err = run("viz", "chain", "clm:", "--out", str(tmp_path / "x.html"), "--store", store)
    assert code == 1 and "starts more than one id" in err and not (tmp_path / "x.html").exists()


def test_reading_a_store_that_is_not_there_is_an_error_and_makes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    for command in (["stats"], ["search", "qaeda"], ["show", "clm:1234"], ["claims", "--about", "x"]):
        code, _, err = run(*command, "--store", str(missing))
        assert code == 2 and "no store at" in err, command
    assert not missing.exists()


def test_no_answer_or_export_names_a_path_of_this_machine(store: str, tmp_path: Path) -> None:
    root = str(Path(store).parent)
    outputs = []
    for fmt in ("nt", "jsonld", "graphml"):
        outputs.append(run("export", "--format", fmt, "--store", store)[1])
    assert run("export", "--format", "csv", "--out", str(tmp_path / "csv"), "--store", store)[0] == 0
    outputs += [p.read_text(encoding="utf-8") for p in (tmp_path / "csv").iterdir()]
    _, reports, _ = run("search", "camps", "--json", "--store", store)
    outputs.append(reports)
    for item in json.loads(reports)["results"]:
        outputs.append(run("show", item["id"], "--json", "--store", store)[1])
    claim = claim_ids(run("search", "training camps", "--store", store)[1])[0]
    for command in (["chain", claim], ["corroboration", claim], ["claims", "--about", "Al Qaeda"],
                    ["entity", "Al Qaeda"], ["relationships", "Al Qaeda", "Kunar"]):
        for form in ([], ["--json"]):
            code, out, err = run(*command, *form, "--store", store)
            assert code == 0, (command, err)
            outputs.append(out)
    outputs.append(run("export", "--claim", claim, "--format", "jsonld", "--store", store)[1])
    for kind, typed in (("chain", claim), ("entity", "Al Qaeda")):
        assert run("viz", kind, typed, "--out", str(tmp_path / f"{kind}.html"), "--store", store)[0] == 0
        outputs.append((tmp_path / f"{kind}.html").read_text(encoding="utf-8"))
    assert all(len(text) > 100 for text in outputs)
    for text in outputs:
        assert root not in text and str(EXAMPLES) not in text and str(Path.home()) + "/" not in text


def test_a_metadata_file_dates_and_titles_plain_text_and_names_bad_rows(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "kunar.txt").write_text("Kunar notes\nAl Qaeda trainers arrived in Kunar, villagers said.\n",
                                      encoding="utf-8")
    (folder / "bad-date.txt").write_text("Al-Shabaab fighters attacked a base in Somalia, officials said.\n",
                                         encoding="utf-8")
    (folder / "field_notes_day_3.txt").write_text(
        "Al-Shabaab fighters moved into Lower Shabelle, elders said.\n", encoding="utf-8")
    (folder / "metadata.csv").write_text(
        "file,title,publisher,published,url,colour\n"
        "kunar.txt,Trainers in Kunar,Example Field Desk,2025-04-02,https://example.org/kunar,red\n"
        "bad-date.txt,,Example Field Desk,2025-13-40,,\n", encoding="utf-8")
    store = str(tmp_path / "db")
    code, out, err = run("ingest", str(folder), "--store", store)
    assert code == 0, err
    assert "metadata.csv row 2: unknown column 'colour'" in err
    assert "metadata.csv row 3: published '2025-13-40' is not a date" in err
    assert "titled after the file name ('field notes day 3')" in err
    reports = {Path(line.split()[1]).name.rstrip(":"): line.split()[0]
               for line in out.splitlines() if line.startswith("rep:")}
    assert set(reports) == {"kunar.txt", "bad-date.txt", "field_notes_day_3.txt"}
    kunar = json.loads(run("show", reports["kunar.txt"], "--json", "--store", store)[1])["properties"]
    assert (kunar["title"], kunar["publisher"], kunar["published"], kunar["url"]) == (
        "Trainers in Kunar", "Example Field Desk", "2025-04-02", "https://example.org/kunar")
    _, claims, _ = run("claims", "--about", "Kunar", "--store", store)
    assert "Example Field Desk, 2025-04-02" in claims and "undated" not in claims
    bad = json.loads(run("show", reports["bad-date.txt"], "--json", "--store", store)[1])["properties"]
    assert bad["publisher"] == "Example Field Desk" and bad.get("published") is None
