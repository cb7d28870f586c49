"""The FastAPI application: routers, error handlers and offline API documentation."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline

from api.extraction_pool import ExtractionPool
from api.guard import RequestGuard
from api.openapi import install_openapi
from api.routers import (
    claims,
    cypher,
    entities,
    events,
    export,
    graph,
    network,
    nodes,
    reports,
    search,
    views,
)
from api.settings import Settings
from graph.errors import ConflictKGError, error_body
from graph.stores import NEO4J_SCHEMES, GraphStore, open_store, store_url

ROUTERS = (reports.router, claims.router, entities.router, search.router, graph.router,
           export.router, views.router, network.router, events.router, nodes.router)


def _install_error_handlers(app: FastAPI) -> None:
    """Every error of ours is one body, with the status of its kind (``graph/errors.py``):
    an unknown id 404, bad input 422, a refusal 403, a store that is down 503."""
    @app.exception_handler(ConflictKGError)
    async def our_error(_: Request, exc: ConflictKGError) -> JSONResponse:
        code, body = error_body(exc)
        return JSONResponse(status_code=code, content=body)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> Response:
        """The framework's 422, in a body that always encodes: its errors echo the input,
        which may hold a lone surrogate ("\\udc00") that UTF-8 cannot write."""
        body = json.dumps({"detail": jsonable_encoder(exc.errors())}, ensure_ascii=True, default=str)
        return Response(body, status_code=422, media_type="application/json")


def _serves_cypher(settings: Settings, store: GraphStore | None) -> bool:
    """Only a store that runs read-only Cypher gets the route (and its documentation)."""
    if store is not None:
        return isinstance(store, cypher.ReadCypher)
    return store_url(settings.store_url).startswith(NEO4J_SCHEMES)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app over a store (opened from the settings' URL when not given)."""
    config = settings or Settings.of()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        app.state.store = store or open_store(config.store_url)
        app.state.extraction = ExtractionPool()
        try:
            yield
        finally:
            app.state.extraction.close()
            if own:
                app.state.store.close()

    app = FastAPIOffline(
        title="conflictkg",
        version="0.1.0",
        description="Provenance-aware questions over a knowledge graph of conflict reporting. "
                    "Every answer carries its evidence: report, publisher, date, quote and span.",
        lifespan=lifespan,
    )
    app.state.settings = config
    app.add_middleware(RequestGuard, settings=config)
    _install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    if _serves_cypher(config, store):
        app.include_router(cypher.router)
    install_openapi(app, config)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        """Liveness: the process answers (the store is checked by the other routes)."""
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """No icon, said plainly: browsers ask for one on every page, and a 404 there was an
        error in the console of every view."""
        return Response(status_code=204)

    return app
