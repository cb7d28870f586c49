"""Events from conflict-event datasets (UCDP GED, ACLED, GDELT): listed, corroborated,
and uploaded.

The same answers as ``conflictkg events``: every parameter is typed and bounded here,
and travels to the store as a value (the queries never build statements from it). An
uploaded dataset file goes through the dataset loader, as ``conflictkg ingest`` sends it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Query, UploadFile, status

from api.deps import ReadAccess, SettingsDep, StoreDep, WriteAccess
from api.routers.models import EventCorroboration, EventsPage
from api.routers.params import Limit, Offset, Since, Until
from loaders.datasets.load import ingest_dataset
from loaders.errors import LoadError
from queries.events import EventFilter, event_corroboration, list_events
from queries.ids import resolve_id

router = APIRouter(prefix="/events", tags=["events"])
READ = [ReadAccess]
SHOWN_PROBLEMS = 1000     # refused rows listed in an upload's answer (all are counted)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

NAME_CHARS = 300      # an actor, region or dataset name: longer is not a name
Name = Annotated[str | None, Query(min_length=1, max_length=NAME_CHARS)]


@router.get("", dependencies=READ, response_model=EventsPage)
def events(store: StoreDep, actor: Name = None, region: Name = None, since: Since = None,
           until: Until = None, dataset: Name = None, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    """Events by organisation (id or name), region (with the regions inside it), date range
    and dataset, newest first, each with its record and its sources.

    An event's "publication date" is its first day: ``since`` keeps events ending on or
    after it, ``until`` events starting on or before it."""
    wanted = EventFilter(actor, region, since.isoformat() if since else None,
                         until.isoformat() if until else None, dataset)
    return list_events(store, wanted, limit, offset).to_dict()


@router.get("/{claim_id}/corroboration", dependencies=READ, response_model=EventCorroboration)
def corroboration(store: StoreDep, claim_id: str) -> dict[str, Any]:
    """Report claims that tell of the event, their independent origins, and the dataset's
    own source count beside them. The id may be short (without ``clm:``, or a unique
    beginning), as everywhere."""
    return event_corroboration(store, resolve_id(store, claim_id, ["Claim"], "claim")).to_dict()


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[WriteAccess])
def upload_dataset(store: StoreDep, settings: SettingsDep,
                   file: Annotated[UploadFile, File(description="A UCDP GED, ACLED or GDELT file.")],
                   ) -> dict[str, Any]:
    """Ingest an uploaded dataset file: one event per good row; each refused row is
    named with its line and the reason, and the rest loads.

    A plain ``def`` (FastAPI runs it in a worker thread): rows are read one at a time
    from a temporary copy, so the upload limit, not the server's memory, bounds it.
    """
    name = _safe_name(file.filename)
    with tempfile.TemporaryDirectory(prefix="conflictkg-upload-") as folder:
        path = Path(folder) / name
        _save_bounded(file, path, settings.max_upload_bytes)
        try:
            outcome = ingest_dataset(store, path)
        except LoadError as exc:          # a 422 naming the upload, not the temporary copy
            raise LoadError(name, exc.problem) from None
    return {"format": outcome.format, "events": outcome.events, "joined": outcome.joined,
            "refused_rows": len(outcome.problems), "warnings": outcome.warnings,
            "problems": [{"row": p.number, "problem": p.problem}
                         for p in outcome.problems[:SHOWN_PROBLEMS]]}


def _safe_name(name: str | None) -> str:
    """The upload's file name as the ingestion records it: its last part, plain characters."""
    cleaned = _UNSAFE_NAME.sub("_", Path(name or "").name)[:120].strip("._")
    return cleaned or "upload.csv"


def _save_bounded(file: UploadFile, path: Path, limit: int) -> None:
    """Copy the upload to ``path`` in blocks; over ``limit`` bytes is a 413."""
    written = 0
    with path.open("wb") as out:
        while block := file.file.read(1 << 20):
            written += len(block)
            if written > limit:
                raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE,
                                    "the file is over the upload limit")
            out.write(block)
