"""Entities: profile and timeline, claims about them, and how two of them are linked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api.deps import ReadAccess, StoreDep
from api.routers.models import ClaimsPage, EntityProfile, Relationship
from api.routers.params import Limit, Offset, Since, Until, claim_filter
from queries.claims import claims_about
from queries.entities import entity_profile
from queries.relationships import relationship_evidence

router = APIRouter(tags=["entities"], dependencies=[ReadAccess])


@router.get("/entities/{key}", response_model=EntityProfile)
def get_entity(store: StoreDep, key: str) -> dict[str, Any]:
    """An organisation, region or person by id, name or alias: profile and timeline."""
    return entity_profile(store, key).to_dict()


@router.get("/entities/{key}/claims", response_model=ClaimsPage)
def entity_claims(store: StoreDep, key: str, limit: Limit = 50, offset: Offset = 0,
                  since: Since = None, until: Until = None, publisher: str | None = None,
                  hedged: bool | None = None, sourced: bool | None = None) -> dict[str, Any]:
    """Claims about the entity, newest first."""
    return claims_about(store, key, claim_filter(since, until, publisher, hedged, sourced),
                        limit=limit, offset=offset).to_dict()


@router.get("/relationships", response_model=Relationship)
def relationship(store: StoreDep,
                 a: Annotated[str, Query(min_length=1, description="First entity: id, name or alias.")],
                 b: Annotated[str, Query(min_length=1, description="Second entity.")]) -> dict[str, Any]:
    """How two entities are linked, with every supporting claim and its independent origins;
    two names of one entity ("RSF" and "Rapid Support Forces") are a 422, not a link."""
    answer = relationship_evidence(store, a, b)
    first, second = answer.entities
    if first["id"] == second["id"]:
        raise HTTPException(422, f"a and b both name {first['id']} ({first['name']}): give two entities")
    return answer.to_dict()
