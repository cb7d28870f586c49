"""Export: the graph or a subgraph as Turtle, JSON-LD, N-Triples, GraphML or CSV, streamed."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Annotated, Literal, get_args

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from api.deps import ReadAccess, StoreDep
from graph.exporters.export import (
    FILE_SUFFIXES,
    FORMATS,
    MEDIA_TYPES,
    Selection,
    SelectionError,
    export_graph,
)
from graph.exporters.selection import choose_selection
from queries.entities import resolved_selection

router = APIRouter(tags=["export"], dependencies=[ReadAccess])
Format = Literal["ttl", "jsonld", "nt", "graphml", "csv-nodes", "csv-edges"]
assert set(get_args(Format)) == set(FORMATS), "the route's formats follow the exporters'"


def _selection(claim: str | None, entity: str | None, report: str | None) -> Selection:
    try:
        return choose_selection(claim, entity, report)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/export", response_class=StreamingResponse, responses={200: {
    "description": "The export, streamed in the format asked for.",
    "content": {media: {} for media in sorted(set(MEDIA_TYPES.values()))}}})
def export(store: StoreDep, format: Format = "ttl",
           claim: Annotated[str | None, Query(description="A claim's source chain (id or prefix).")] = None,
           entity: Annotated[str | None, Query(description="An entity's neighbourhood (id or name).")] = None,
           report: Annotated[str | None, Query(description="One report (id or prefix).")] = None,
           ) -> StreamingResponse:
    """Stream the export; an unknown id answers 404 before anything is sent."""
    selection = resolved_selection(store, _selection(claim, entity, report))
    try:
        pieces = iter(export_graph(store, format, selection))
        first = next(pieces, "")
    except SelectionError as exc:
        raise HTTPException(404, str(exc)) from None
    body: Iterator[str] = itertools.chain([first], pieces)
    name = f"conflictkg{FILE_SUFFIXES[format]}"
    return StreamingResponse(body, media_type=MEDIA_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
