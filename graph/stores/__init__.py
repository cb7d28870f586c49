"""Store adapters behind one interface, chosen by a store URL."""

from __future__ import annotations

from pathlib import Path

from graph.settings import current
from graph.stores.base import GraphStore, StoreError

DEFAULT_STORE = "conflictkg-data"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def store_url(explicit: str | None = None) -> str:
    """The store URL: the explicit one, else ``CONFLICTKG_STORE``, else ``./conflictkg-data``."""
    return explicit or current().store or DEFAULT_STORE


def open_store(url: str | None = None) -> GraphStore:
    """Open the store a URL names: ``bolt://``/``neo4j://`` for Neo4j, else a directory."""
    target = store_url(url)
    if target.startswith(NEO4J_SCHEMES):
        from graph.stores.neo4j_store import Neo4jStore

        return Neo4jStore.from_url(target)
    if "://" in target and not target.startswith("file://"):
        raise StoreError(f"unknown store URL scheme in {target!r}")
    from graph.stores.embedded import EmbeddedStore

    return EmbeddedStore(Path(target.removeprefix("file://")))


__all__ = ["GraphStore", "StoreError", "open_store", "store_url"]
