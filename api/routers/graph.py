"""The graph as a whole: counts and neighbourhood subgraphs (for drawing)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReadAccess, StoreDep
from api.routers.models import Neighbourhood
from api.routers.params import Depth, Since, Until, check_names, claim_filter
from graph.schema import SCHEMA
from queries.explore import neighbourhood
from queries.ids import resolve_id

router = APIRouter(prefix="/graph", tags=["graph"], dependencies=[ReadAccess])


@router.get("/stats", response_model=dict[str, int], responses={200: {"content": {"application/json": {
    "example": {"Report": 46, "Claim": 1210, "Organisation": 180, "MENTIONS": 2400}}}}})
def stats(store: StoreDep) -> dict[str, int]:
    """Nodes per label and relationships per type."""
    return store.stats()


@router.get("/neighbourhood/{node_id}", response_model=Neighbourhood)
def get_neighbourhood(store: StoreDep, node_id: str, depth: Depth = 2,
                      types: Annotated[list[str] | None, Query(description="Relationship types.")] = None,
                      since: Since = None, until: Until = None, hedged: bool | None = None,
                      sourced: bool | None = None,
                      max_nodes: Annotated[int, Query(ge=1, le=2000)] = 300) -> dict[str, Any]:
    """Nodes and edges around a node, claims filtered by date, hedging and sourcing."""
    node_id = resolve_id(store, node_id)
    sub = neighbourhood(store, node_id, depth, check_names(types, SCHEMA.relationships, "types"),
                        claim_filter(since, until, None, hedged, sourced), max_nodes)
    return sub.to_dict()
