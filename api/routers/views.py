"""HTML pages: the explorer at ``/``, drawn views, and the static files they use.

Every page is sent with a Content-Security-Policy that allows scripts, styles and
requests from this server only; the static files are a fixed list (vis-network from the
installed pyvis package, our viewer and explorer), so no path from a request reaches
the file system. ``/view/.../data`` returns the same drawing as JSON for the explorer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import HTMLResponse, Response

from api.deps import ReadAccess, StoreDep
from api.routers.models import ViewData
from api.routers.params import Since, Until, claim_filter
from api.viz.drawing import View, view_data
from api.viz.page import SERVED_CSP_HEADER, STATIC_FILES, error_page, explorer_page, static_text, view_page
from api.viz.views import chain_view, entity_overview, node_view, report_view
from queries.chain import MAX_DEPTH, MAX_PATHS, NotFoundError
from queries.ids import resolve_id

CHAIN_LABELS = ("Claim", "Report")

router = APIRouter(tags=["views"])
pages = APIRouter(dependencies=[ReadAccess], include_in_schema=False)

ViewDepth = Annotated[int, Query(ge=1, le=4, description="Hops (or citation steps) to draw.")]
ActorRadius = Annotated[int | None, Query(ge=1, le=4, description="Links away in the actor view "
                                          "(by default half the depth, at least one).")]
EveryClaim = Annotated[bool, Query(description="Draw every claim instead of the actor view.")]
ChainDepth = Annotated[int, Query(ge=1, le=20, description="How far to follow citations.")]
ChainPaths = Annotated[int, Query(ge=1, le=1000, description="How many paths to follow.")]
PAGE_HEADERS = {"Content-Security-Policy": SERVED_CSP_HEADER, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def _page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers=PAGE_HEADERS)


def _html(make: Callable[[], View]) -> HTMLResponse:
    """The drawn page, or (for an unknown or ambiguous id) an HTML error page with a 404."""
    try:
        view = make()
    except NotFoundError as exc:
        return HTMLResponse(error_page("Not found", str(exc)), status_code=status.HTTP_404_NOT_FOUND,
                            headers=PAGE_HEADERS)
    return _page(view_page(view, standalone=False))


@router.get("/", response_class=HTMLResponse, include_in_schema=False, dependencies=[ReadAccess])
def explorer() -> HTMLResponse:
    """The explorer: search, draw, read the evidence, expand."""
    return _page(explorer_page())


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    """One of the page assets; anything not on the list is 404."""
    if name not in STATIC_FILES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such static file")
    media = MEDIA_TYPES[name[name.rfind("."):]]
    return Response(static_text(name), media_type=media,
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=3600"})


@pages.get("/view/chain/{claim_id}", response_class=HTMLResponse)
def chain_page(store: StoreDep, claim_id: str, max_depth: ChainDepth = MAX_DEPTH,
               max_paths: ChainPaths = MAX_PATHS) -> HTMLResponse:
    """A claim's source chain, from the claim down to its origins."""
    return _html(lambda: chain_view(store, resolve_id(store, claim_id, CHAIN_LABELS, "claim or report"),
                                    max_depth, max_paths))


@pages.get("/view/entity/{key}", response_class=HTMLResponse)
def entity_page(store: StoreDep, key: str, depth: ViewDepth = 2, since: Since = None,
                until: Until = None, hedged: bool | None = None, sourced: bool | None = None,
                radius: ActorRadius = None, claims: EveryClaim = False) -> HTMLResponse:
    """The actor view around an organisation or region (every claim with ``claims=true``,
    and always for a person), claims filtered."""
    filters = claim_filter(since, until, None, hedged, sourced)
    return _html(lambda: entity_overview(store, key, depth, filters, radius, claims))


@pages.get("/view/report/{report_id}", response_class=HTMLResponse)
def report_page(store: StoreDep, report_id: str, depth: ViewDepth = 2) -> HTMLResponse:
    """A report's citation network."""
    return _html(lambda: report_view(store, resolve_id(store, report_id, ["Report"], "report"), depth))


@router.get("/view/chain/{claim_id}/data", dependencies=[ReadAccess], response_model=ViewData)
def chain_data(store: StoreDep, claim_id: str, max_depth: ChainDepth = MAX_DEPTH,
               max_paths: ChainPaths = MAX_PATHS) -> dict[str, Any]:
    """The source-chain drawing as JSON (vis-network nodes and edges, evidence, legend)."""
    claim_id = resolve_id(store, claim_id, CHAIN_LABELS, "claim or report")
    return view_data(chain_view(store, claim_id, max_depth, max_paths))


@router.get("/view/entity/{key}/data", dependencies=[ReadAccess], response_model=ViewData)
def entity_data(store: StoreDep, key: str, depth: ViewDepth = 2, since: Since = None,
                until: Until = None, hedged: bool | None = None, sourced: bool | None = None,
                radius: ActorRadius = None, claims: EveryClaim = False) -> dict[str, Any]:
    """The entity page's drawing as JSON."""
    filters = claim_filter(since, until, None, hedged, sourced)
    return view_data(entity_overview(store, key, depth, filters, radius, claims))


@router.get("/view/report/{report_id}/data", dependencies=[ReadAccess], response_model=ViewData)
def report_data(store: StoreDep, report_id: str, depth: ViewDepth = 2) -> dict[str, Any]:
    """The citation-network drawing as JSON."""
    return view_data(report_view(store, resolve_id(store, report_id, ["Report"], "report"), depth))


@router.get("/view/node/{node_id}/data", dependencies=[ReadAccess], response_model=ViewData)
def node_data(store: StoreDep, node_id: str, depth: ViewDepth = 1) -> dict[str, Any]:
    """Any node's neighbourhood drawing as JSON: what the explorer draws and expands."""
    return view_data(node_view(store, resolve_id(store, node_id), depth))


router.include_router(pages)
