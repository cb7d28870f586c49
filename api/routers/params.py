"""Query parameters several routers share, declared once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated

from fastapi import HTTPException, Query
from pydantic import BeforeValidator

from queries.claims import MAX_PAGE, ClaimFilter

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size (at most 500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many results to skip.")]


def _iso_day(value: object) -> object:
    """Dates only as YYYY-MM-DD: pydantic would otherwise read "0" as a Unix timestamp."""
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise ValueError("not a date in the form YYYY-MM-DD")
    return value


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
Since = Annotated[dt.date | None, BeforeValidator(_iso_day),
                  Query(description="Earliest publication date (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, BeforeValidator(_iso_day),
                  Query(description="Latest publication date (YYYY-MM-DD).")]
Depth = Annotated[int, Query(ge=1, le=6, description="Hops to expand.")]


def claim_filter(since: dt.date | None, until: dt.date | None, publisher: str | None = None,
                 hedged: bool | None = None, sourced: bool | None = None,
                 region: str | None = None) -> ClaimFilter:
    """A ClaimFilter from validated query parameters."""
    return ClaimFilter(since=since.isoformat() if since else None,
                       until=until.isoformat() if until else None,
                       publisher=publisher, hedged=hedged, sourced=sourced, region=region)


def check_names(values: list[str] | None, allowed: Iterable[str], parameter: str) -> list[str] | None:
    """Refuse names (labels, relationship types) the schema does not declare, with a 422."""
    unknown = sorted(set(values or ()) - set(allowed))
    if unknown:
        raise HTTPException(422, f"{parameter}: unknown value(s) {', '.join(unknown)}")
    return values
