"""``/v1/stats``: the size of the graph, the most cited documents, documents by type and year."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from neo4j import AsyncSession

import queries
from app.api_models import Stats
from app.routers.common import GraphDep

router = APIRouter(prefix="/stats", tags=["stats"])


async def _stats(session: AsyncSession, top: int) -> dict[str, Any]:
    async def rows(name: str, **params: Any) -> list[dict[str, Any]]:
        result = await session.run(queries.load(name), params)
        return [dict(r.items()) async for r in result]

    counts = (await rows("count_graph"))[0]
    return {
        **counts,
        "most_cited": await rows("list_most_cited", limit=top),
        "by_type": await rows("count_documents_by_type"),
        "by_year": await rows("count_documents_by_year"),
    }


@router.get("", response_model=Stats, summary="Graph statistics")
async def stats(
    graph: GraphDep,
    top: Annotated[int, Query(ge=1, le=100, description="Most cited: how many.")] = 10,
) -> dict[str, Any]:
    """Counts by type and year cover ingested documents (placeholders are counted apart)."""
    return await graph.run(_stats, top)
