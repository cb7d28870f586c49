"""The door in front of the routes: the write key and the body size, checked before any
of a request's body is read.

FastAPI reads and parses a request's body before it runs the route's dependencies, so
a key check written as a dependency comes too late: an unauthenticated 400 MB POST is
read in full before its 401. This ASGI middleware refuses a write without a valid key
from the headers alone, refuses a body whose declared length is over the limit, and
stops a body without a declared length (chunked) as soon as it passes the limit.
"""

from __future__ import annotations

import contextlib
import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.routing import Match

from api.settings import Settings
from graph.errors import InputError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
KEY_HEADER = b"x-api-key"
# multipart boundaries, part headers and the file name around an upload of the full size
MULTIPART_OVERHEAD = 64 * 1024


def key_matches(configured: str | None, offered: bytes | None) -> bool:
    """Constant-time comparison of raw header bytes with the configured key (UTF-8), so
    that any offered bytes, ASCII or not, give a plain yes or no."""
    if not configured or not offered:
        return False
    return hmac.compare_digest(configured.encode("utf-8"), offered)


def write_refusal(settings: Settings, offered: bytes | None) -> tuple[int, str] | None:
    """Why a write is refused (status and reason), or None when its key is good."""
    if not settings.api_key:
        return 403, "writes are disabled: no API key is configured"
    if not key_matches(settings.api_key, offered):
        return 401, "a valid X-API-Key header is required"
    return None


async def send_error(send: Send, status: int, detail: str) -> None:
    """A JSON ``{"detail": ...}`` response, the shape every other error of the API has."""
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode("ascii"))]})
    await send({"type": "http.response.body", "body": body})


class BodyTooLargeError(InputError):
    """The body went past its limit while it was being read."""

    http_status = 413


class RequestGuard:
    """Key and size checks for every request that may carry a body."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings
        self.limit = settings.max_upload_bytes + MULTIPART_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _full_allow_header(scope, send)
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        refusal = write_refusal(self.settings, headers.get(KEY_HEADER))
        if refusal is None and _declared_length(headers) > self.limit:
            refusal = 413, f"the request body is over the {self.limit:,}-byte limit"
        if refusal is not None:
            await send_error(send, *refusal)
            return
        await self._bounded(scope, receive, send)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with a receive that stops at the limit; then answer 413 ourselves
        (whatever the app makes of the cut-off body is not sent)."""
        seen = 0
        cut = False

        async def counted() -> Message:
            nonlocal seen, cut
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                cut = True
                raise BodyTooLargeError
            return message

        async def held(message: Message) -> None:
            if not cut:
                await send(message)

        with contextlib.suppress(BodyTooLargeError):
            await self.app(scope, counted, held)
        if cut:
            await send_error(send, 413, f"the request body is over the {self.limit:,}-byte limit")


def _full_allow_header(scope: Scope, send: Send) -> Send:
    """A 405 lists every method the path takes: Starlette names only those of the first
    route that matched the path (GET /reports, not POST /reports as well)."""

    async def allowing(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 405:
            allowed = ", ".join(sorted(_methods_for(scope))).encode("ascii")
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
            message = {**message, "headers": [*headers, (b"allow", allowed)]}
        await send(message)

    return allowing


def _methods_for(scope: Scope) -> set[str]:
    methods: set[str] = set()
    for route in getattr(scope.get("app"), "routes", ()):
        match, _ = route.matches(scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return methods


def _declared_length(headers: dict[bytes, bytes]) -> int:
    """The Content-Length, or 0 when there is none (or it is not a number: the server
    refuses those itself)."""
    value = headers.get(b"content-length", b"")
    return int(value) if value.isdigit() else 0
