"""The one error type loaders raise for bad input; it always names the file."""

from __future__ import annotations

from graph.errors import InputError


class LoadError(InputError):
    """A file could not be ingested; the message names the file and the problem."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class LoadWarning(UserWarning):
    """Something in a file was skipped or doubtful, but the file was still ingested."""
