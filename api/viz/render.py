"""Render a stored subgraph as a self-contained page (kept for ``conflictkg demo``).

The pictures themselves live in :mod:`api.viz.views` and the pages in
:mod:`api.viz.page`; this is the one-call form for "draw what the store returned".
"""

from __future__ import annotations

from api.viz.page import safe_json, view_page
from api.viz.views import subgraph_view
from graph.model import Subgraph
from graph.stores.base import GraphStore

__all__ = ["render_page", "safe_json"]


def render_page(sub: Subgraph, title: str, note: str = "", store: GraphStore | None = None) -> str:
    """A standalone page for a subgraph; with a store, evidence shows its context."""
    view = subgraph_view(store, sub, kind="subgraph", title=title, focus=None,
                         notes=[note] if note else [])
    return view_page(view, standalone=True)
