"""Ids as people type them: the full id, the id without its ``clm:`` prefix, or any
unique beginning of either (as git takes a short commit hash)."""

from __future__ import annotations

from collections.abc import Sequence

from graph.schema import SCHEMA
from graph.stores.base import GraphStore
from queries.chain import NotFoundError

MIN_PREFIX = 4          # a bare beginning shorter than this would match half the store
MAX_ID_LENGTH = 300     # no id of ours is longer; longer input is refused before any look-up
SHOWN_MATCHES = 5       # an ambiguous prefix lists this many of the ids it starts


class AmbiguousIdError(NotFoundError):
    """A prefix that starts more than one id: the message lists some of them."""


def resolve_id(store: GraphStore, typed: str, labels: Sequence[str] | None = None,
               what: str = "node") -> str:
    """The one id of ``labels`` (any label by default) that ``typed`` names.

    An exact id wins; else ``typed`` is read as a beginning, with or without the label's
    id prefix. NotFoundError when nothing matches, AmbiguousIdError when several do.
    """
    key = typed.strip()
    if not key or len(key) > MAX_ID_LENGTH:
        raise NotFoundError(f"no {what} with id {typed[:80]!r}")
    prefixes = _candidate_prefixes(key, labels)
    exact = [nid for nid in store.get_nodes(prefixes, fields=()) if _has_label(nid, labels)]
    if len(exact) == 1:
        return exact[0]
    matches = sorted(set(exact) | set(_starting(store, key, prefixes, labels)))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"no {what} with id {key!r}" + _hint(key))
    shown = ", ".join(matches[:SHOWN_MATCHES]) + (", ..." if len(matches) > SHOWN_MATCHES else "")
    raise AmbiguousIdError(f"{key!r} starts more than one id ({shown}): give more characters")


def _candidate_prefixes(key: str, labels: Sequence[str] | None) -> list[str]:
    """``key`` as given when it names a label of ours, else ``key`` under each label's
    prefix (``4c9e`` may be ``clm:4c9e`` or ``rep:4c9e``)."""
    if SCHEMA.label_for_prefix(key) is not None and ":" in key:
        return [key]
    wanted = labels or list(SCHEMA.nodes)
    return ([key] if ":" in key else []) + [f"{SCHEMA.node(label).id_prefix}:{key}" for label in wanted]


def _starting(store: GraphStore, key: str, prefixes: list[str], labels: Sequence[str] | None) -> list[str]:
    """Ids beginning with any of the prefixes (none for a bare key too short to be one;
    after a label's prefix, as in ``rep:4``, one character will do)."""
    if ":" not in key and len(key) < MIN_PREFIX:
        return []
    found: set[str] = set()
    for prefix in prefixes:
        found.update(nid for nid in store.ids_with_prefix(prefix, SHOWN_MATCHES + 1)
                     if _has_label(nid, labels))
    return sorted(found)


def _has_label(node_id: str, labels: Sequence[str] | None) -> bool:
    return labels is None or SCHEMA.label_for_prefix(node_id) in labels


def _hint(key: str) -> str:
    if ":" not in key and len(key) < MIN_PREFIX:
        return f" (a short id needs at least {MIN_PREFIX} characters)"
    return ""
