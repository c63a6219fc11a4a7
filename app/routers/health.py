"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

import queries
from app import __version__
from app.db import DriverDep, SettingsDep
from app.problems import PROBLEM_JSON, PROBLEM_SCHEMA, problem
from app.schemas import Health, Ready
from graph_schema import migrate

router = APIRouter(tags=["health"])


@lru_cache(maxsize=1)
def _migrations() -> tuple[migrate.Migration, ...]:
    return tuple(migrate.discover())


@router.get("/health", response_model=Health, summary="The process is up")
async def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get(
    "/ready",
    response_model=Ready,
    summary="Neo4j is reachable and the schema is current",
    responses={
        503: {
            "description": "Not ready; `detail` says why",
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
    },
)
async def ready(request: Request, driver: DriverDep, settings: SettingsDep) -> Ready | JSONResponse:
    try:
        async with asyncio.timeout(settings.neo4j_connect_timeout + 2):
            async with driver.session(database=settings.neo4j_database) as session:
                result = await session.run(queries.load("get_applied_migrations"))
                applied = {r["version"]: r["checksum"] async for r in result}
    except (ServiceUnavailable, SessionExpired, OSError, TimeoutError) as exc:
        return problem(
            503,
            f"Neo4j at {settings.bolt_uri} is unreachable: {exc}",
            title="Not ready",
            headers={"Retry-After": "5"},
        )
    except Neo4jError as exc:
        return problem(503, f"Neo4j error: {exc.message}", title="Not ready")
    pending = [m.name for m in _migrations() if m.version not in applied]
    changed = [
        m.name for m in _migrations() if m.version in applied and applied[m.version] != m.checksum
    ]
    if changed:
        return problem(
            503, f"applied migrations were changed: {', '.join(changed)}", title="Not ready"
        )
    if pending:
        reason = request.app.state.migration_state.get("schema_error") or "not applied yet"
        return problem(
            503,
            f"schema not current: pending {', '.join(pending)} ({reason})",
            title="Not ready",
            headers={"Retry-After": "5"},
        )
    return Ready(
        status="ready",
        neo4j=settings.bolt_uri,
        schema_version=max(applied) if applied else None,
        pending_migrations=[],
    )
