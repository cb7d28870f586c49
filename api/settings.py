"""Service settings: the part of the run's settings (``graph/settings.py``) the API uses.

Secrets have no defaults, and obvious placeholders are refused: a server that would
accept writes with the key "changeme" should not start.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ConfigurationError
from graph.settings import Settings as RunSettings
from graph.settings import current

PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "apikey", "api-key", "test", "xxx"}
MIN_KEY_LENGTH = 16


class SettingsError(ConfigurationError, ValueError):
    """A setting is missing, malformed or a placeholder."""


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
    def of(cls, settings: RunSettings | None = None) -> Settings:
        """The service's part of this process's settings (``graph/settings.py``)."""
        given = settings or current()
        return cls(store_url=given.store, api_key=given.api_key, read_key_required=given.read_key_required,
                   max_upload_bytes=given.max_upload_bytes, cypher_timeout_s=given.cypher_timeout_s,
                   cypher_row_limit=given.cypher_row_limit, cypher_user=given.cypher_user,
                   cypher_password=given.cypher_password)

    @property
    def cypher_auth(self) -> tuple[str, str] | None:
        """Credentials for /cypher when a separate user is configured, else None (the
        store's own connection)."""
        if self.cypher_user and self.cypher_password:
            return self.cypher_user, self.cypher_password
        return None
