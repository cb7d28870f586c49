"""Events from conflict-event datasets (UCDP GED, ACLED, GDELT): listed, and corroborated.

The same answers as ``conflictkg events``: every parameter is typed and bounded here,
and travels to the store as a value (the queries never build statements from it).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReadAccess, StoreDep
from api.routers.params import Limit, Offset, Since, Until
from queries.events import EventFilter, event_corroboration, list_events

router = APIRouter(prefix="/events", tags=["events"], dependencies=[ReadAccess])

NAME_CHARS = 300      # an actor, region or dataset name: longer is not a name
Name = Annotated[str | None, Query(min_length=1, max_length=NAME_CHARS)]


@router.get("")
def events(store: StoreDep, actor: Name = None, region: Name = None, since: Since = None,
           until: Until = None, dataset: Name = None, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    """Events by organisation (id or name), region (with the regions inside it), date range
    and dataset, newest first, each with its record and its sources.

    An event's "publication date" is its first day: ``since`` keeps events ending on or
    after it, ``until`` events starting on or before it."""
    wanted = EventFilter(actor, region, since.isoformat() if since else None,
                         until.isoformat() if until else None, dataset)
    return list_events(store, wanted, limit, offset)


@router.get("/{claim_id}/corroboration")
def corroboration(store: StoreDep, claim_id: str) -> dict[str, Any]:
    """Report claims that tell of the event, their independent origins, and the dataset's
    own source count beside them."""
    return event_corroboration(store, claim_id)
