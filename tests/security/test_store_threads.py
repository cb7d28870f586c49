"""The embedded store shared by the server's threads: reads and writes at once.

The API runs plain ``def`` routes in a pool of threads over one store object, so the
store must serve a read in one thread while another thread writes. Two tests with real
threads: one on the store directly (writers and readers hammering it, every report read
whole or not at all), one through a live server (reports posted while others search).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from api.settings import Settings
from graph.model import report_id
from graph.stores.base import ClaimQuery
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, LiveServer
from tests.builders import AQ, report_batch

WRITERS, READERS, REPORTS_EACH = 3, 3, 15


def text_of(writer: int, index: int) -> str:
    return (f"Al Qaeda fighters crossed into Afghanistan near post {writer}-{index}. "
            f"Residents counted {index + 3} vehicles. Officials said nothing more.")


def url_of(writer: int, index: int) -> str:
    return f"https://example.org/threads/{writer}/{index}"


def write_all(store: EmbeddedStore, writer: int) -> None:
    for index in range(REPORTS_EACH):
        store.write_batch(report_batch(url_of(writer, index), text_of(writer, index)))


def read_until(store: EmbeddedStore, done: threading.Event) -> int:
    """Read in every way the routes do until the writers finish; every report seen must be
    whole (its MAKES edges lead to claims that exist). Returns how many reads were made."""
    reads = 0
    while not done.is_set() or reads == 0:
        reports = store.find_nodes("Report", {"stub": False}, limit=1000)
        makes = store.edges([r.id for r in reports], ["MAKES"], "out")
        claims = store.get_nodes([e.target for e in makes])
        assert {e.target for e in makes} == set(claims)
        assert all(r.props["claim_count"] == sum(e.source == r.id for e in makes) for r in reports)
        store.search("qaeda afghanistan", limit=20)
        store.claim_page(ClaimQuery(entities=(AQ,)))
        store.stats()
        reads += 1
    return reads


def run_threads(writers: list[Callable[[], None]],
                readers: list[Callable[[threading.Event], int]]) -> list[int]:
    """Start everything at once; re-raise the first error any thread met."""
    done = threading.Event()
    with ThreadPoolExecutor(len(writers) + len(readers)) as pool:
        reading = [pool.submit(reader, done) for reader in readers]
        writing = [pool.submit(writer) for writer in writers]
        try:
            for future in writing:
                future.result(timeout=600)
        finally:
            done.set()
        return [future.result(timeout=600) for future in reading]


def test_threads_read_and_write_one_store_at_once(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        reads = run_threads([lambda w=w: write_all(store, w) for w in range(WRITERS)],  # type: ignore[misc]
                            [lambda done: read_until(store, done)] * READERS)
        assert all(count > 0 for count in reads)
        reports = store.find_nodes("Report", {"stub": False}, limit=1000)
        assert len(reports) == WRITERS * REPORTS_EACH
        for writer in range(WRITERS):
            for index in range(REPORTS_EACH):
                assert report_id(url=url_of(writer, index)) in {r.id for r in reports}
    finally:
        store.close()


def test_the_server_answers_reads_while_its_threads_write(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    statuses: list[int] = []
    created: list[str] = []

    def post_reports(writer: int) -> None:
        with httpx.Client(base_url=server.url, timeout=120, headers={"X-API-Key": API_KEY}) as client:
            for index in range(5):
                answer = client.post("/reports/text", json={
                    "text": text_of(writer, index), "title": f"Thread {writer}-{index}",
                    "publisher": "Thread Desk", "published": "2025-03-01"})
                statuses.append(answer.status_code)
                if answer.status_code == 201:
                    created.append(answer.json()["report_id"])

    def search(done: threading.Event) -> int:
        count = 0
        with httpx.Client(base_url=server.url, timeout=120) as client:
            while not done.is_set() or count == 0:
                for path in ("/search?q=qaeda", "/health", "/reports?limit=50"):
                    statuses.append(client.get(path).status_code)
                count += 1
                time.sleep(0.01)
        return count

    with LiveServer(store, Settings(api_key=API_KEY)) as server:
        reads = run_threads([lambda w=w: post_reports(w) for w in range(WRITERS)],  # type: ignore[misc]
                            [search] * READERS)
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for rid in created:
                assert client.get(f"/reports/{rid}").status_code == 200
    store.close()
    assert all(count > 0 for count in reads)
    assert set(statuses) <= {200, 201}, sorted(set(statuses))
    assert len(set(created)) == WRITERS * 5
