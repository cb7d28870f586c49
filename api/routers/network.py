"""The actor network over HTTP: edges, measures, snapshots, source dependency, GraphML, pages.

Every route takes the same filters (dates, region with the regions inside it,
predicates, hedged, fewest independent origins, regions as nodes) and answers with
the evidence counts each result rests on; an edge expands to its claims and quotes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, StreamingResponse

from api.deps import ReadAccess, StoreDep
from api.routers.models import (
    ActorNetworkAnswer,
    EdgeExpansion,
    Measures,
    PublisherNetwork,
    Snapshots,
    SourceDependency,
    ViewData,
)
from api.routers.params import Limit, Offset, Since, Until
from api.viz.actors import actor_view
from api.viz.drawing import view_data
from api.viz.page import SERVED_CSP_HEADER, view_page
from graph.exporters.graphml import network_lines
from queries.analysis.dependency import publisher_network, source_dependency
from queries.analysis.measures import Weight, analyse, measures_graph, stored_ego_network
from queries.analysis.network import NetworkFilter, actor_network, expand_edge
from queries.analysis.snapshots import yearly
from queries.entities import resolve_entity

router = APIRouter(tags=["network"], dependencies=[ReadAccess])

WeightParam = Annotated[Literal["claims", "reports", "independent_origins"],
                        Query(description="Edge weight for the measures.")]
Radius = Annotated[int, Query(ge=1, le=4, description="Links away from the entity.")]
PAGE_HEADERS = {"Content-Security-Policy": SERVED_CSP_HEADER, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def network_filter(
    since: Since = None, until: Until = None,
    region: Annotated[str | None, Query(description="Only claims about this region (or inside it).")] = None,
    predicate: Annotated[list[str] | None, Query(description="Only these predicates "
                                                 "('co-mentioned' for co-mentions).")] = None,
    min_origins: Annotated[int, Query(ge=0, le=1000, description="Fewest independent origins.")] = 0,
    hedged: bool | None = None,
    regions: Annotated[bool, Query(description="Regions are nodes too.")] = False,
) -> NetworkFilter:
    """The network filters, from query parameters."""
    return NetworkFilter(since=_iso(since), until=_iso(until), region=region,
                         predicates=tuple(predicate or ()), min_origins=min_origins, hedged=hedged,
                         include_regions=regions)


Filters = Annotated[NetworkFilter, Depends(network_filter)]


def _weighed(filters: NetworkFilter, weight: Weight) -> NetworkFilter:
    """Filters that count origins when the weight needs them."""
    return replace(filters, count_origins=True) if weight == "independent_origins" else filters


@router.get("/network", response_model=ActorNetworkAnswer)
def network(store: StoreDep, filters: Filters) -> dict[str, Any]:
    """The actor network: one edge per pair and predicate, with the evidence behind each."""
    return actor_network(store, filters).to_dict()


@router.get("/network/measures", response_model=Measures)
def measures(store: StoreDep, filters: Filters, weight: WeightParam = "claims") -> dict[str, Any]:
    """Degree, weighted degree, betweenness, PageRank, communities, bridges, articulation points."""
    return analyse(actor_network(store, _weighed(filters, weight)), weight).to_dict()


@router.get("/network/ego/{key}", response_model=Measures)
def ego(store: StoreDep, key: str, filters: Filters, radius: Radius = 1,
        weight: WeightParam = "claims") -> dict[str, Any]:
    """The entities within ``radius`` links of one entity, with their measures."""
    entity = resolve_entity(store, key)
    return analyse(stored_ego_network(store, entity.id, radius, _weighed(filters, weight)), weight).to_dict()


@router.get("/network/snapshots", response_model=Snapshots)
def snapshots(store: StoreDep, filters: Filters, weight: WeightParam = "claims") -> dict[str, Any]:
    """The network year by year, and what changed from one year to the next."""
    return yearly(actor_network(store, _weighed(filters, weight)), weight).to_dict()


@router.get("/network/edge", response_model=EdgeExpansion)
def edge(store: StoreDep, filters: Filters,
         a: Annotated[str, Query(description="One entity: id, name or alias.")],
         b: Annotated[str, Query(description="The other entity.")],
         predicate: Annotated[str | None, Query(description="Only this predicate.")] = None,
         limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """The claims (with quotes) behind the edges between two entities, page by page."""
    answer = expand_edge(store, a, b, predicate, replace(filters, include_regions=True), limit, offset)
    return answer.to_dict()


@router.get("/network/dependency/{key}", response_model=SourceDependency)
def dependency(store: StoreDep, key: str, since: Since = None, until: Until = None,
               region: Annotated[str | None, Query(description="Only claims about this region.")] = None
               ) -> dict[str, Any]:
    """Which independent origins the claims about an entity rest on, and each one's share."""
    return source_dependency(store, key, region, _iso(since), _iso(until)).to_dict()


@router.get("/network/publishers", response_model=PublisherNetwork)
def publishers(store: StoreDep, since: Since = None, until: Until = None) -> dict[str, Any]:
    """Who repeats whom: citations and copies between publishers, communities, circular clusters."""
    return publisher_network(store, _iso(since), _iso(until)).to_dict()


@router.get("/network/graphml", response_class=StreamingResponse, responses={200: {
    "description": "The network as GraphML.",
    "content": {"application/graphml+xml": {}}}})
def graphml(store: StoreDep, filters: Filters, weight: WeightParam = "claims") -> StreamingResponse:
    """The actor network as GraphML for Gephi, every measure an attribute."""
    graph = measures_graph(actor_network(store, _weighed(filters, weight)), weight)
    return StreamingResponse(network_lines(graph), media_type="application/graphml+xml",
                             headers={"Content-Disposition": 'attachment; filename="actors.graphml"'})


@router.get("/view/actors", response_class=HTMLResponse, include_in_schema=False)
def actors_page(store: StoreDep, filters: Filters, weight: WeightParam = "claims") -> HTMLResponse:
    """The aggregated actor view of the whole network."""
    view = actor_view(store, None, _weighed(filters, weight), 1, weight)
    return HTMLResponse(view_page(view, standalone=False), headers=PAGE_HEADERS)


@router.get("/view/actors/{key}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(store: StoreDep, key: str, filters: Filters, radius: Radius = 1,
               weight: WeightParam = "claims") -> HTMLResponse:
    """The aggregated actor view around one entity."""
    view = actor_view(store, key, _weighed(filters, weight), radius, weight)
    return HTMLResponse(view_page(view, standalone=False), headers=PAGE_HEADERS)


@router.get("/view/actors/{key}/data", response_model=ViewData)
def actor_data(store: StoreDep, key: str, filters: Filters, radius: Radius = 1,
               weight: WeightParam = "claims") -> dict[str, Any]:
    """The actor view around one entity as JSON (vis-network nodes and edges, evidence, legend)."""
    return view_data(actor_view(store, key, _weighed(filters, weight), radius, weight))
