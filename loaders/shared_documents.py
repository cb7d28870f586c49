"""Described documents shared across reports: one stub for one document, however worded.

Within a report, the extraction already keeps one document per set of compatible
descriptions (loaders/extract/described.py). Across reports, ids are deterministic from
the key, but two outlets may bucket one document differently (one dated it "this week",
the other gives no date). Before a report is written, each of its described documents
joins a compatible described stub already in the store, so every report that
describes the UN panel's report cites the same node. The stored stub keeps its id; what
the new description adds to the key (a part, a symbol, a narrower window) is merged in.
"""

from __future__ import annotations

from dataclasses import replace

from graph.stores.base import GraphStore
from loaders.extract.described import SYMBOL, DescribedDocument, document_kind, issuer_in
from loaders.extraction import Extraction

CANDIDATES = 500
OPENING_CHARS = 3000   # where a document prints its own symbol


def join_described_documents(store: GraphStore, extraction: Extraction) -> None:
    """Point this report's described documents at compatible stubs already stored."""
    for doc_id, described in list(extraction.described.items()):
        stored = _stored_match(store, described, doc_id)
        if stored is None:
            continue
        merged = replace(stored.merged(described), doc_id=stored.id)
        del extraction.described[doc_id]
        extraction.described[stored.id] = merged
        _retarget(extraction, doc_id, stored.id)


def link_to_descriptions(store: GraphStore, extraction: Extraction) -> None:
    """When the described document itself is ingested, the stubs that described it
    continue into it: each compatible stub gets REPUBLISHES to this report, so a chain
    reaching the stub goes on through the real report (and they count as one origin)."""
    key = _own_key(extraction)
    if key is None:
        return
    nodes = store.find_nodes("Report", {"described": True, "issuer_root": key.root,
                                        "doc_kind": key.kind}, limit=CANDIDATES)
    for node in nodes:
        stub = DescribedDocument.from_props({**node.props, "id": node.id})
        if stub is not None and stub.compatible(key) and node.id not in extraction.described_as:
            extraction.described_as.append(node.id)


def _own_key(extraction: Extraction) -> DescribedDocument | None:
    """The key a report would have if another report described it: its issuer (from the
    publisher or title), its kind (from the title), its date and any symbol it prints."""
    info = extraction.report
    family = issuer_in(info.publisher or "") or issuer_in(info.title or "")
    if family is None:
        return None
    kind = document_kind(info.title or "") or "report"
    symbol = SYMBOL.search(info.text[:OPENING_CHARS])
    day = (info.published or "")[:10] or None
    return DescribedDocument(family[0], family[1], kind, day, day, symbol.group(0) if symbol else None)


def _stored_match(store: GraphStore, described: DescribedDocument, doc_id: str) -> DescribedDocument | None:
    """The stored described stub most likely to be this document, if any is compatible."""
    nodes = store.find_nodes("Report", {"described": True, "issuer_root": described.root,
                                        "doc_kind": described.kind}, limit=CANDIDATES)
    keys = [DescribedDocument.from_props({**n.props, "id": n.id}) for n in nodes if n.id != doc_id]
    compatible = [k for k in keys if k is not None and k.compatible(described)]
    if any(n.id == doc_id for n in nodes) or not compatible:
        return None
    return max(compatible, key=lambda k: (k.part == described.part, k.symbol == described.symbol,
                                          bool(k.window_end), k.id))


def _retarget(extraction: Extraction, old: str, new: str) -> None:
    for claim in extraction.claims:
        claim.citations = [replace(c, target_id=new if c.target_id == old else c.target_id,
                                   via=new if c.via == old else c.via) for c in claim.citations]
