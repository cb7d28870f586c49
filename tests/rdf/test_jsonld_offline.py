"""JSON-LD never reaches for the network: contexts are local objects or refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import URIRef

from graph.rdf.jsonld import RemoteContextError, local_context, parse_jsonld, resolve_contexts
from graph.rdf.mapping import load_mapping

DOC: dict[str, Any] = {"@id": "rep:0c24", "schema:headline": "Local"}
HEADLINE = (URIRef("https://w3id.org/conflictkg/report/0c24"), URIRef("http://schema.org/headline"))


def test_a_context_passed_as_a_local_object_is_used() -> None:
    graph = parse_jsonld({"@context": local_context(), **DOC})
    assert str(graph.value(*HEADLINE)) == "Local"


def test_our_published_context_iri_resolves_to_the_shipped_file() -> None:
    graph = parse_jsonld(json.dumps({"@context": load_mapping().context_iri, **DOC}))
    assert str(graph.value(*HEADLINE)) == "Local"


def test_an_unknown_remote_context_is_refused_not_fetched() -> None:
    with pytest.raises(RemoteContextError, match="never fetched"):
        parse_jsonld({"@context": "https://example.org/remote-context.jsonld", **DOC})
    with pytest.raises(RemoteContextError):
        parse_jsonld({"@context": [{"@import": "https://example.org/other.jsonld"}], **DOC})
    nested = {"@context": local_context(), "@graph": [{"@context": "https://example.org/x", **DOC}]}
    with pytest.raises(RemoteContextError):
        parse_jsonld(nested)


def test_a_mapped_remote_context_is_replaced_everywhere_it_appears() -> None:
    remote = "https://example.org/ctx.jsonld"
    known = {remote: {"@context": {"title": "http://schema.org/headline", "rep": local_context()["rep"]}}}
    document = {"@context": [remote, {"extra": "http://example.org/extra"}],
                "@graph": [{"@context": remote, "@id": "rep:0c24", "title": "Mapped"}]}
    resolved = resolve_contexts(document, known)
    assert remote not in json.dumps(resolved)
    graph = parse_jsonld(document, known)
    assert str(graph.value(*HEADLINE)) == "Mapped"


def test_a_context_that_refers_to_itself_is_stopped() -> None:
    loop = "https://example.org/loop"
    with pytest.raises(RemoteContextError, match="too deeply"):
        parse_jsonld({"@context": loop, **DOC}, {loop: {"@context": loop}})
