"""One root for the errors conflictkg raises on purpose, and how each is shown.

Every error we raise for a reason a user can act on (a bad file or row, an unknown id,
a refused query, a store that is down, a wrong setting) derives from
:class:`ConflictKGError` through one of five kinds. Each kind carries the exit code the
command line ends with and the HTTP status the API answers with, so the CLI prints
one line (``error: ...``) and the API sends one body (``{"detail": ...}``) for all of
them without a list of classes to keep in step. Existing classes keep their older
bases too (``SchemaError`` is still a ``ValueError``), so no caller's ``except`` changes.

Anything else is a bug of ours and is left to propagate with its traceback.
"""

from __future__ import annotations

import re
from typing import ClassVar

# control characters (C0, DEL, C1), and the bidirectional controls that reorder a line
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
MAX_MESSAGE_CHARS = 2000


class ConflictKGError(Exception):
    """The root: an error with a message meant for the person who caused it."""

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 400


class InputError(ConflictKGError):
    """The input is wrong: a file, a row, a parameter, an export (the message names it)."""

    http_status = 422


class NotFound(ConflictKGError):  # noqa: N818  (a kind of answer, named as the HTTP one)
    """An id or a selection names nothing in the store."""

    http_status = 404


class Refused(ConflictKGError):  # noqa: N818
    """Understood and not allowed (a query that is not a pure read, a write when writes are off)."""

    http_status = 403


class ServiceError(ConflictKGError):
    """The store (or another service) is unreachable, corrupt, or stopped the work."""

    exit_code = 2
    http_status = 503


class ConfigurationError(ConflictKGError):
    """A setting, a data file of ours or an installed model is missing or wrong."""

    exit_code = 2
    http_status = 500


def printable(text: str) -> str:
    """Control and bidirectional characters escaped (a newline becomes ``\\n``, ESC
    ``\\x1b``), so that untrusted text can never forge an output line or drive a terminal."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def message_of(exc: BaseException) -> str:
    """The error's message as one printable line of bounded length."""
    text = printable(str(exc)) or type(exc).__name__
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "..."


def error_line(exc: ConflictKGError) -> str:
    """What the command line prints: one line."""
    return f"error: {message_of(exc)}"


def error_body(exc: ConflictKGError) -> tuple[int, dict[str, str]]:
    """What the API answers: the status and the one body shape of every error."""
    return exc.http_status, {"detail": message_of(exc)}
