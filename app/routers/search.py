"""``/v1/search``: full text over document titles and bodies (case and diacritics ignored)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api_models import Page, SearchHit
from app.fulltext import lucene_query
from app.routers.common import MAX_TEXT, GraphDep, Limit, Offset

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=Page[SearchHit], summary="Full-text search")
async def search(
    graph: GraphDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_TEXT,
            description="Words to find: `de an 06` finds `Đề án 06`.",
        ),
    ],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Every word must occur; the exact phrase ranks higher. Query syntax is not interpreted:
    quotes, `*`, `:` and brackets are plain characters."""
    lucene = lucene_query(q)
    if lucene is None:
        return {"items": [], "total": 0}
    row = await graph.row(
        "search_documents",
        {
            "lucene": lucene,
            "keys": None,
            "year": None,
            "doc_type": None,
            "label": None,
            "issuer": None,
            "issuer_ids": [],
            "limit": limit,
            "offset": offset,
        },
    )
    assert row is not None
    return row
