"""The graph connection of the API: one async driver per process, a session per request."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from neo4j import READ_ACCESS, AsyncDriver, AsyncGraphDatabase, AsyncSession, GraphDatabase

from app.settings import Settings
from graph_schema import migrate

logger = logging.getLogger(__name__)


def make_async_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.bolt_uri,
        auth=settings.auth(),
        connection_timeout=settings.neo4j_connect_timeout,
        connection_acquisition_timeout=settings.neo4j_connect_timeout * 2,
        max_transaction_retry_time=10.0,
        notifications_min_severity="OFF",
    )


def apply_schema_sync(settings: Settings) -> migrate.ApplyResult:
    """Apply migrations with a short-lived sync driver (schema work is rare and blocking)."""
    with GraphDatabase.driver(
        settings.bolt_uri,
        auth=settings.auth(),
        connection_timeout=settings.neo4j_connect_timeout,
        notifications_min_severity="OFF",
    ) as driver:
        return migrate.apply(driver, settings.neo4j_database)


async def migrate_in_background(settings: Settings, state: dict[str, object]) -> None:
    """At start-up: apply the schema, retrying while Neo4j is not up yet (the API stays live)."""
    delay = 1.0
    while True:
        try:
            result = await asyncio.to_thread(apply_schema_sync, settings)
        except migrate.MigrationError as exc:
            state["schema_error"] = str(exc)
            logger.error("schema not applied: %s", exc)
            return
        except Exception as exc:  # Neo4j down or refusing: retry, bounded back-off
            state["schema_error"] = f"schema not applied yet: {exc}"
            logger.warning("schema apply failed (%s); retrying in %.0fs", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 15.0)
            continue
        state.pop("schema_error", None)
        if result.applied:
            logger.info("schema migrations applied: %s", ", ".join(result.applied))
        return


def get_driver(request: Request) -> AsyncDriver:
    driver: AsyncDriver = request.app.state.driver
    return driver


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def read_session(
    driver: Annotated[AsyncDriver, Depends(get_driver)],
    settings: Annotated[Settings, Depends(get_settings_dep)],
) -> AsyncIterator[AsyncSession]:
    async with driver.session(
        database=settings.neo4j_database, default_access_mode=READ_ACCESS
    ) as session:
        yield session


async def write_session(
    driver: Annotated[AsyncDriver, Depends(get_driver)],
    settings: Annotated[Settings, Depends(get_settings_dep)],
) -> AsyncIterator[AsyncSession]:
    async with driver.session(database=settings.neo4j_database) as session:
        yield session


ReadSession = Annotated[AsyncSession, Depends(read_session)]
WriteSession = Annotated[AsyncSession, Depends(write_session)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DriverDep = Annotated[AsyncDriver, Depends(get_driver)]
