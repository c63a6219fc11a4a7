"""``/v1/persons``: people who sign or are mentioned in documents."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api_models import Page, PersonOut
from app.routers.common import GraphDep, Limit, Offset, TextParam, read_name_page

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("", response_model=Page[PersonOut], summary="List people")
async def list_persons(
    graph: GraphDep, q: TextParam = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """`q` matches inside the name (any case) or the id (diacritics do not matter)."""
    return await read_name_page(graph, "list_persons", q, limit, offset)
