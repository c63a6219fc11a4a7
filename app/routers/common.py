"""What the v1 routers share: paging and filter parameters, filter resolution, query running."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Concatenate, LiteralString, ParamSpec, TypeVar

import orjson
from fastapi import Depends, HTTPException, Query, Request, Response
from neo4j import READ_ACCESS, AsyncDriver, AsyncSession
from neo4j.exceptions import DriverError, Neo4jError
from pydantic import BaseModel, Field

import queries
from app.db import get_driver, get_settings_dep
from app.problems import QueryTimeout
from app.symbol_lookup import clean_typed
from graph_schema.relations import DOCUMENT_RELATIONS

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

MAX_TEXT = 200
"""Longest free-text query parameter (longer answers 422)."""

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (max 500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
TextParam = Annotated[str | None, Query(max_length=MAX_TEXT)]
Year = Annotated[int | None, Query(ge=1900, le=2200)]


class RelationFilters(BaseModel):
    """The query parameters of ``/citations`` and ``/cited-by`` as one model: the OpenAPI
    document and the errors are those of separate parameters, but FastAPI validates the model
    in one pydantic call instead of seven one by one (~0.1-0.2 ms less per request)."""

    doc_type: str | None = Field(None, max_length=MAX_TEXT)
    relation: str | None = Field(None, max_length=MAX_TEXT)
    issuer: str | None = Field(None, max_length=MAX_TEXT)
    year_from: int | None = Field(None, ge=1900, le=2200)
    year_to: int | None = Field(None, ge=1900, le=2200)
    limit: int = Field(50, ge=1, le=500, description="Page size (max 500).")
    offset: int = Field(0, ge=0, le=1_000_000, description="Items to skip.")


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


@dataclass(frozen=True, slots=True)
class Graph:
    """The read side of the graph for one request: the process's driver and the database.

    Reads run as auto-commit queries: one round trip (RUN + PULL) per statement, where a
    managed transaction adds BEGIN and a COMMIT round trip. Neo4j reads at *read committed*
    either way, so nothing is lost, also not for a few statements in a row (a chain's hops).
    """

    driver: AsyncDriver
    database: str
    timeout: float = 30.0

    async def run(
        self,
        work: Callable[Concatenate[AsyncSession, P], Awaitable[R]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """``work(session, ...)`` on a read session whose ``run`` is an auto-commit query.

        ``work`` must only read. A retryable failure (a pooled connection the server closed,
        say after a Neo4j restart; a transient error) runs it once more in a fresh session; a
        second failure propagates (Neo4j down: the API's handlers answer 503). The whole read,
        retry included, is bounded by ``timeout`` seconds (:class:`QueryTimeout`: a 503)."""
        try:
            async with asyncio.timeout(self.timeout):
                return await self._run(work, *args, **kwargs)
        except TimeoutError:
            raise QueryTimeout(f"{self.timeout:g} s") from None

    async def _run(
        self,
        work: Callable[Concatenate[AsyncSession, P], Awaitable[R]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        for attempt in (1, 2):
            try:
                async with self.driver.session(
                    database=self.database, default_access_mode=READ_ACCESS
                ) as session:
                    return await work(session, *args, **kwargs)
            except (Neo4jError, DriverError) as exc:
                if attempt == 2 or not exc.is_retryable():
                    raise
                logger.info("read retried once after %s: %s", type(exc).__name__, exc)
        raise AssertionError("unreachable")

    async def row(self, name: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """Catalog query ``name`` as one auto-commit read: its single row, or None."""
        return await self.run(single_row, queries.load(name), params)


async def single_row(
    session: AsyncSession, text: LiteralString, params: Mapping[str, Any]
) -> dict[str, Any] | None:
    result = await session.run(text, dict(params))
    record = await result.single()
    # the catalog's read queries return maps and scalars only: ``items()`` hands them over as
    # they are, where ``Record.data()`` walks every nested value again (~1 ms for a page of 50)
    return dict(record.items()) if record is not None else None


async def get_graph(request: Request) -> Graph:
    """The request's :class:`Graph`. An ``async def`` dependency on purpose: FastAPI runs a
    plain ``def`` dependency in its thread pool, a thread hop per request on the hot path."""
    settings = get_settings_dep(request)
    return Graph(get_driver(request), settings.neo4j_database, settings.query_timeout)


GraphDep = Annotated[Graph, Depends(get_graph)]


class JSONBytes(Response):
    """A JSON body serialised by orjson in one pass.

    Routes that return it keep their ``response_model`` for the OpenAPI document, but FastAPI
    hands a :class:`Response` through as it is: the body is not validated into the model and
    dumped again. The queries behind those routes build every field the model declares."""

    media_type = "application/json"


def json_body(content: Any, status_code: int = 200) -> JSONBytes:
    return JSONBytes(orjson.dumps(content), status_code=status_code)


async def read_name_page(
    graph: Graph, name: str, q: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """A ``{"items", "total"}`` page of a name-list query (people, programmes): ``q`` matches
    inside the name (any case) or, slugged, inside the id (diacritics do not matter)."""
    text = text_or_none(q)
    row = await graph.row(
        name,
        {
            "q": text.lower() if text else None,
            "slug": slug_of(text) if text else "",
            "limit": limit,
            "offset": offset,
        },
    )
    assert row is not None  # the list queries always return one row
    return row
