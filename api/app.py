"""The FastAPI application: routers, error handlers and offline API documentation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
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
from graph.stores import NEO4J_SCHEMES, GraphStore, StoreError, open_store, store_url
from loaders.errors import LoadError
from queries.chain import NotFoundError

ROUTERS = (reports.router, claims.router, entities.router, search.router, graph.router,
           export.router, views.router, network.router, events.router, nodes.router)


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=code, content={"detail": message})


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _error(status.HTTP_404_NOT_FOUND, str(exc))

    @app.exception_handler(LoadError)
    async def bad_report(_: Request, exc: LoadError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(StoreError)
    async def store_down(_: Request, exc: StoreError) -> JSONResponse:
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc))


def _serves_cypher(settings: Settings, store: GraphStore | None) -> bool:
    """Only a store that runs read-only Cypher gets the route (and its documentation)."""
    if store is not None:
        return isinstance(store, cypher.ReadCypher)
    return store_url(settings.store_url).startswith(NEO4J_SCHEMES)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app over a store (opened from the settings' URL when not given)."""
    config = settings or Settings.from_env()

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

    return app
