"""Service settings, read from the environment once at start-up.

Secrets have no defaults, and obvious placeholders are refused: a server that would
accept writes with the key "changeme" should not start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from graph.errors import ConfigurationError

PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "apikey", "api-key", "test", "xxx"}
MIN_KEY_LENGTH = 16


class SettingsError(ConfigurationError, ValueError):
    """A setting is missing, malformed or a placeholder."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def check_key(name: str, key: str | None) -> str | None:
    """Refuse short keys and placeholders; None means the feature stays closed."""
    if key is None or key == "":
        return None
    if key.lower() in PLACEHOLDERS or len(key) < MIN_KEY_LENGTH:
        raise SettingsError(f"{name} must be a real secret of {MIN_KEY_LENGTH} characters or more")
    return key


@dataclass(frozen=True)
class Settings:
    """What the service needs to know."""

    store_url: str | None = None
    api_key: str | None = None
    read_key_required: bool = False
    max_upload_bytes: int = 20 * 1024 * 1024
    cypher_timeout_s: float = 10.0
    cypher_row_limit: int = 1000
    cypher_user: str | None = None       # run /cypher as this user (a reader role, where roles exist)
    cypher_password: str | None = None

    def __post_init__(self) -> None:
        check_key("CONFLICTKG_API_KEY", self.api_key)
        if self.read_key_required and not self.api_key:
            raise SettingsError("CONFLICTKG_READ_KEY_REQUIRED needs CONFLICTKG_API_KEY to be set")

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from CONFLICTKG_* variables."""
        return cls(
            store_url=os.environ.get("CONFLICTKG_STORE"),
            api_key=os.environ.get("CONFLICTKG_API_KEY") or None,
            read_key_required=_flag("CONFLICTKG_READ_KEY_REQUIRED"),
            max_upload_bytes=int(os.environ.get("CONFLICTKG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)),
            cypher_timeout_s=float(os.environ.get("CONFLICTKG_CYPHER_TIMEOUT", 10)),
            cypher_row_limit=int(os.environ.get("CONFLICTKG_CYPHER_ROW_LIMIT", 1000)),
            cypher_user=os.environ.get("CONFLICTKG_CYPHER_USER") or None,
            cypher_password=os.environ.get("CONFLICTKG_CYPHER_PASSWORD") or None,
        )

    @property
    def cypher_auth(self) -> tuple[str, str] | None:
        """Credentials for /cypher when a separate user is configured, else None (the
        store's own connection)."""
        if self.cypher_user and self.cypher_password:
            return self.cypher_user, self.cypher_password
        return None
