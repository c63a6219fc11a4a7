"""``/v1/programmes``: programmes and projects (Đề án 06...) and the documents about them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from app.api_models import Page, ProgrammeDocument, ProgrammeOut
from app.problems import responses as problem_responses
from app.routers.common import GraphDep, Limit, Offset, TextParam, not_found, read_name_page

router = APIRouter(prefix="/programmes", tags=["programmes"])

ProgrammeId = Annotated[str, Path(min_length=1, max_length=200, description="Programme id.")]


@router.get("", response_model=Page[ProgrammeOut], summary="List programmes")
async def list_programmes(
    graph: GraphDep, q: TextParam = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """`q` matches inside the name or an alias (any case), or the id (`de an 06`)."""
    return await read_name_page(graph, "list_programmes", q, limit, offset)


@router.get(
    "/{id}/documents",
    response_model=Page[ProgrammeDocument],
    summary="Documents that approve or mention a programme",
    responses=problem_responses(404, d404="Unknown id"),
)
async def list_programme_documents(
    graph: GraphDep, id: ProgrammeId, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    row = await graph.row("list_programme_documents", {"id": id, "limit": limit, "offset": offset})
    if row is None:
        raise not_found("programme", id)
    return row
