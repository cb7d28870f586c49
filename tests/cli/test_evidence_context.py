"""The passage shown around a quote: cut between words, "…" where text is left out, by one
function (api.viz.evidence.span_context) that the CLI's ``show``, the API (drawn views and
GET /reports/{id}/context) and the pages all use."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema_rs  # schemathesis's own validator
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from api.viz.evidence import CONTEXT_CHARS, ELISION, span_context
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, LiveServer
from tests.conftest import FIXTURES

LEAD = ("Officials in the northern provinces described a week of heavy fighting between rival "
        "factions, with roadblocks on the main highways and markets closed in several towns, "
        "while aid convoys waited at the border crossings for permission to enter the district. ")
CLAIM = "At least 14 people were killed in the shelling of Dara on Tuesday, the governor said."
TAIL = (" Residents who fled towards the capital described damaged houses, a destroyed bridge and "
        "schools turned into shelters for families arriving from the surrounding villages each night.")


def words_whole(text: str, start: int, end: int, found: dict[str, str]) -> None:
    """The passage is a run of the text that starts and ends between words."""
    before = found["before"].removeprefix(ELISION)
    after = found["after"].removesuffix(ELISION)
    first, last = start - len(before), end + len(after)
    assert text[first:last] == before + found["span"] + after
    assert first == 0 or text[first - 1].isspace() or not before, (text[first - 1:first + 10], before)
    assert last == len(text) or text[last].isspace() or not after, (after, text[last - 10:last + 1])
    assert found["before"].startswith(ELISION) == (first > 0)
    assert found["after"].endswith(ELISION) == (last < len(text))


def test_context_never_cuts_a_word_and_marks_what_it_leaves_out() -> None:
    text = (FIXTURES / "reports" / "alpha.md").read_text(encoding="utf-8") * 3 + LEAD + CLAIM + TAIL
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+){0,6}", text)]
    for start, end in random.Random(7).sample(spans, min(400, len(spans))):
        found = span_context(text, start, end)
        words_whole(text, start, end, found)
        assert len(found["before"]) <= CONTEXT_CHARS + 41 and len(found["after"]) <= CONTEXT_CHARS + 41


def test_a_long_token_is_left_out_whole_and_a_short_text_is_kept_whole() -> None:
    url = "https://example.org/" + "a" * 300
    text = f"{url} the governor said {CLAIM} and {url}"
    start = text.index(CLAIM)
    found = span_context(text, start, start + len(CLAIM))
    assert found["before"] == f"{ELISION}the governor said " and found["after"] == f" and{ELISION}"
    short = span_context(CLAIM, 9, 11)
    assert (short["before"], short["span"], short["after"]) == (CLAIM[:9], "14", CLAIM[11:])
    assert span_context(CLAIM, 5, 500) == {} and span_context(None, 0, 1) == {}


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, httpx.Client, str]]:
    """A store with a report whose claim sits mid-text, read by the CLI and a live server."""
    root = tmp_path_factory.mktemp("context")
    (root / "dara.md").write_text(
        "---\ntitle: Shelling in Dara\npublisher: Example Courier\npublished: 2025-06-03\n"
        "url: https://example.org/context/dara\n---\n" + LEAD + CLAIM + TAIL + "\n", encoding="utf-8")
    store = str(root / "db")
    assert CliRunner().invoke(app, ["ingest", str(root / "dara.md"), "--store", store]).exit_code == 0
    graph = EmbeddedStore(Path(store))
    claim = next(c for c in graph.find_nodes("Claim", {}, limit=50) if "Dara" in str(c.props["text"]))
    with LiveServer(graph, Settings(api_key=API_KEY)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as client:
        yield store, client, claim.id
    graph.close()


def test_show_prints_the_quote_in_its_passage(reported: tuple[str, httpx.Client, str]) -> None:
    store, client, claim = reported
    result = CliRunner().invoke(app, ["show", claim.removeprefix("clm:")[:8], "--store", store])
    assert result.exit_code == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("  in context: "))
    passage = line.removeprefix("  in context: ")
    assert passage.startswith(ELISION) and passage.endswith(ELISION)
    quote = " ".join(client.get(f"/claims/{claim}").json()["quote"].split())
    assert f"«{quote}»" in passage
    head = passage.removeprefix(ELISION).split()[0]
    assert re.search(rf"(^|\s){re.escape(head)}\s", LEAD + CLAIM + TAIL), f"{head!r} is a cut word"


def test_the_api_answers_the_same_passage_in_its_documented_shape(
        reported: tuple[str, httpx.Client, str]) -> None:
    _, client, claim = reported
    evidence = client.get(f"/claims/{claim}").json()
    start, end, report = evidence["start"], evidence["end"], evidence["report_id"]
    answer = client.get(f"/reports/{report}/context", params={"start": start, "end": end})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    text = client.get(f"/reports/{report}", params={"include_text": True}).json()["text"]
    assert {k: body[k] for k in ("before", "span", "after")} == span_context(text, start, end)
    words_whole(text, start, end, body)
    assert body["before"].startswith(ELISION) and body["span"] == evidence["quote"]
    document = client.get("/openapi.json").json()
    schema = document["paths"]["/reports/{report_id}/context"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]})
    assert list(validator.iter_errors(body)) == []
    drawn = client.get(f"/view/node/{claim}/data", params={"depth": 1}).json()
    records = [r for d in drawn["details"]["nodes"].values() for r in d.get("evidence") or []
               if r.get("claim_id") == claim]
    assert records and all((r["before"], r["after"]) == (body["before"], body["after"]) for r in records)


@pytest.mark.parametrize(("params", "code"), [
    ({"start": 5, "end": 2}, 422), ({"start": 0, "end": 10**7}, 422), ({"start": -1, "end": 3}, 422),
    ({"start": 0}, 422)])
def test_a_span_outside_the_text_is_refused(reported: tuple[str, httpx.Client, str],
                                            params: dict[str, int], code: int) -> None:
    _, client, claim = reported
    report = client.get(f"/claims/{claim}").json()["report_id"]
    answer = client.get(f"/reports/{report}/context", params=params)
    assert answer.status_code == code and answer.json()["detail"]
    assert client.get("/reports/rep:nothing/context", params={"start": 0, "end": 1}).status_code == 404
