"""Nodes: any node by id, short id or unique prefix, as ``conflictkg show`` prints it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ReadAccess, StoreDep
from api.routers.models import NodeDescription
from queries.explore import describe

router = APIRouter(prefix="/nodes", tags=["nodes"], dependencies=[ReadAccess])


@router.get("/{node_id}", response_model=NodeDescription)
def get_node(store: StoreDep, node_id: str) -> dict[str, Any]:
    """What a node is, its evidence when a claim, whose copy when a report, and its links;
    ``node_id`` may be a full id, an id without its prefix or a unique beginning."""
    return describe(store, node_id).to_dict()
