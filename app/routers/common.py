"""What the v1 routers share: paging and filter parameters, filter resolution, query running."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import HTTPException, Query
from neo4j import AsyncManagedTransaction, AsyncSession

import queries
from app.api_models import DOCUMENT_RELATIONS
from app.symbol_lookup import clean_typed

logger = logging.getLogger(__name__)

MAX_TEXT = 200
"""Longest free-text query parameter (longer answers 422)."""

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (max 500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
TextParam = Annotated[str | None, Query(max_length=MAX_TEXT)]
Year = Annotated[int | None, Query(ge=1900, le=2200)]


def text_or_none(value: str | None) -> str | None:
    """Cleaned text (NFC, no control characters, single spaces) or None when blank."""
    if value is None:
        return None
    cleaned = clean_typed(value)
    return cleaned or None


def slug_of(value: str) -> str:
    from ingest.symbols import slug

    return slug(value)


def resolve_doc_type(value: str | None) -> tuple[str | None, str | None]:
    """``(doc_type, label)`` filter values for what a person typed: a graph label
    (``Resolution``), a Vietnamese type name in any case (``nghị quyết``) or a type code
    (``NQ``, ``ND``). Anything else filters on the text as given (and matches nothing)."""
    text = text_or_none(value)
    if text is None:
        return None, None
    from ingest.doctypes import canonical_name, name_for_code
    from ingest.symbols import _doc_types

    labels = {r["label"].casefold(): r["label"] for r in _doc_types()}
    labels["other"] = "Other"
    if text.casefold() in labels:
        return None, labels[text.casefold()]
    try:
        name = canonical_name(text) or name_for_code(text)
    except Exception:  # another team's helper: odd input is a miss, never a 500
        logger.warning("doc type lookup failed for %r", text[:80], exc_info=True)
        name = None
    return (name or text), None


def resolve_agency_ids(value: str) -> list[str]:
    """Gazetteer ids for an agency name, short name or code (``BNV`` → ``bo-noi-vu``)."""
    try:
        from ingest.gazetteer import lookup

        entry = lookup(value)
    except Exception:
        logger.warning("gazetteer lookup failed for %r", value[:80], exc_info=True)
        return []
    return [entry.id] if entry is not None else []


def issuer_params(value: str | None) -> dict[str, Any]:
    """``$issuer`` (lower-case text inside the issuer name) and ``$issuer_ids`` (exact ids)."""
    text = text_or_none(value)
    if text is None:
        return {"issuer": None, "issuer_ids": []}
    return {"issuer": text.lower(), "issuer_ids": [*resolve_agency_ids(text), text]}


def relation_param(value: str | None) -> str | None:
    text = text_or_none(value)
    if text is None:
        return None
    rel = text.upper().replace(" ", "_")
    if rel not in DOCUMENT_RELATIONS:
        raise HTTPException(
            422, f"relation: unknown relation; use one of {', '.join(DOCUMENT_RELATIONS)}"
        )
    return rel


def not_found(kind: str, ident: str) -> HTTPException:
    shown = ident if len(ident) <= 80 else ident[:77] + "..."
    return HTTPException(404, f"no {kind} with id {shown!r}")


async def read_one(
    session: AsyncSession, name: str, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Run catalog query ``name`` in a managed read transaction; its single row, or None."""
    text = queries.load(name)

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        result = await tx.run(text, dict(params))
        record = await result.single()
        return record.data() if record is not None else None

    return await session.execute_read(work)


async def read_name_page(
    session: AsyncSession, name: str, q: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """A ``{"items", "total"}`` page of a name-list query (people, programmes): ``q`` matches
    inside the name (any case) or, slugged, inside the id (diacritics do not matter)."""
    text = text_or_none(q)
    row = await read_one(session, name, {
        "q": text.lower() if text else None, "slug": slug_of(text) if text else "",
        "limit": limit, "offset": offset})
    assert row is not None  # the list queries always return one row
    return row


async def read_all(
    session: AsyncSession, name: str, params: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Run catalog query ``name`` in a managed read transaction; every row."""
    text = queries.load(name)

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        result = await tx.run(text, dict(params))
        return [record.data() async for record in result]

    return await session.execute_read(work)
