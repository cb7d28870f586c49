"""The browser fixtures of tests/browser, for the actor-view pages."""

from tests.browser.conftest import chromium, page  # noqa: F401  (pytest finds fixtures by name)
