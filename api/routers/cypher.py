"""Read-only Cypher for researchers (Neo4j store only, API key required).

Each query is planned with EXPLAIN and refused unless it is a pure read of our graph
(no LOAD CSV, no administration commands, procedures only from a short list); then it
runs in a read transaction with a server-side timeout, a row limit and a size limit.
See ``graph/stores/read_query.py`` for the rules and what Neo4j Community cannot do.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from api.deps import SettingsDep, StoreDep, WriteAccess
from api.routers.errors import error_responses
from graph.stores.read_query import QueryInvalid, QueryRefused, QueryStopped, ReadResult


@runtime_checkable
class ReadCypher(Protocol):
    """A store that can run a researcher's read-only Cypher."""

    def run_read_query(self, query: str, params: dict[str, Any], timeout_s: float, row_limit: int,
                       auth: tuple[str, str] | None = None) -> ReadResult:
        """Rows (JSON-ready) and whether a limit cut them."""


class CypherRequest(BaseModel):
    """A query and its parameters (values always go in ``params``)."""

    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherAnswer(BaseModel):
    """The rows, and whether the row or size limit cut them."""

    rows: list[dict[str, Any]]
    truncated: bool
    row_limit: int


router = APIRouter(tags=["cypher"], dependencies=[WriteAccess])


@router.post("/cypher", responses=error_responses(401, 403, 413, 422, 501, 503))
def run_cypher(store: StoreDep, settings: SettingsDep, request: CypherRequest) -> CypherAnswer:
    """Run read-only Cypher: 403 when the query is not a pure read, 422 when Neo4j cannot
    parse it, 503 when the server stopped it (time or memory); 501 on the embedded store."""
    if not isinstance(store, ReadCypher):
        raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, "Cypher needs the Neo4j store")
    try:
        result = store.run_read_query(request.query, request.params, settings.cypher_timeout_s,
                                      settings.cypher_row_limit, settings.cypher_auth)
    except QueryRefused as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"query refused: {exc}") from None
    except QueryInvalid as exc:
        raise HTTPException(422, f"query not valid: {exc}") from None
    except QueryStopped as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, f"query stopped: {exc}") from None
    return CypherAnswer(rows=result.rows, truncated=result.truncated, row_limit=settings.cypher_row_limit)
