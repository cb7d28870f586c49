"""Dataset loaders: detection, real samples, own fixtures, bad rows, joins, events query."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.stores.base import GraphStore
from loaders.datasets.batch import record_report_id
from loaders.datasets.load import ingest_dataset
from loaders.datasets.reader import sniff
from loaders.datasets.resolve import Resolver, load_ucdp_actors
from loaders.ingest import ingest_paths
from queries.events import EventFilter, event_corroboration, list_events
from tests.conftest import FIXTURES, SHARED

DATA = FIXTURES / "datasets"
SAMPLES = SHARED / "data"


def shared(path: str) -> Path:
    """A file of the shared samples, or a skip when they are absent."""
    found = SAMPLES / path
    if not found.exists():
        pytest.skip(f"{found} is not present")
    return found


def event_claim(store: GraphStore, namespace: str, record_id: str) -> dict[str, object]:
    """The event claim of a record, with its report."""
    rid = record_report_id(namespace, record_id)
    claim_ids = [e.target for e in store.edges([rid], ["MAKES"], "out")]
    assert len(claim_ids) == 1
    claim = store.get_nodes(claim_ids)[claim_ids[0]]
    return {"report": store.get_nodes([rid])[rid], "claim": claim,
            "edges": store.edges(claim_ids, None, "out")}


@pytest.mark.parametrize(("path", "fmt"), [
    ("ucdp-aec/test.jsonl", "ucdp-aec"), ("gdelt/events2_sample.tsv", "gdelt-events"),
    ("gdelt/mentions2_sample.tsv", "gdelt-mentions"),
    ("gdelt/mentions_2017-07-01_sample.csv", "gdelt-mentions"),
    ("gdelt/gkg2_2017-07-01_sample.tsv", "gdelt-gkg"), ("gdelt/gkg1_sample.tsv", "gdelt-gkg1")])
def test_real_samples_are_detected_from_their_header(path: str, fmt: str) -> None:
    found = sniff(shared(path))
    assert found is not None and found.format.name == fmt


def test_headerless_gkg_is_read_as_the_headed_file(tmp_path: Path) -> None:
    from graph.stores import open_store

    headed = shared("gdelt/gkg2_2017-07-01_sample.tsv")
    bare = tmp_path / "20170701234500.gkg.csv"            # as GDELT publishes it: no header line
    bare.write_bytes(headed.read_bytes().split(b"\n", 1)[1])
    found = sniff(bare)
    assert found is not None and found.format.name == "gdelt-gkg" and found.header == ()
    store = open_store(str(tmp_path / "s"))
    assert ingest_dataset(store, bare).events == 50
    first = event_claim(store, "gdelt-gkg", "20170701234500-0")
    assert "names Twitter, Japan" in first["claim"].props["text"]  # V2Organizations, offsets dropped
    assert ingest_dataset(store, headed).events == 50
    assert store.stats()["Claim"] == 50                          # the same records, replaced
    store.close()


def test_gkg_1_rows_load_with_their_articles_and_names(tmp_path: Path) -> None:
    from graph.stores import open_store

    path = shared("gdelt/gkg1_sample.tsv")
    store = open_store(str(tmp_path / "s"))
    outcome = ingest_dataset(store, path)
    assert (outcome.events, outcome.problems) == (50, [])
    claims = [n for n in store.find_nodes("Claim", {}, limit=100)]
    assert {c.props["dataset"] for c in claims} == {"GDELT GKG 1.0"}
    edges = store.edges([c.id for c in claims], None, "out")
    fields = {(e.type, e.props.get("field")) for e in edges}
    assert {("CITES", "sourceurls"), ("MENTIONS", "organizations"), ("MENTIONS", "locations")} <= fields
    cited = store.get_nodes([e.target for e in edges if e.type == "CITES"])
    assert all(str(n.props.get("url", "")).startswith("http") for n in cited.values())
    store.close()


@pytest.mark.parametrize(("name", "fmt"), [
    ("ged_events.csv", "ucdp-ged"), ("ged_api.json", "ucdp-ged"), ("acled_current.csv", "acled"),
    ("acled_legacy_cp1252.csv", "acled"), ("gdelt_events.tsv", "gdelt-events"),
    ("source_report.md", None)])
def test_own_fixtures_are_detected(name: str, fmt: str | None) -> None:
    found = sniff(DATA / name)
    assert (found.format.name if found else None) == fmt


def test_ucdp_sample_loads_with_row_and_field_provenance(tmp_path: Path) -> None:
    from graph.stores import open_store

    path = shared("ucdp-aec/test.jsonl")
    store = open_store(str(tmp_path / "s"))
    outcome = ingest_dataset(store, path)
    lines = sum(1 for line in path.open() if line.strip())
    assert (outcome.events, outcome.problems) == (lines, [])
    found = event_claim(store, "ucdp", "442069")
    report, claim = found["report"], found["claim"]
    text = report.props["text"]
    assert report.props["license"] == "CC BY 4.0" and report.props["dataset"] == "UCDP GED"
    assert claim.props["event"] and claim.props["deaths_low"] == 2 and claim.props["deaths_high"] == 3
    assert claim.props["deaths_best"] == 2 and claim.props["date_start"] == "2022-05-26"
    myanmar = Resolver().gazetteer.resolve("Government of Myanmar")     # as the text loaders resolve it
    assert myanmar is not None and myanmar.id in claim.props["actor_ids"]
    for edge in found["edges"]:
        if "quote" in edge.props:
            assert text[edge.props["start"]:edge.props["end"]] == edge.props["quote"]
            assert edge.props["row"] == 1 and edge.props["field"] in text
    places = {e.props["field"]: e.target for e in found["edges"] if e.type == "MENTIONS"}
    assert places["location_root_name"] == "reg:iso-mm"           # "Myanmar (Burma)"
    assert places["location_adm1_name"] == "reg:iso-mm-14"        # "Chin state": the text loaders' Chin
    store.close()


def test_gdelt_samples_load(tmp_path: Path) -> None:
    from graph.stores import open_store

    store = open_store(str(tmp_path / "s"))
    counts = {name: ingest_dataset(store, shared(f"gdelt/{name}")).events
              for name in ("events2_sample.tsv", "mentions2_sample.tsv", "gkg2_2017-07-01_sample.tsv")}
    assert counts == {"events2_sample.tsv": 50, "mentions2_sample.tsv": 50, "gkg2_2017-07-01_sample.tsv": 50}
    event = event_claim(store, "gdelt-events", "669666350")
    cites = [e for e in event["edges"] if e.type == "CITES"]
    assert [e.props["field"] for e in cites] == ["sourceurl"]
    # a mention cites its article and the event record (ingested, so no longer a stub)
    fields = {e.props["field"] for e in store.edges([cites[0].target], ["CITES"], "in")}
    assert fields == {"sourceurl", "mentionidentifier"}
    store.close()


def test_acled_current_and_legacy_exports(tmp_path: Path) -> None:
    from graph.stores import open_store

    store = open_store(str(tmp_path / "s"))
    current = ingest_dataset(store, DATA / "acled_current.csv")
    legacy = ingest_dataset(store, DATA / "acled_legacy_cp1252.csv")
    assert (current.events, legacy.events) == (2, 2)
    assert [(p.number, p.problem) for p in current.problems] == [(4, "fatalities: not a count: 'many'")]
    assert legacy.warnings and "Windows-1252" in legacy.warnings[0]
    civ = event_claim(store, "acled", "CIV8001")
    assert civ["claim"].props["date_start"] == "2011-02-03"            # dd/mm/yyyy
    assert "Côte d'Ivoire" in civ["claim"].props["text"]              # decoded from Windows-1252
    roles = {e.props.get("role") for e in civ["edges"] if e.type == "MENTIONS"}
    assert "side b-ally" in roles                                     # ALLY_ACTOR_2
    mali = event_claim(store, "acled", "MLI9001")
    assert mali["report"].props["redistribution"].startswith("restricted")
    assert mali["claim"].props["deaths_best"] == 7
    store.close()


def test_bad_rows_give_one_error_line_each_and_the_rest_loads(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(DATA / "ged_events.csv"),
                                      str(DATA / "gdelt_events.tsv"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {DATA / 'ged_events.csv'}: row 5: date_start: not a date: '21/04/2024x'",
        f"error: {DATA / 'gdelt_events.tsv'}: row 2: sqldate: not a date: '2024XX02'"]


def test_ucdp_actor_ids_resolve_through_the_actor_list(tmp_path: Path) -> None:
    from graph.stores import open_store

    actors = load_ucdp_actors(shared("actors/ucdp_actor_names.jsonl"))
    store = open_store(str(tmp_path / "s"))
    ingest_dataset(store, DATA / "ged_events.csv", resolver=Resolver(ucdp_actors=actors))
    found = event_claim(store, "ucdp", "900001")
    orgs = store.get_nodes(found["claim"].props["actor_ids"])
    taleban = next(n for n in orgs.values() if n.props.get("ucdp_id") == "303")
    assert taleban.props["name"] and "ucdp_id" in taleban.props
    store.close()


def test_source_joins_by_headline_and_by_url(store: GraphStore, tmp_path: Path) -> None:
    ingest_paths(store, [DATA / "ged_events.csv", DATA / "gdelt_events.tsv"])
    ingest_paths(store, [DATA / "source_report.md", DATA / "gdelt_source.md"])
    ged = event_claim(store, "ucdp", "900001")
    cited = store.get_nodes([e.target for e in ged["edges"] if e.type == "CITES"])
    ingested = [n for n in cited.values() if not n.props.get("stub")]
    assert [n.props["title"] for n in ingested] == ["Clashes near Asadabad leave four dead"]
    gdelt = event_claim(store, "gdelt-events", "900101")
    target = next(e.target for e in gdelt["edges"] if e.type == "CITES")
    assert store.get_nodes([target])[target].props["stub"] is False  # same canonical URL, same id


def test_report_first_then_dataset_joins_too(store: GraphStore) -> None:
    ingest_paths(store, [DATA / "source_report.md"])
    ingest_paths(store, [DATA / "ged_events.csv"])
    ged = event_claim(store, "ucdp", "900001")
    cited = store.get_nodes([e.target for e in ged["edges"] if e.type == "CITES"])
    assert sum(1 for n in cited.values() if not n.props.get("stub")) == 1


def test_events_query_and_corroboration(store: GraphStore) -> None:
    ingest_paths(store, [DATA / "ged_events.csv", DATA / "ged_api.json", DATA / "acled_current.csv",
                         DATA / "source_report.md"])
    page = list_events(store, EventFilter(region="reg:iso-so"))     # ids: Neo4j's text index lags writes
    assert {e["record_id"] for e in page.events} == {"900002", "900003"}
    shabaab = Resolver().organisation("Al-Shabaab")
    assert shabaab is not None
    page = list_events(store, EventFilter(actor=shabaab.id, since="2024-04-15"))
    assert [e["record_id"] for e in page.events] == ["900003"]
    assert list_events(store, EventFilter(dataset="ACLED")).total == 2
    claim_id = str(event_claim(store, "ucdp", "900001")["claim"].id)
    result = event_corroboration(store, claim_id)
    assert [m["published"] for m in result.claims] == ["2024-03-03"] and result.corroborating == 1
    assert result.dataset_source_count == 2 and result.independent_origins == 1
    assert result.comparison == "fewer independent origins (1) than the dataset's sources (2)"


def test_licences_are_carried_into_exports(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    for args in (["ingest", str(DATA / "acled_current.csv")],
                 ["export", "--format", "ttl", "--out", str(out)]):
        CliRunner().invoke(app, [*args, "--store", str(tmp_path / "s")])
    text = out.read_text()
    assert "https://acleddata.com/terms-of-use/" in text and "restricted: ACLED" in text


def test_event_actors_are_the_text_loaders_entities(tmp_path: Path) -> None:
    from graph.stores import open_store

    store = open_store(str(tmp_path / "s"))
    ingest_paths(store, [DATA / "ged_events.csv", DATA / "source_report.md"])
    event = event_claim(store, "ucdp", "900001")["claim"]
    text_claims = [n for n in store.find_nodes("Claim", {}, limit=100) if not n.props.get("event")]
    mentioned = {e.target for e in store.edges([c.id for c in text_claims], ["MENTIONS"], "out")}
    assert set(event.props["actor_ids"]) <= mentioned
    store.close()


def test_two_processes_load_the_same_as_one(tmp_path: Path) -> None:
    from graph.stores import open_store

    results = []
    for workers in (1, 2):
        store = open_store(str(tmp_path / f"s{workers}"))
        outcome = ingest_dataset(store, DATA / "ged_events.csv", workers=workers)
        results.append((outcome.events, [(p.number, p.problem) for p in outcome.problems], store.stats()))
        store.close()
    assert results[0] == results[1] and results[0][0] == 3


GED_HEADER = ("id,type_of_violence,side_a_new_id,side_a,side_b_new_id,side_b,country,adm_1,"
              "date_start,date_end,best,low,high\n")


def test_a_ucdp_id_that_contradicts_the_side_name_does_not_rename_it(tmp_path: Path) -> None:
    """UCDP ActorId 12 is the Government of Honduras (UCDP Actor Dataset, the gazetteer's
    "ucdp:12"): a row that gives it to the Government of Syria names Syria's government,
    carries no wrong id, and says so in one warning naming the row and the column."""
    from graph.stores import open_store

    path = tmp_path / "ged.csv"
    path.write_text(GED_HEADER + "910001,1,12,Government of Syria,9001,Hayat Tahrir al-Sham,Syria,"
                    "Idlib governorate,2024-05-05,2024-05-05,2,2,2\n"
                    "910002,1,118,Government of Syria,9001,Hayat Tahrir al-Sham,Syria,"
                    "Idlib governorate,2024-05-06,2024-05-06,1,1,1\n", encoding="utf-8")
    store = open_store(str(tmp_path / "s"))
    outcome = ingest_dataset(store, path)
    syria = Resolver().organisation("Government of Syria")
    assert syria is not None and syria.id == "org:ucdp-118"
    for record in ("910001", "910002"):
        claim = event_claim(store, "ucdp", record)["claim"]
        orgs = store.get_nodes(claim.props["actor_ids"])
        names = sorted(str(n.props["name"]) for n in orgs.values())
        assert names == ["Government of Syria", "Hay'at Tahrir al-Sham"], names
        assert "Honduras" not in claim.props["text"]
    assert store.get_nodes([syria.id])[syria.id].props.get("ucdp_id") == "118"
    assert [w for w in outcome.warnings if "side_a_new_id" in w] == [
        "row 2: side_a_new_id 12 is Government of Honduras in the UCDP actor list, not "
        "Government of Syria: the side is named by its name"]
    store.close()


def test_an_actor_list_entry_under_a_wrong_id_lends_no_names(tmp_path: Path) -> None:
    """With the UCDP actor list loaded, ActorId 1001 is Iteso (Uganda): a row that calls
    it Al-Shabaab stays Al-Shabaab, without Iteso among its aliases or its UCDP id."""
    from graph.stores import open_store

    actors = load_ucdp_actors(shared("actors/ucdp_actor_names.jsonl"))
    assert actors["1001"].name == "Iteso"
    path = tmp_path / "ged.csv"
    path.write_text(GED_HEADER + "900002,2,1001,Al-Shabaab,9002,Harti Clan Militia,Somalia,"
                    "Hiraan region,2024-04-09,2024-04-10,4,3,5\n", encoding="utf-8")
    store = open_store(str(tmp_path / "s"))
    ingest_dataset(store, path, resolver=Resolver(ucdp_actors=actors))
    claim = event_claim(store, "ucdp", "900002")["claim"]
    orgs = store.get_nodes(claim.props["actor_ids"]).values()
    shabaab = next(n for n in orgs if n.props["name"] == "Al-Shabaab")
    assert "Iteso" not in (shabaab.props.get("aliases") or []) and shabaab.props.get("ucdp_id") != "1001"
    store.close()


def test_every_ucdp_actor_under_its_own_id_keeps_it() -> None:
    """The agreement check refuses no actor of the UCDP Actor Dataset named as GED names
    it (NameData, acronyms included) under its own ActorId, and with the actor list it
    refuses nearly every name given the next actor's id."""
    import csv
    from itertools import pairwise

    rows = list(csv.DictReader(shared("actors/ucdp_actors.csv").open(encoding="utf-8-sig")))
    actors = load_ucdp_actors(shared("actors/ucdp_actor_names.jsonl"))
    for resolver in (Resolver(ucdp_actors={}), Resolver(ucdp_actors=actors)):
        refused = [r["ActorId"] for r in rows
                   if (found := resolver.organisation(r["NameData"], r["ActorId"])) and found.refused]
        assert refused == []
    listed = Resolver(ucdp_actors=actors)
    shifted = sum(1 for row, after in pairwise(rows)
                  if (found := listed.organisation(row["NameData"], after["ActorId"])) and found.refused)
    assert shifted >= 0.95 * (len(rows) - 1)
    pla = Resolver(ucdp_actors={}).organisation("PLA", "161")
    assert pla is not None and pla.name == "People's Liberation Army"


BAD_HEADER = ("id,type_of_violence,side_a_new_id,side_a,side_b_new_id,side_b,country,adm_1,date_start,"
              "date_end,best,low,high,latitude,longitude,date_prec,where_prec\n")
GOOD = "130,Government of Afghanistan,303,Taleban,Afghanistan,Kunar province"


def test_every_kind_of_bad_row_is_one_error_line_and_the_rest_loads(tmp_path: Path) -> None:
    """Each refused row is named by its line with what is wrong; an unclosed quote does not
    swallow the rows after it; a quoted field over two lines is still one good row."""
    from graph.stores import open_store

    rows = [f"1,1,{GOOD},2024-03-02,2024-03-02,4,4,6,34.8,71.1,1,2",
            f"2,1,{GOOD},2024-03-02,2024-03-01,4,4,6,34.8,71.1,1,2",
            f"3,1,{GOOD},2024-03-02,2024-03-02,4,7,6,34.8,71.1,1,2",
            f"4,1,{GOOD},2024-03-02,2024-03-02,4,4,6,134.8,71.1,1,2",
            f"5,1,{GOOD},2024-03-02,2024-03-02,4,4,6,34.8,71.1,9,2",
            f",1,{GOOD},2024-03-02,2024-03-02,4,4,6,34.8,71.1,1,2",
            "7,1,130,Government of Afghanistan,303,Taleban,Afghanistan",
            '8,1,130,"Government of ""Afghanistan,303,Taleban,Afghanistan,Kunar province,2024-03-02,'
            '2024-03-02,4,4,6,34.8,71.1,1,2',
            f"9,1,{GOOD},2024-03-02,2024-03-02,-4,4,6,34.8,71.1,1,2",
            f"10,1,{GOOD},,2024-03-02,4,4,6,34.8,71.1,1,2",
            f"11,1,{GOOD},2024-03-05,2024-03-05,1,1,1,34.8,71.1,1,2",
            '12,1,130,Government of Afghanistan,303,Taleban,Afghanistan,"Kunar\nprovince",2024-03-06,'
            "2024-03-06,1,1,1,34.8,71.1,1,2"]
    (tmp_path / "bad.csv").write_text(BAD_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(
        '{"id": 101, "side_a_name": "ULA", "side_b_name": "Civilians", "start_date": "2022-05-26"}\n'
        '{"id": 2, "side_a_name": "x", broken\n[1, 2]\n'
        '{"id": 103, "side_a_name": "ULA", "side_b_name": "Civilians", "start_date": "2022-05-27"}\n',
        encoding="utf-8")
    store = str(tmp_path / "s")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "bad.csv"), str(tmp_path / "bad.jsonl"),
                                      "--store", store])
    assert result.exit_code == 1
    errors = [line.split(": ", 2)[2] for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "row 3: date_end: the event ends before it starts",
        "row 4: low: low estimate 7 is above the high estimate 6",
        "row 5: latitude: coordinate out of range: '134.8'",
        "row 6: date_prec: unknown date precision '9'",
        "row 7: id: no record id",
        "row 8: has 7 columns, the header 17",
        "row 9: a quote opened on this line is not closed",
        "row 10: best: not a count: '-4'",
        "row 11: date_start: no date",
        "row 2: not valid JSON (JSONDecodeError: Expecting property name enclosed in double quotes: "
        "line 1 column 31 (char 30))",
        "row 3: not a JSON object"]
    graph = open_store(store)
    records = graph.find_nodes("Report", {"kind": "dataset"}, limit=50)
    loaded = sorted(str(n.props["record_id"]) for n in records)
    assert loaded == ["1", "101", "103", "11", "12"]      # GED 1, 11, 12 (two lines); AEC 101, 103
    two_lines = event_claim(graph, "ucdp", "12")["claim"]
    assert "Kunar" in two_lines.props["text"]
    graph.close()


def report_file(folder: Path, name: str, publisher: str, published: str, title: str, text: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\npublisher: {publisher}\npublished: {published}\n---\n{text}\n",
                    encoding="utf-8")
    return path


def test_a_second_outlet_joins_its_stub_and_the_origins_match_the_source_count(
        store: GraphStore, tmp_path: Path) -> None:
    """GED names two articles for event 900001 (Kabul Ledger, Frontier Wire). With both
    ingested, each becomes its stub, both claims corroborate the event, and the two
    independent origins equal the dataset's two sources. Claims with the same actors but
    far too late, or in another province, do not count."""
    frontier = report_file(tmp_path, "frontier.md", "Frontier Wire", "2024-03-04", "Fighting in Kunar",
                           "Taleban fighters and forces of the Government of Afghanistan fought in "
                           "Kunar on Saturday, residents told the agency.")
    late = report_file(tmp_path, "late.md", "Frontier Wire", "2024-06-20", "Kunar again",
                       "Taleban fighters and forces of the Government of Afghanistan fought in "
                       "Kunar, residents said.")
    elsewhere = report_file(tmp_path, "kandahar.md", "Kabul Ledger", "2024-03-03", "Kandahar clash",
                            "Taleban fighters and forces of the Government of Afghanistan fought in "
                            "Kandahar on Saturday, officials said.")
    ingest_paths(store, [DATA / "ged_events.csv"])
    ingest_paths(store, [DATA / "source_report.md", frontier, late, elsewhere])
    found = event_claim(store, "ucdp", "900001")
    cited = store.get_nodes([e.target for e in found["edges"] if e.type == "CITES"])
    assert sorted(str(n.props["title"]) for n in cited.values() if not n.props.get("stub")) == [
        "Clashes near Asadabad leave four dead", "Fighting in Kunar"]
    result = event_corroboration(store, found["claim"].id)
    assert sorted((m["publisher"], m["published"]) for m in result.claims) == [
        ("Frontier Wire", "2024-03-04"), ("Kabul Ledger", "2024-03-03")]
    counts = (result.corroborating, result.independent_origins, result.dataset_source_count)
    assert counts == (2, 2, 2)
    assert result.comparison == "as many independent origins as the dataset's sources"


def test_no_event_answer_or_export_names_a_path_of_this_machine(tmp_path: Path) -> None:
    """Dataset records keep the file's name, not where it was: events (text and JSON),
    their corroboration, show, and every export format."""
    import json
    import shutil

    folder = tmp_path / "where" / "the" / "journalist" / "works"
    folder.mkdir(parents=True)
    for name in ("ged_events.csv", "acled_current.csv", "source_report.md"):
        shutil.copy(DATA / name, folder / name)
    store = str(tmp_path / "db")

    def run(*args: str) -> str:
        result = CliRunner().invoke(app, [*args, "--store", store])
        assert result.exit_code == 0, (args, result.stderr)
        return result.stdout

    CliRunner().invoke(app, ["ingest", *(str(p) for p in sorted(folder.iterdir())), "--store", store])
    listed = run("events", "list", "--json")
    outputs = [listed, run("events", "list")]
    for event in json.loads(listed)["events"]:
        outputs += [run("events", "corroboration", event["claim_id"]),
                    run("events", "corroboration", event["claim_id"], "--json"),
                    run("show", event["claim_id"], "--json"), run("show", event["report_id"]),
                    run("show", event["report_id"], "--json")]
    outputs += [run("export", "--format", fmt) for fmt in ("nt", "jsonld", "graphml")]
    run("export", "--format", "csv", "--out", str(tmp_path / "csv"))
    outputs += [p.read_text(encoding="utf-8") for p in (tmp_path / "csv").iterdir()]
    assert len(outputs) > 10 and all(len(text) > 100 for text in outputs)
    assert any("ged_events.csv" in text for text in outputs)       # the name is kept ...
    for text in outputs:                                           # ... where it was is not
        assert str(folder.parent) not in text and str(Path.home()) + "/" not in text
