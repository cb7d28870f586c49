"""The OpenAPI document, made true to what the server does.

FastAPI documents a route's success and its validation errors; the rest of what a
route can answer comes from elsewhere: the request guard (401, 403 and 413 on writes,
before any route runs), the error handlers (404 for an unknown id, 422 for a bad file,
503 for a store that is down) and the multipart parser (400). Those are added here, for
every operation, with the one error body they share. Reads are shown as open unless
the settings close them, so the document does not claim a key is needed where none is.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from api.routers import models
from api.routers.errors import DESCRIPTIONS, ErrorBody
from api.settings import Settings

ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def install_openapi(app: FastAPI, settings: Settings) -> None:
    """Replace the app's OpenAPI generator by one that documents every answer."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        for item in schema.get("paths", {}).values():
            for method, operation in item.items():
                document_operation(operation, method, settings)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorBody"] = \
            ErrorBody.model_json_schema()
        restore_examples(schema["components"]["schemas"])
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise


def document_operation(operation: dict[str, Any], method: str, settings: Settings) -> None:
    """Add the status codes this operation can answer, and its true security."""
    responses = operation.setdefault("responses", {})
    for code in sorted(error_codes(operation, method, settings)):
        responses[str(code)] = {"description": DESCRIPTIONS[code],
                                "content": {"application/json": {"schema": ERROR_REF}}}
    if method == "get" and not settings.read_key_required:
        operation.pop("security", None)


def error_codes(operation: dict[str, Any], method: str, settings: Settings) -> set[int]:
    """Which errors an operation can give, from what it takes and how it is guarded."""
    codes = {422, 503}
    if operation.get("parameters") or operation.get("requestBody"):
        codes.add(404)
    if method != "get":
        codes |= {401, 403, 413}
    elif settings.read_key_required:
        codes.add(401)
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content or "application/json" in content:
        codes.add(400)   # a form or a JSON body the framework cannot parse (nested past its depth)
    return codes


def restore_examples(components: dict[str, Any]) -> None:
    """Put back the response models' own examples. FastAPI drops every null from the
    document it builds, examples included, so an example with a null value (a claim on no
    page, a report that is no copy) lost its key and no longer fit its own schema."""
    for name, component in components.items():
        model = getattr(models, name, None)
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or "examples" not in component:
            continue
        extra = model.model_config.get("json_schema_extra")
        if isinstance(extra, dict) and isinstance(extra.get("examples"), list):
            component["examples"] = extra["examples"]
