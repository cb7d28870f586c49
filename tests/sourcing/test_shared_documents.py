"""One document described in different words by different reports is one stub node."""

from __future__ import annotations

from graph.provenance import sha256_hex
from graph.stores.base import GraphStore
from loaders.ingest import ingest_source
from loaders.source import RawSource

FIRST = """---
url: https://example.org/first
publisher: Example Daily
published: 2025-03-14
---
The militia recruited 300 children in 2024, according to a UN report seen on Monday by AFP.
"""
SECOND = """---
url: https://example.net/second
publisher: Example Weekly
---
A report by the UN panel of experts says the militia recruited hundreds of children.
The report also said the group trains them at four sites.
"""
OTHER = """---
url: https://example.net/third
publisher: Example Weekly
published: 2025-03-20
---
Human Rights Watch said in a report published this week that the militia recruited children.
"""


def ingest(store: GraphStore, name: str, text: str) -> None:
    data = text.encode()
    outcome = ingest_source(store, RawSource(name, data, sha256_hex(data)))
    assert outcome.error is None, outcome.error


def cited_documents(store: GraphStore, url_part: str) -> set[str]:
    reports = [n for n in store.find_nodes("Report", {"stub": False}, limit=10)
               if url_part in (n.props.get("url") or "")]
    claims = [e.target for e in store.edges([r.id for r in reports], ["MAKES"])]
    return {e.target for e in store.edges(claims, ["CITES"])}


def test_two_descriptions_of_one_report_share_a_stub(store: GraphStore) -> None:
    ingest(store, "first.md", FIRST)
    ingest(store, "second.md", SECOND)
    ingest(store, "third.md", OTHER)
    first, second, third = (cited_documents(store, u) for u in ("first", "second", "third"))
    assert len(first) == 1 and first == second
    assert third and not third & first
    stub = store.get_nodes(list(first))[next(iter(first))]
    assert stub.props["described"] is True and stub.props["issuer_root"] == "United Nations"
    reports = [n.id for n in store.find_nodes("Report", {"stub": False})]
    edges = store.edges([e.target for e in store.edges(reports, ["MAKES"])], ["CITES"])
    assert {e.props.get("stance") for e in edges} == {"asserts"}
    assert {e.props.get("source_kind") for e in edges} == {"document"}


DOCUMENT = """---
url: https://example.int/panel/final-report
publisher: United Nations Security Council
title: Final report of the Panel of Experts on Examplestan
published: 2025-03-01
---
Final report of the Panel of Experts on Examplestan

The Panel found that the militia recruited at least 300 children during 2024.
"""


def test_the_described_document_when_ingested_continues_the_stub(store: GraphStore) -> None:
    ingest(store, "first.md", FIRST)
    (stub_id,) = cited_documents(store, "first")
    ingest(store, "document.md", DOCUMENT)
    real = [n for n in store.find_nodes("Report", {"stub": False}, limit=10)
            if "final-report" in (n.props.get("url") or "")]
    links = store.edges([stub_id], ["REPUBLISHES"])
    assert [(e.target, e.props.get("basis")) for e in links] == [(real[0].id, "described-document")]
