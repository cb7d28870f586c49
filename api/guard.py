"""The door in front of the routes: the write key and the body size, checked before any
of a request's body is read.

FastAPI reads and parses a request's body before it runs the route's dependencies, so
a key check written as a dependency comes too late: an unauthenticated 400 MB POST is
read in full before its 401. This ASGI middleware refuses a write without a valid key
from the headers alone, refuses a body whose declared length is over the limit, and
stops a body without a declared length (chunked) as soon as it passes the limit.

A JSON body is also checked, chunk by chunk as it arrives, to be text in the encoding
JSON's own rule finds (UTF-8 unless a UTF-16/32 byte pattern says otherwise). Left to
the framework, bytes that are no text got a bare 400 ("There was an error parsing the
body") that the API documents nowhere, and encoded surrogates were let through to fail
later; here they are a 422 that says what is wrong, like every other bad input.
"""

from __future__ import annotations

import codecs
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


class NotJsonTextError(InputError):
    """A JSON body held bytes that are not text."""


class JsonText:
    """Decodes a JSON body as it arrives, only to check it is text (nothing is kept but
    the first four bytes, which choose the encoding)."""

    def __init__(self) -> None:
        self.head = b""
        self.decoder: codecs.IncrementalDecoder | None = None

    def feed(self, chunk: bytes, final: bool) -> None:
        """Take the next chunk; raise NotJsonTextError at the first byte that is no text."""
        if self.decoder is None:
            self.head += chunk
            if len(self.head) < 4 and not final:
                return
            chunk, self.head = self.head, b""
            self.decoder = codecs.getincrementaldecoder(json.detect_encoding(chunk))()
        try:
            self.decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            raise NotJsonTextError(f"the JSON body is not {exc.encoding} text: {exc.reason}") from None


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
        """Run the app with a receive that stops at the limit (and at a JSON body's first
        byte that is no text); then answer the refusal ourselves (whatever the app makes of
        the cut-off body is not sent)."""
        seen = 0
        refusal: tuple[int, str] | None = None
        text = JsonText() if _is_json(dict(scope["headers"])) else None

        async def counted() -> Message:
            nonlocal seen, refusal
            message = await receive()
            chunk = message.get("body", b"")
            seen += len(chunk)
            try:
                if seen > self.limit:
                    raise BodyTooLargeError(f"the request body is over the {self.limit:,}-byte limit")
                if text is not None and message["type"] == "http.request":
                    text.feed(chunk, final=not message.get("more_body", False))
            except InputError as exc:
                refusal = exc.http_status, str(exc)
                raise
            return message

        async def held(message: Message) -> None:
            if refusal is None:
                await send(message)

        with contextlib.suppress(BodyTooLargeError, NotJsonTextError):
            await self.app(scope, counted, held)
        if refusal is not None:
            await send_error(send, *refusal)


def _is_json(headers: dict[bytes, bytes]) -> bool:
    """Whether the body is declared JSON (application/json, or a +json type)."""
    media = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
    return media == b"application/json" or media.endswith(b"+json")


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
