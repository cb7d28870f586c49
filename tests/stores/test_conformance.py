"""The store conformance suite: every test runs against every adapter.

The answers asserted here are the contract of ``GraphStore``; because both adapters
must pass the same assertions, they give identical answers.
"""

from __future__ import annotations

import pytest

from graph.model import Node, report_id
from graph.schema import SchemaError
from graph.stores.base import ClaimQuery, ClaimSummary, GraphStore
from tests.builders import AF, AQ, SOUTH_ASIA, report_batch

URL_A = "https://example.org/a"
URL_B = "https://example.org/b"
TEXT_A = "Al Qaeda is regrouping in Afghanistan. A second sentence follows."
TEXT_B = "Al Qaeda trains fighters in Afghanistan, the brief says. More text."
A = report_id(url=URL_A)
B = report_id(url=URL_B)


def stats_of(store: GraphStore, *names: str) -> dict[str, int]:
    counts = store.stats()
    return {name: counts[name] for name in names}


def test_written_batch_can_be_read_back(store: GraphStore) -> None:
    batch = report_batch(URL_A, TEXT_A)
    store.write_batch(batch)
    nodes = store.get_nodes([A, AQ, "rep:missing"])
    assert set(nodes) == {A, AQ}
    assert nodes[A].label == "Report"
    assert nodes[A].props["text"] == TEXT_A
    assert nodes[AQ].props["aliases"] == ["AQ"]
    claim = next(n for n in batch.owned if n.label == "Claim")
    stored = store.get_nodes([claim.id])[claim.id]
    assert stored.props["quote"] == TEXT_A[stored.props["start"]:stored.props["end"]]
    assert stored.props["report_id"] == A


def test_stats_count_every_label_and_type(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    counts = store.stats()
    assert counts["Report"] == 1 and counts["Claim"] == 1
    assert counts["Organisation"] == 1 and counts["Region"] == 2 and counts["Ingestion"] == 1
    assert counts["MAKES"] == 1 and counts["MENTIONS"] == 2 and counts["PART_OF"] == 1
    assert counts["CITES"] == 0 and counts["Person"] == 0


def test_rewriting_the_same_batch_changes_nothing(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    before = store.stats()
    store.write_batch(report_batch(URL_A, TEXT_A))
    assert store.stats() == before


def test_new_version_of_a_report_replaces_its_claims(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    store.write_batch(report_batch(URL_A, "Al Qaeda left Afghanistan quietly. Then more."))
    claims = store.find_nodes("Claim")
    assert [c.props["text"] for c in claims] == ["Al Qaeda left Afghanistan quietly."]
    assert stats_of(store, "Claim", "MAKES", "MENTIONS") == {"Claim": 1, "MAKES": 1, "MENTIONS": 2}


def test_stub_never_overwrites_a_full_report(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_B, TEXT_B, title="Report B"))
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    b = store.get_nodes([B])[B]
    assert b.props["stub"] is False and b.props["title"] == "Report B"


def test_full_report_upgrades_a_stub(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    assert store.get_nodes([B])[B].props["stub"] is True
    store.write_batch(report_batch(URL_B, TEXT_B, title="Report B"))
    b = store.get_nodes([B])[B]
    assert b.props["stub"] is False and b.props["title"] == "Report B"
    assert store.stats()["CITES"] == 1


def test_invalid_batch_writes_nothing(store: GraphStore) -> None:
    batch = report_batch(URL_A, TEXT_A)
    batch.shared.append(Node("Organisation", "org:broken", {"name": 42, "resolved": True}))
    with pytest.raises(SchemaError):
        store.write_batch(batch)
    assert sum(store.stats().values()) == 0


def test_find_nodes_filters_orders_and_pages(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    reports = store.find_nodes("Report")
    assert [r.id for r in reports] == sorted([A, B])
    assert [r.id for r in store.find_nodes("Report", {"stub": True})] == [B]
    assert [r.id for r in store.find_nodes("Report", limit=1, offset=1)] == [sorted([A, B])[1]]
    assert store.find_nodes("Report", {"title": "nothing like this"}) == []


def test_edges_follow_direction_and_type(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    incoming = store.edges([AQ], ["MENTIONS"], "in")
    assert len(incoming) == 1 and incoming[0].target == AQ
    assert incoming[0].props["quote"] == "Al Qaeda"
    assert store.edges([AQ], ["MENTIONS"], "out") == []
    cites = store.edges([B], None, "in")
    assert [e.type for e in cites] == ["CITES"]
    both = store.edges([AF], None, "both")
    assert sorted(e.type for e in both) == ["MENTIONS", "PART_OF"]
    assert [e.id for e in both] == sorted(e.id for e in both)


def test_expand_respects_depth_types_and_cap(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    one = store.expand([A], ["MAKES"], depth=1, direction="out")
    assert len(one.nodes) == 2 and len(one.edges) == 1 and not one.truncated
    two = store.expand([A], ["MAKES", "MENTIONS", "CITES"], depth=2, direction="out")
    assert {AQ, AF, B} <= set(two.nodes)
    assert SOUTH_ASIA not in two.nodes
    capped = store.expand([A], None, depth=3, max_nodes=3)
    assert capped.truncated and len(capped.nodes) == 3


def test_search_matches_every_word(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    store.write_batch(report_batch(URL_B, TEXT_B))
    assert {h.node.label for h in store.search("qaeda")} == {"Claim", "Organisation"}
    hits = store.search("regrouping Afghanistan", labels=["Claim"])
    assert [h.node.props["text"] for h in hits] == ["Al Qaeda is regrouping in Afghanistan."]
    assert store.search("regrouping trains") == []
    assert [h.node.id for h in store.search("AQ")] == [AQ]
    assert store.search("   ") == []


def test_delete_report_removes_what_only_it_supports(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    assert store.delete_report(A) is True
    assert sum(store.stats().values()) == 0
    assert store.delete_report(A) is False


def test_delete_keeps_shared_entities_and_cited_reports(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_B, TEXT_B, title="Report B"))
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    store.delete_report(B)
    b = store.get_nodes([B])[B]
    assert b.props["stub"] is True and "text" not in b.props and b.props["title"] == "Report B"
    assert set(store.get_nodes([AQ, AF, SOUTH_ASIA])) == {AQ, AF, SOUTH_ASIA}
    assert stats_of(store, "Report", "Claim", "CITES") == {"Report": 2, "Claim": 1, "CITES": 1}
    store.delete_report(A)
    assert sum(store.stats().values()) == 0


def test_reads_can_ask_for_only_some_fields(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, cites=URL_B))
    nodes = store.get_nodes([A, B, AQ], fields=["title", "stub", "no_such_field"])
    assert nodes[A].props == {"title": "A report", "stub": False}
    assert nodes[B].props == {"stub": True}
    assert nodes[AQ].props == {} and nodes[AQ].label == "Organisation"
    mentions = store.edges([AQ], ["MENTIONS"], "in", fields=["quote"])
    assert [e.props for e in mentions] == [{"quote": "Al Qaeda"}]
    bare = store.edges([AQ, AF], ["MENTIONS"], "in", fields=[])
    assert len(bare) == 2 and all(e.props == {} for e in bare)
    assert {e.id for e in bare} == {e.id for e in store.edges([AQ, AF], ["MENTIONS"], "in")}


def test_claim_page_filters_sorts_and_pages_in_the_store(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, published="2025-02-01"))
    store.write_batch(report_batch(URL_B, TEXT_B, cites=URL_A, published="2025-05-01"))
    claim_a, claim_b = (store.edges([rid], ["MAKES"], "out")[0].target for rid in (A, B))
    page = store.claim_page(ClaimQuery(entities=(AQ, AF)))
    assert page.total == 2 and page.claims == [(claim_b, sorted([AQ, AF])), (claim_a, sorted([AQ, AF]))]
    oldest = store.claim_page(ClaimQuery(entities=(AQ,), newest_first=False, limit=1))
    assert oldest.total == 2 and oldest.claims == [(claim_a, [AQ])]
    assert store.claim_page(ClaimQuery(entities=(AQ,), offset=1)).claims == [(claim_a, [AQ])]
    assert store.claim_page(ClaimQuery(entities=(AQ,), since="2025-03-01")).claims == [(claim_b, [AQ])]
    assert store.claim_page(ClaimQuery(entities=(AQ,), until="2025-03-01")).claims == [(claim_a, [AQ])]
    assert store.claim_page(ClaimQuery(entities=(AQ,), sourced=True)).claims == [(claim_b, [AQ])]
    assert store.claim_page(ClaimQuery(entities=(AQ,), hedged=True)).total == 0
    assert store.claim_page(ClaimQuery(entities=(AQ,), publisher="example PUBLISHER")).total == 2
    assert store.claim_page(ClaimQuery(entities=(AQ,), publisher="nobody")).total == 0
    assert store.claim_page(ClaimQuery(entities=(AQ,), within=(SOUTH_ASIA,))).total == 0
    assert store.claim_page(ClaimQuery(entities=(SOUTH_ASIA,))).total == 0


def test_claim_summary_counts_claims_reports_months_and_co_mentions(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, published="2025-02-01"))
    store.write_batch(report_batch(URL_B, TEXT_B, cites=URL_A, published="2025-05-01"))
    assert store.claim_summary([AQ]) == ClaimSummary(2, 2, 0, {"2025-02": 1, "2025-05": 1}, [(AF, 2)])
    both = store.claim_summary([AQ, AF])   # a claim linked to both counts once
    assert (both.claims, both.reports, both.co_mentioned) == (2, 2, [])
    assert store.claim_summary([AQ], co_limit=0).co_mentioned == []
    assert store.claim_summary([SOUTH_ASIA]) == ClaimSummary(0, 0, 0, {}, [])
    store.delete_report(B)
    assert store.claim_summary([AF]) == ClaimSummary(1, 1, 0, {"2025-02": 1}, [(AQ, 1)])


def test_claim_summary_counts_only_mentions_as_co_mentioned(store: GraphStore) -> None:
    """A relationship claim's SUBJECT and OBJECT links make it a claim about both
    entities, but only MENTIONS count as co-mentions (as the claims' links say)."""
    from collections import Counter

    from tests.analysis.graphs import eid, sourcing, write

    write(store, sourcing())
    omega, sigma = eid("Omega"), eid("Sigma")
    about_omega = [c for c in store.claim_links(["Organisation", "Region"])
                   if any(e == omega for _, e, _ in c.links)]
    mentioned = Counter(entity for c in about_omega for kind, entity, _ in c.links
                        if kind == "MENTIONS" and entity != omega)
    summary = store.claim_summary([omega])
    assert summary.claims == len(about_omega)
    assert dict(summary.co_mentioned) == dict(mentioned) and mentioned[sigma] > 0
    linked_sigma = sum(1 for c in about_omega if any(e == sigma for _, e, _ in c.links))
    assert mentioned[sigma] < linked_sigma        # the graph has relationship claims to tell apart


def test_report_claims_reads_each_reports_claims_with_their_entities(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    store.write_batch(report_batch(URL_B, TEXT_B, cites=URL_A))
    claim_a, claim_b = (store.edges([rid], ["MAKES"], "out")[0].target for rid in (A, B))
    found = store.report_claims([B, A, A, "rep:missing"])
    assert set(found) == {A, B}
    assert [(c.id, entities) for c, entities in found[A]] == [(claim_a, {AQ, AF})]
    (claim, entities), = found[B]
    assert claim == store.get_nodes([claim_b])[claim_b] and entities == {AQ, AF}
    assert store.report_claims([]) == {}


def test_word_postings_list_each_words_claims_up_to_a_cap(store: GraphStore) -> None:
    from queries.candidates import WordPostings

    assert isinstance(store, WordPostings)
    store.write_batch(report_batch(URL_A, TEXT_A))
    store.write_batch(report_batch(URL_B, TEXT_B))
    claims = sorted(n.id for n in store.find_nodes("Claim"))
    found = store.word_postings(["regrouping", "afghanistan", "qaeda", "absent"], "Claim", 5)
    regrouping = [h.node.id for h in store.search("regrouping", ["Claim"])]
    assert found == {"regrouping": regrouping, "afghanistan": claims, "qaeda": claims, "absent": []}
    assert store.word_postings(["qaeda"], "Claim", 2) == {"qaeda": None}  # two claims and the group


def test_mention_and_pair_postings_list_claims_up_to_a_cap(store: GraphStore) -> None:
    """The capped look-ups corroboration finds candidates with give what claims-about
    gives, and nothing past the cap."""
    from queries.candidates import MentionPostings, PairPostings

    assert isinstance(store, MentionPostings) and isinstance(store, PairPostings)
    store.write_batch(report_batch(URL_A, TEXT_A))
    store.write_batch(report_batch(URL_B, TEXT_B))
    claims = sorted(n.id for n in store.find_nodes("Claim"))
    about = store.claim_page(ClaimQuery(entities=(AQ,), within=(AF,)))
    assert sorted(cid for cid, _ in about.claims) == claims
    assert store.mention_postings([AQ, "org:absent"], 5) == {AQ: claims, "org:absent": []}
    assert store.mention_postings([AQ], 1) == {AQ: None}
    pairs = [(AQ, AF), (AQ, SOUTH_ASIA), (AQ, "org:absent")]
    assert store.pair_postings(pairs, 5) == {(AQ, AF): claims, (AQ, SOUTH_ASIA): [], (AQ, "org:absent"): []}
    assert store.pair_postings([(AQ, AF)], 1) == {(AQ, AF): None}
    assert store.pair_postings([], 5) == {}


def test_ids_with_prefix_lists_the_ids_a_prefix_starts(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A))
    store.write_batch(report_batch(URL_B, TEXT_B))
    reports = sorted([A, B])
    assert store.ids_with_prefix("rep:") == reports
    assert store.ids_with_prefix(A[:8]) == [r for r in reports if r.startswith(A[:8])]
    assert store.ids_with_prefix("rep:", limit=1) == reports[:1]
    assert store.ids_with_prefix(AQ) == [AQ]
    assert store.ids_with_prefix("zzz:") == [] == store.ids_with_prefix("")


def test_claim_page_follows_reingest_and_delete(store: GraphStore) -> None:
    store.write_batch(report_batch(URL_A, TEXT_A, published="2025-02-01"))
    store.write_batch(report_batch(URL_B, TEXT_B, published="2025-05-01"))
    store.write_batch(report_batch(URL_A, "Al Qaeda left Afghanistan quietly. Then more.",
                                   published="2025-07-01"))
    page = store.claim_page(ClaimQuery(entities=(AQ,)))
    claim_a = store.edges([A], ["MAKES"], "out")[0].target
    assert page.total == 2 and page.claims[0] == (claim_a, [AQ])
    store.delete_report(B)
    assert store.claim_page(ClaimQuery(entities=(AQ,))).claims == [(claim_a, [AQ])]


def test_claim_links_list_each_claims_links_to_entities_of_some_labels(store: GraphStore) -> None:
    from tests.analysis.graphs import eid, rid, sourcing, write

    write(store, sourcing())
    omega, sigma, tau, upsilon, kunar = (eid(n) for n in ("Omega", "Sigma", "Tau", "Upsilon", "Kunar"))
    named = (("MENTIONS", omega, ""), ("MENTIONS", sigma, ""))
    shelters = (("OBJECT", sigma, ""), ("SUBJECT", omega, "shelters"))
    seen = (("MENTIONS", tau, ""), ("MENTIONS", upsilon, ""))

    def read(labels: list[str], since: str | None = None,
             until: str | None = None) -> list[tuple[object, ...]]:
        found = store.claim_links(labels, since, until)
        assert [c.claim for c in found] == sorted({c.claim for c in found})  # each once, by id
        return sorted((c.report_id, c.published, c.hedged, c.sourced, tuple(sorted(c.links))) for c in found)

    wire, copy, courier, monitor = (rid(s) for s in ("wire", "copy", "courier", "monitor"))
    assert read(["Organisation"]) == sorted([
        (wire, "2024-01-10", False, False, named), (wire, "2024-01-10", False, False, shelters),
        (copy, "2024-01-11", False, False, named), (copy, "2024-01-11", False, False, shelters),
        (courier, "2024-02-01", False, True, shelters), (monitor, "2025-03-01", True, False, shelters),
        (rid("left"), "2024-05-01", False, True, seen), (rid("right"), "2024-05-02", False, True, seen)])
    assert read(["Region"]) == sorted((r, d, False, False, (("MENTIONS", kunar, ""),))
                                      for r, d in ((wire, "2024-01-10"), (copy, "2024-01-11")))
    with_regions = read(["Organisation", "Region"])
    with_kunar = tuple(sorted([*named, ("MENTIONS", kunar, "")]))
    assert (wire, "2024-01-10", False, False, with_kunar) in with_regions
    assert len(with_regions) == 8
    assert [r[0] for r in read(["Organisation"], since="2024-02-01", until="2025-01-01")] == sorted(
        [courier, rid("left"), rid("right")])
    assert [r[0] for r in read(["Organisation"], until="2024-01-10")] == [wire, wire]
    store.delete_report(monitor)
    assert [r[0] for r in read(["Organisation"], since="2025-01-01")] == []
    assert store.claim_links([]) == []
    with pytest.raises(SchemaError):
        store.claim_links(["Nonsense"])
