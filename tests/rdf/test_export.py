"""RDF export: the exact triples of a tiny graph, formats that agree, SHACL, subgraphs, escaping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from graph.exporters.export import Selection
from graph.exporters.selection import Chunk, iter_chunks
from graph.model import Edge, Node, report_id
from graph.provenance import ReportBuilder, ingestion_node, sha256_hex
from graph.rdf.export import iter_triples, ntriples, store_texts
from graph.rdf.mapping import load_mapping
from graph.rdf.triples import TripleMaker
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from tests.rdf.common import ISIS, TINY_URL, assert_conforms, exported_graph, exported_text

SCHEMA_ORG = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def iri(node_id: str) -> URIRef:
    return URIRef(load_mapping().node_iri(node_id))


def test_tiny_graph_has_exactly_the_triples_counted_by_hand(tiny_store: EmbeddedStore) -> None:
    # Report (kind news): 2 types + headline + name + url + text + sha256 + stub + kind
    #   + wasGeneratedBy + claimCount                                          = 11
    # Claim: 2 types + wasDerivedFrom + text + hedged + sourced + method + confidence
    #   + wasGeneratedBy (7 properties)                                       =  9
    #   span: appearance + SpecificResource type + hasSource
    #   + hasSelector, position type, start, end
    #   + hasSelector, quote type, exact, suffix (no prefix: it starts at 0)    = 11
    # Organisation: 2 types + name + owl:sameAs wikidata + resolved            =  5
    # Ingestion: type + startedAtTime + wasAssociatedWith + used               =  4
    #   agent: 2 types + name + softwareVersion; input: type + sha256 + name    =  7
    # MAKES: one direct triple (no properties, id derived from its ends)        =  1
    # MENTIONS: direct triple                                                   =  1
    #   statement: type + subject + predicate + object                          =  4
    #   properties: surface + method + confidence + wasGeneratedBy              =  4
    #   annotation: type + motivatedBy + hasBody                                =  3
    #   span: hasTarget + 10 as for the claim (suffix, no prefix)               = 11
    # total: 11 + 9 + 11 + 5 + 4 + 7 + 1 + 1 + 4 + 4 + 3 + 11                  = 71
    lines = exported_text(tiny_store, "nt").splitlines()
    assert len(lines) == 71
    assert len(set(lines)) == 71
    graph = exported_graph(tiny_store, "ttl")
    assert len(graph) == 71
    assert_conforms(graph)


def test_tiny_graph_states_the_standard_vocabulary(tiny_store: EmbeddedStore) -> None:
    graph = exported_graph(tiny_store, "ttl")
    report = iri(report_id(url=TINY_URL))
    assert (report, URIRef(f"{PROV}wasGeneratedBy"), None) in graph
    assert (report, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(f"{SCHEMA_ORG}NewsArticle")) in graph
    assert (iri(ISIS), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://www.wikidata.org/entity/Q2429253")) in graph
    exact = {str(o) for o in graph.objects(None, URIRef(f"{OA}exact"))}
    assert exact == {"ISIS attacked Kabul.", "ISIS"}
    suffixes = {str(o) for o in graph.objects(None, URIRef(f"{OA}suffix"))}
    assert " Officials said so." in suffixes
    assert all(len(s) <= 32 for s in suffixes)


def test_ntriples_turtle_and_jsonld_state_the_same_graph(example_store: EmbeddedStore) -> None:
    turtle = exported_graph(example_store, "ttl")
    assert isomorphic(turtle, exported_graph(example_store, "nt"))
    assert isomorphic(turtle, exported_graph(example_store, "jsonld"))
    assert_conforms(turtle)


def test_jsonld_carries_its_context_inline(example_store: EmbeddedStore) -> None:
    text = exported_text(example_store, "jsonld")
    assert '"@context": {' in text
    assert "context.jsonld" not in text


def test_ntriples_streams_while_the_store_is_still_being_read(example_store: EmbeddedStore) -> None:
    read: list[int] = []

    def counted() -> Iterator[Chunk]:
        for chunk in iter_chunks(example_store, page_size=2):
            read.append(len(chunk.nodes))
            yield chunk

    maker = TripleMaker(load_mapping(), store_texts(example_store))
    pieces = ntriples(iter_triples(counted(), maker), batch_lines=50)
    first = next(pieces)
    chunks_before_first_piece = len(read)
    rest = list(pieces)
    assert chunks_before_first_piece < len(read), "the first piece waited for the whole graph"
    assert first.count("\n") == 50 and all(p.count("\n") <= 50 for p in rest)
    lines = (first + "".join(rest)).splitlines()
    assert len(lines) == len(set(lines)), "a triple was written twice"
    assert sorted(lines) == sorted(exported_text(example_store, "nt").splitlines())


def test_seed_report_exports_valid_rdf(seed_store: EmbeddedStore) -> None:
    graph = exported_graph(seed_store, "ttl")
    assert_conforms(graph)
    assert isomorphic(graph, exported_graph(seed_store, "jsonld"))


def test_evidence_keeps_every_provenance_field(example_store: EmbeddedStore) -> None:
    graph = exported_graph(example_store, "ttl")
    edges = [e for e in _all_edges(example_store) if e.props.get("report_id")]
    assert edges
    for edge in edges:
        node = iri(edge.id)
        assert (node, URIRef(f"{OA}hasTarget"), None) in graph
        method = graph.value(node, URIRef("https://w3id.org/conflictkg/vocab#method"))
        assert str(method) == edge.props["method"]
        target = graph.value(node, URIRef(f"{OA}hasTarget"))
        selectors = list(graph.objects(target, URIRef(f"{OA}hasSelector")))
        starts = [graph.value(s, URIRef(f"{OA}start")) for s in selectors]
        assert int(str(next(s for s in starts if s is not None))) == edge.props["start"]


def test_republication_is_a_qualified_prov_derivation(example_store: EmbeddedStore) -> None:
    republished = [e for e in _all_edges(example_store) if e.type == "REPUBLISHES"]
    assert republished, "the example corpus has a republished story"
    graph = exported_graph(example_store, "ttl")
    for edge in republished:
        source, target, node = iri(edge.source), iri(edge.target), iri(edge.id)
        assert (source, URIRef(f"{PROV}wasDerivedFrom"), target) in graph
        assert (source, URIRef(f"{SCHEMA_ORG}isBasedOn"), target) in graph
        assert (source, URIRef(f"{PROV}qualifiedDerivation"), node) in graph
        assert (node, URIRef(f"{PROV}entity"), target) in graph


def test_claims_cite_their_sources_as_evidence(example_store: EmbeddedStore) -> None:
    cites = [e for e in _all_edges(example_store) if e.type == "CITES" and e.source.startswith("clm:")]
    assert cites
    graph = exported_graph(example_store, "ttl")
    for edge in cites:
        assert (iri(edge.source), URIRef("http://purl.org/spar/cito/citesAsEvidence"),
                iri(edge.target)) in graph
    attributed = [e for e in cites if e.props["kind"] == "attribution"]
    assert attributed, "the example corpus attributes a claim to a report"
    for edge in attributed:
        assert (iri(edge.source), URIRef(f"{PROV}hadPrimarySource"), iri(edge.target)) in graph
        assert (iri(edge.id), RDF_TYPE, URIRef(f"{PROV}PrimarySource")) in graph
    only_linked = {(e.source, e.target) for e in cites} - {(e.source, e.target) for e in attributed}
    for source, target in only_linked:  # a hyperlink says where to look, not where it came from
        assert (iri(source), URIRef(f"{PROV}hadPrimarySource"), iri(target)) not in graph


def test_a_quotation_is_a_qualified_prov_quotation(tmp_path: Path) -> None:
    text = "The ministry wrote that the border is closed. Nothing else."
    url, quoted = "https://example.org/q", "https://example.org/ministry"
    report = Node("Report", report_id(url=url), {"url": url, "text": text, "sha256": sha256_hex(text),
                                                 "stub": False})
    builder = ReportBuilder(report, ingestion_node("tests", sha256_hex(text), "q.txt"))
    claim = builder.claim(0, 46, method="sentence", confidence=0.9, hedged=False, sourced=True)
    builder.node(Node("Report", report_id(url=quoted), {"url": quoted, "stub": True}))
    edge = builder.evidence("CITES", claim, report_id(url=quoted), 4, 16, method="pattern",
                            confidence=0.8, kind="quotation")
    store = EmbeddedStore(tmp_path / "q")
    store.write_batch(builder.build())
    graph = exported_graph(store, "ttl")
    assert (iri(claim), URIRef(f"{PROV}wasQuotedFrom"), iri(report_id(url=quoted))) in graph
    assert (iri(claim), URIRef(f"{PROV}qualifiedQuotation"), iri(edge)) in graph
    assert (iri(edge), RDF_TYPE, URIRef(f"{PROV}Quotation")) in graph
    assert_conforms(graph)


def test_claim_chain_subgraph_is_closed_and_valid(example_store: EmbeddedStore) -> None:
    cites = [e for e in _all_edges(example_store) if e.type == "CITES" and e.source.startswith("clm:")]
    claim = cites[0].source
    graph = exported_graph(example_store, "ttl", Selection("claim", claim))
    assert_conforms(graph)
    subjects = set(graph.subjects())
    assert iri(claim) in subjects and iri(cites[0].target) in subjects
    claims = set(graph.subjects(None, URIRef(f"{SCHEMA_ORG}Claim")))
    for each in claims:  # every claim comes with its report
        assert graph.value(each, URIRef(f"{PROV}wasDerivedFrom")) in subjects


def test_report_and_entity_subgraphs(example_store: EmbeddedStore) -> None:
    report = next(n for n in example_store.find_nodes("Report", {"stub": False}))
    claims = {e.target for e in example_store.edges([report.id], ["MAKES"])}
    graph = exported_graph(example_store, "nt", Selection("report", report.id))
    assert_conforms(graph)
    exported_claims = set(graph.subjects(None, URIRef(f"{SCHEMA_ORG}Claim")))
    assert exported_claims == {iri(c) for c in claims}
    entity = next(iter(example_store.find_nodes("Organisation")))
    graph = exported_graph(example_store, "jsonld", Selection("entity", entity.id))
    assert_conforms(graph)
    mentioning = {e.source for e in example_store.edges([entity.id], direction="in")}
    assert {iri(c) for c in mentioning} <= set(graph.subjects())


def test_hostile_text_survives_every_format(tmp_path: Path) -> None:
    text = ('He said "stop\\" at\ttab.\nNew line\r\x00\x07 and \u202eRTL\u202c, emoji 🕊, '
            "and a <script>alert(1)</script> ending.")
    store = EmbeddedStore(tmp_path / "hostile")
    url = "https://example.org/hostile?q=1&x=<y>"
    report = Node("Report", report_id(url=url), {"title": 'A "quoted" title\n', "url": url,
                                                 "text": text, "sha256": sha256_hex(text), "stub": False})
    builder = ReportBuilder(report, ingestion_node("tests", sha256_hex(text), "hostile.txt"))
    builder.claim(0, len(text), method="sentence", confidence=1.0, hedged=False, sourced=False)
    store.write_batch(builder.build())
    for fmt in ("nt", "ttl", "jsonld"):
        graph = exported_graph(store, fmt)
        texts = {str(o) for o in graph.objects(None, URIRef(f"{SCHEMA_ORG}text"))}
        assert text in texts, fmt
        assert (None, URIRef(f"{SCHEMA_ORG}url"), Literal(url, datatype=URIRef(
            "http://www.w3.org/2001/XMLSchema#anyURI"))) in graph
    assert_conforms(exported_graph(store, "nt"))


def test_exports_are_reproducible(example_store: EmbeddedStore) -> None:
    assert exported_text(example_store, "ttl") == exported_text(example_store, "ttl")
    assert exported_text(example_store, "nt") == exported_text(example_store, "nt")


def _all_edges(store: GraphStore) -> list[Edge]:
    return [e for chunk in iter_chunks(store) for e in chunk.edges]
