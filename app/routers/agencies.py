"""``/v1/agencies``: agencies by name or code, and the tasks assigned to one of them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from app.api_models import AgencyOut, Page, TaskItem
from app.problems import responses as problem_responses
from app.routers.common import (
    GraphDep,
    Limit,
    Offset,
    TextParam,
    not_found,
    resolve_agency_ids,
    slug_of,
    text_or_none,
)

router = APIRouter(prefix="/agencies", tags=["agencies"])

AgencyId = Annotated[str, Path(min_length=1, max_length=200, description="Agency id.")]
_ROLE_TYPES = {"lead": "LED_BY", "support": "SUPPORTED_BY"}


@router.get("", response_model=Page[AgencyOut], summary="List agencies")
async def list_agencies(
    graph: GraphDep, q: TextParam = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """`q` matches inside the name (any case), the code (`BNV`), the id (diacritics do not
    matter: `bo noi vu`), or any name the gazetteer knows for the agency."""
    text = text_or_none(q)
    params: dict[str, Any] = {"q": None, "slug": "", "ids": [], "limit": limit, "offset": offset}
    if text is not None:
        params.update(q=text.lower(), slug=slug_of(text), ids=resolve_agency_ids(text))
    row = await graph.row("list_agencies", params)
    assert row is not None
    return row


@router.get(
    "/{id}/tasks",
    response_model=Page[TaskItem],
    summary="Tasks assigned to an agency",
    responses=problem_responses(404, d404="Unknown id"),
)
async def list_agency_tasks(
    graph: GraphDep,
    id: AgencyId,
    role: Annotated[
        Literal["lead", "support"] | None,
        Query(description="`lead` (chủ trì) or `support` (phối hợp); both when omitted."),
    ] = None,
    due_before: Annotated[
        dt.date | None, Query(description="Deadline period ends on or before this date.")
    ] = None,
    due_after: Annotated[
        dt.date | None, Query(description="Deadline period starts on or after this date.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Tasks soonest deadline first, each with its role, deadline and assigning document.
    Tasks without a deadline are left out when a due filter is given."""
    if due_before is not None and due_after is not None and due_after > due_before:
        raise HTTPException(422, "due_after is after due_before")
    row = await graph.row(
        "list_agency_tasks",
        {
            "id": id,
            "rel_type": _ROLE_TYPES[role] if role else None,
            "due_before": due_before.isoformat() if due_before else None,
            "due_after": due_after.isoformat() if due_after else None,
            "limit": limit,
            "offset": offset,
        },
    )
    if row is None:
        raise not_found("agency", id)
    return row
