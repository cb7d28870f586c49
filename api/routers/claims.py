"""Claims: one claim with its evidence, its source chain, its corroboration, claims about X."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReadAccess, StoreDep
from api.routers.models import ClaimDetail, ClaimsPage, CorroborationAnswer, SourceChain
from api.routers.params import Limit, Offset, Since, Until, claim_filter
from queries.chain import MAX_DEPTH, MAX_PATHS, NotFoundError, source_chain
from queries.claims import claims_about
from queries.corroboration import corroboration
from queries.evidence import load_evidence
from queries.ids import resolve_id

router = APIRouter(prefix="/claims", tags=["claims"], dependencies=[ReadAccess])


@router.get("", response_model=ClaimsPage)
def list_claims_about(
    store: StoreDep,
    about: Annotated[str, Query(min_length=1, description="Organisation or region: id, name or alias.")],
    limit: Limit = 50, offset: Offset = 0, since: Since = None, until: Until = None,
    publisher: str | None = None, hedged: bool | None = None, sourced: bool | None = None,
    region: Annotated[str | None, Query(description="Only claims also about this region.")] = None,
    order: Annotated[str, Query(pattern="^(newest|oldest)$")] = "newest",
) -> dict[str, Any]:
    """Claims about an organisation or region (a region includes the regions inside it)."""
    page = claims_about(store, about, claim_filter(since, until, publisher, hedged, sourced, region),
                        limit=limit, offset=offset, newest_first=order == "newest")
    return page.to_dict()


@router.get("/{claim_id}", response_model=ClaimDetail)
def get_claim(store: StoreDep, claim_id: str) -> dict[str, Any]:
    """A claim with its evidence and everything it mentions, cites and is attributed to."""
    claim_id = resolve_id(store, claim_id, ["Claim"], "claim")
    evidence = load_evidence(store, [claim_id]).get(claim_id)
    if evidence is None:
        raise NotFoundError(f"no claim with id {claim_id!r}")
    edges = store.edges([claim_id], None, "out")
    targets = store.get_nodes(sorted({e.target for e in edges}))
    links = [{**e.to_dict(), "target_name": _name(targets.get(e.target))} for e in edges]
    return {**evidence.to_dict(), "links": links}


@router.get("/{claim_id}/chain", response_model=SourceChain)
def claim_chain(store: StoreDep, claim_id: str,
                max_depth: Annotated[int, Query(ge=1, le=20)] = MAX_DEPTH,
                max_paths: Annotated[int, Query(ge=1, le=1000)] = MAX_PATHS) -> dict[str, Any]:
    """Every path from the claim back to its origins, with flags."""
    claim_id = resolve_id(store, claim_id, ["Claim"], "claim")
    return source_chain(store, claim_id, max_depth, max_paths).to_dict()


@router.get("/{claim_id}/corroboration", response_model=CorroborationAnswer)
def claim_corroboration(store: StoreDep, claim_id: str) -> dict[str, Any]:
    """Claims elsewhere that say the same thing, grouped by independent origin."""
    return corroboration(store, resolve_id(store, claim_id, ["Claim"], "claim")).to_dict()


def _name(node: Any) -> str | None:
    if node is None:
        return None
    props = node.props
    return str(props.get("name") or props.get("title") or props.get("url") or node.id)
