"""Our export against third-party PROV material in ../shared/validators.

* neuroshapes' PROV-O SHACL shapes (JSON-LD): their context and ``owl:imports`` point
  at incf.github.io and provshapes.org; both are mapped to the local files, never fetched.
* the ``prov`` package (and its test material): our Turtle loads as a PROV document
  with the entities, activities and agents we expect; its malformed inputs are
  refused by our importer with the file named.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from rdflib import OWL, RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from graph.rdf.importer import RdfImportError, import_file
from graph.rdf.jsonld import parse_jsonld
from graph.rdf.mapping import load_mapping
from graph.rdf.validation import validate_graph
from graph.stores.embedded import EmbeddedStore
from tests.conftest import SHARED
from tests.rdf.common import exported_graph, exported_text

VALIDATORS = SHARED / "validators"
NEUROSHAPES = VALIDATORS / "prov-shacl"
PROV_TESTS = VALIDATORS / "prov-tests"
NEUROSHAPES_CONTEXT = "https://incf.github.io/neuroshapes/contexts/schema.json"
PROVSHAPES = "https://provshapes.org/"
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA_ORG = Namespace("http://schema.org/")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"../shared/validators is not present ({path.name} missing)")
    return path


def provshapes_file(iri: str) -> Path:
    """https://provshapes.org/commons/X -> shapes/prov/commons/X/schema.json (dash -> datashapes)."""
    group, name = iri.removeprefix(PROVSHAPES).split("/")[:2]
    folder = {"commons": "commons", "dash": "datashapes"}[group]
    return NEUROSHAPES / "shapes" / "prov" / folder / name / "schema.json"


def load_neuroshapes() -> Graph:
    """Every datashape and, following owl:imports through the local map, what it imports."""
    known = {NEUROSHAPES_CONTEXT: _json(need(NEUROSHAPES / "contexts" / "schema.json"))}
    shapes = Graph()
    pending = [f"{PROVSHAPES}dash/{p.parent.name}" for p in
               sorted((NEUROSHAPES / "shapes" / "prov" / "datashapes").glob("*/schema.json"))]
    pending += [f"{PROVSHAPES}commons/activity", f"{PROVSHAPES}commons/entity"]
    loaded: set[str] = set()
    while pending:
        iri = pending.pop()
        if iri in loaded:
            continue
        loaded.add(iri)
        part = parse_jsonld(_json(provshapes_file(iri)), known)
        shapes += part
        pending += [str(o) for o in part.objects(URIRef(iri), OWL.imports)]
    # commons shapes carry no targets (neuroshapes binds them per use); bind them here
    shapes.add((URIRef(f"{PROVSHAPES}commons/activity/shapes/ActivityShape"), SH.targetClass, PROV.Activity))
    shapes.add((URIRef(f"{PROVSHAPES}commons/entity/shapes/EntityShape"), SH.targetClass, PROV.Entity))
    return shapes


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def neuroshapes() -> Graph:
    need(NEUROSHAPES)
    return load_neuroshapes()


def test_neuroshapes_load_offline_with_their_imports(neuroshapes: Graph) -> None:
    targets = {str(o) for o in neuroshapes.objects(None, SH.targetClass)}
    assert {str(PROV.Derivation), str(PROV.Agent), str(PROV.Activity), str(PROV.Usage)} <= targets
    derivation = URIRef(f"{PROVSHAPES}commons/derivation/shapes/DerivationShape")
    assert (derivation, RDF.type, SH.NodeShape) in neuroshapes, "imports were followed"


def test_our_export_conforms_to_the_prov_o_shapes(example_store: EmbeddedStore, neuroshapes: Graph) -> None:
    data = exported_graph(example_store, "ttl")
    assert list(data.subjects(RDF.type, PROV.Derivation)), "the shapes have derivations to check"
    result = validate_graph(data, neuroshapes)
    assert result.conforms, result.report[:4000]


def test_the_prov_o_shapes_do_catch_a_broken_activity(tiny_store: EmbeddedStore, neuroshapes: Graph) -> None:
    data = exported_graph(tiny_store, "ttl")
    activity = next(data.subjects(RDF.type, PROV.Activity))
    data.set((activity, PROV.startedAtTime, Literal("yesterday")))
    result = validate_graph(data, neuroshapes)
    assert not result.conforms and "startedAtTime" in result.report


def test_the_prov_o_shapes_reject_a_prov_test_case_that_breaks_them(neuroshapes: Graph) -> None:
    # derivation3.ttl qualifies a derivation whose entity is never typed prov:Entity
    data = Graph().parse(need(PROV_TESTS / "rdf" / "derivation3.ttl"), format="turtle")
    result = validate_graph(data, neuroshapes)
    assert not result.conforms and "prov:entity" in result.report


def prov_document(text: str, rdf_format: str) -> Any:
    prov = pytest.importorskip("prov")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # prov warns about every non-PROV attribute it keeps aside
        return prov.read(text, format="rdf", rdf_format=rdf_format)


def records(document: Any, kind: str) -> set[str]:
    from prov import model

    cls = {"entity": model.ProvEntity, "activity": model.ProvActivity, "agent": model.ProvAgent}[kind]
    return {record.identifier.uri for record in document.get_records(cls)}


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_our_export_loads_in_the_prov_package(example_store: EmbeddedStore, fmt: str) -> None:
    document = prov_document(exported_text(example_store, fmt), {"ttl": "turtle", "nt": "nt"}[fmt])
    mapping = load_mapping()
    reports = {mapping.node_iri(n.id) for n in example_store.find_nodes("Report", limit=1000)}
    claims = {mapping.node_iri(n.id) for n in example_store.find_nodes("Claim", limit=10000)}
    ingestions = {mapping.node_iri(n.id) for n in example_store.find_nodes("Ingestion", limit=1000)}
    assert reports | claims <= records(document, "entity")
    assert records(document, "activity") == ingestions
    agents = records(document, "agent")
    assert any(a.startswith(f"{mapping.base}{mapping.agent_segment}/") for a in agents)
    derivations = [r for r in document.get_records() if r.get_type().localpart == "Derivation"]
    assert len(derivations) >= len(claims), "each claim derives from its report"


def test_prov_test_files_parse_and_are_not_taken_for_ours(tmp_path: Path) -> None:
    folder = need(PROV_TESTS / "rdf")
    for path in sorted(folder.glob("*.ttl"))[:25]:
        assert prov_document(path.read_text(encoding="utf-8"), "turtle") is not None
        with pytest.raises(RdfImportError, match=re.escape(path.name)):
            import_file(EmbeddedStore(tmp_path / path.stem), path)


@pytest.mark.parametrize("name", ["not_turtle.ttl", "foreign_vocabulary.ttl", "empty.rdf",
                                  "not_json.json", "top_level_scalar.json"])
def test_malformed_prov_inputs_are_refused_with_the_file_named(name: str, tmp_path: Path) -> None:
    path = need(PROV_TESTS / "malformed" / name)
    with pytest.raises(RdfImportError, match=re.escape(name)):
        import_file(EmbeddedStore(tmp_path / "s"), path)
