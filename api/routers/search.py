"""Full-text search over claims, reports and entities."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReadAccess, StoreDep
from api.routers.models import SearchPage
from api.routers.params import check_names
from graph.schema import SCHEMA
from queries.explore import SEARCH_COUNT_CAP, search_page

router = APIRouter(tags=["search"], dependencies=[ReadAccess])


@router.get("/search", response_model=SearchPage)
def search_graph(store: StoreDep,
                 q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
                 label: Annotated[list[str] | None, Query(description="Only these labels.")] = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 50,
                 offset: Annotated[int, Query(ge=0, le=SEARCH_COUNT_CAP, description="Results to skip.")] = 0,
                 ) -> dict[str, Any]:
    """Nodes containing every word of ``q``, ordered by id; claims come with their evidence."""
    labels = check_names(label, SCHEMA.nodes, "label")
    return search_page(store, q, labels, limit, offset)
