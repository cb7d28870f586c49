"""The error responses routes document: one body shape, ``{"detail": ...}``, for all.

The detail is a sentence for errors we raise, and FastAPI's list of field errors for
parameters that fail validation; the OpenAPI document says so, so that a client (or a
contract test) reading it is not surprised by what the server sends.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """Why a request failed."""

    detail: str | list[dict[str, Any]]


DESCRIPTIONS = {
    400: "The request is malformed.",
    401: "A valid X-API-Key header is required.",
    403: "Refused: writes are disabled, or the query is not a pure read.",
    404: "No such id.",
    413: "The request body is over the size limit.",
    422: "A parameter or the body is not valid (the detail says which and why).",
    501: "The store does not support this.",
    503: "The store is unreachable, or it stopped the query.",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these status codes, each with the error body."""
    return {code: {"model": ErrorBody, "description": DESCRIPTIONS[code]} for code in codes}
