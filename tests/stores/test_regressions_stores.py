"""Store behaviours a review could break with every other test still passing.

- Search answers in id order on both stores, so that a limit cuts the same hits
  everywhere (Neo4j's full-text index answers in score order unless told otherwise).
- The researcher's Cypher runs in a read transaction even when the plan check lets a
  write through: the check is one wall, the transaction mode is the second.
- The old store's journal writer trims a torn tail before it appends, so no stale
  bytes of a dead writer remain after the new record, however long the tail was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import report_id
from graph.stores import journal, read_query
from graph.stores.base import GraphStore
from tests.builders import report_batch
from tests.conftest import make_neo4j_store

WORD = "zebrafish"


def searchable_reports(store: GraphStore, count: int) -> list[str]:
    """``count`` claims holding WORD, their lengths unrelated to their ids, so that an
    index ranking by relevance would answer in another order than by id."""
    for index in range(count):
        padding = " ".join(["the long and winding account of it"] * (index * 3 % 7))
        text = f"Al Qaeda fighters in Afghanistan saw a {WORD} number {index} {padding}."
        store.write_batch(report_batch(f"https://example.org/search/{index}", text))
    hits = store.search(WORD, labels=["Claim"], limit=count)
    return [hit.node.id for hit in hits]


def test_search_is_in_id_order_and_a_limit_keeps_the_first_ids(store: GraphStore) -> None:
    every = searchable_reports(store, 12)
    assert len(every) == 12
    assert every == sorted(every)
    for limit in (1, 3, 5):
        cut = [hit.node.id for hit in store.search(WORD, labels=["Claim"], limit=limit)]
        assert cut == every[:limit]


@pytest.mark.neo4j
def test_cypher_runs_read_only_even_if_the_plan_check_lets_a_write_through(
        neo4j_settings: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.stores.neo4j_store import Neo4jStore

    store = make_neo4j_store(neo4j_settings)
    assert isinstance(store, Neo4jStore)
    try:
        monkeypatch.setattr(read_query, "check_plan", lambda summary: None)  # the first wall down
        with pytest.raises((read_query.QueryInvalid, read_query.QueryRefused)):
            store.run_read_query("CREATE (n:Report {id: 'rep:regression'}) RETURN n.id AS id", {},
                                 timeout_s=10, row_limit=5)
        assert store.get_nodes(["rep:regression"]) == {}
        rows = store.run_read_query("RETURN 1 AS one", {}, timeout_s=10, row_limit=5).rows
        assert rows == [{"one": 1}]
    finally:
        store.close()


def test_journal_append_trims_a_torn_tail_longer_than_the_new_record(tmp_path: Path) -> None:
    first = {"report": report_id(url="https://example.org/j/1"), "n": 1}
    second = {"report": report_id(url="https://example.org/j/2"), "n": 2}
    after_first = journal.append_record(tmp_path, 0, 0, first)
    torn = journal.encode_record({"text": "x" * 5000})[:4000]   # a dead writer's half line
    with journal.journal_path(tmp_path, 0).open("ab") as handle:
        handle.write(torn)
    end = journal.append_record(tmp_path, 0, after_first, second)
    assert journal.journal_path(tmp_path, 0).read_bytes() == (
        journal.encode_record(first) + journal.encode_record(second))
    assert [record for _, record in journal.read_records(tmp_path, 0, 0)] == [first, second]
    assert end == journal.journal_path(tmp_path, 0).stat().st_size


def test_find_nodes_pages_a_filter_on_a_list_value(store: GraphStore) -> None:
    """A filter the embedded store cannot put in SQL (a list value) is applied after the
    query, and the page must still be cut from the filtered nodes."""
    for index in range(5):
        batch = report_batch(f"https://example.org/authors/{index}",
                             f"Al Qaeda fighters in Afghanistan, part {index}.")
        report = next(n for n in batch.owned if n.label == "Report")
        report.props["authors"] = ["Same Author"] if index != 2 else ["Other Author"]
        store.write_batch(batch)
    where = {"authors": ["Same Author"]}
    every = [n.id for n in store.find_nodes("Report", where, limit=10)]
    assert len(every) == 4 and every == sorted(every)
    for limit, offset in ((1, 1), (2, 2), (3, 0)):
        assert [n.id for n in store.find_nodes("Report", where, limit=limit, offset=offset)] == \
            every[offset:offset + limit]
