"""Typed dependencies shared by the routers: the store, the settings, the key checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader

from api.extraction_pool import ExtractionPool
from api.guard import key_matches
from api.settings import Settings
from graph.stores.base import GraphStore

API_KEY_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False)


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> GraphStore:
    """The store the app was created with."""
    store: GraphStore = request.app.state.store
    return store


def get_extraction(request: Request) -> ExtractionPool:
    """The app's extraction processes (uploads are extracted there, not in the server)."""
    pool: ExtractionPool = request.app.state.extraction
    return pool


SettingsDep = Annotated[Settings, Depends(get_settings)]
ExtractionDep = Annotated[ExtractionPool, Depends(get_extraction)]
StoreDep = Annotated[GraphStore, Depends(get_store)]


def _key_matches(settings: Settings, key: str | None) -> bool:
    """Compare as bytes: Starlette decodes headers as Latin-1, so this gives back the bytes
    that were sent, and a non-ASCII key is a wrong key, not a server error."""
    return key_matches(settings.api_key, key.encode("latin-1") if key else None)


def require_write_key(settings: SettingsDep, key: Annotated[str | None, Security(API_KEY_HEADER)]) -> None:
    """Writes need the configured key; without one configured, writes are closed."""
    if not settings.api_key:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "writes are disabled: no API key is configured")
    if not _key_matches(settings, key):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid X-API-Key header is required")


def require_read_access(settings: SettingsDep, key: Annotated[str | None, Security(API_KEY_HEADER)]) -> None:
    """Reads are open unless CONFLICTKG_READ_KEY_REQUIRED closes them."""
    if settings.read_key_required and not _key_matches(settings, key):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid X-API-Key header is required")


WriteAccess = Depends(require_write_key)
ReadAccess = Depends(require_read_access)
