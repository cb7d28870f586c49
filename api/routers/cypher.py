"""Read-only Cypher for researchers (Neo4j store only, API key required).

Queries run in a read transaction with a timeout and a row limit; Neo4j itself refuses
any write inside a read transaction, so a query cannot change the graph.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from api.deps import SettingsDep, StoreDep, WriteAccess


@runtime_checkable
class ReadCypher(Protocol):
    """A store that can run a researcher's read-only Cypher."""

    def run_read_query(self, query: str, params: dict[str, Any], timeout_s: float,
                       row_limit: int) -> tuple[list[dict[str, Any]], bool]:
        """Rows (JSON-ready) and whether the row limit cut them."""


class CypherRequest(BaseModel):
    """A query and its parameters (values always go in ``params``)."""

    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


router = APIRouter(tags=["cypher"], dependencies=[WriteAccess])


@router.post("/cypher")
def run_cypher(store: StoreDep, settings: SettingsDep, request: CypherRequest) -> dict[str, Any]:
    """Run read-only Cypher; refused on the embedded store."""
    if not isinstance(store, ReadCypher):
        raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, "Cypher needs the Neo4j store")
    rows, truncated = store.run_read_query(request.query, request.params,
                                           settings.cypher_timeout_s, settings.cypher_row_limit)
    return {"rows": rows, "truncated": truncated, "row_limit": settings.cypher_row_limit}
