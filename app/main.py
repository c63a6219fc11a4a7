"""The FastAPI application: ``uvicorn app.main:app`` or ``vanban serve``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from app import __version__, problems
from app.db import make_async_driver, migrate_in_background
from app.routers import agencies, documents, health, persons, programmes, search, stats
from app.settings import Settings, get_settings

logger = logging.getLogger(__name__)

DESCRIPTION = """
A legal knowledge graph of Vietnamese government documents: resolutions, decisions, directives,
conclusion notices, official letters, decrees, circulars, laws and the news around them.
Errors are `application/problem+json` (RFC 9457).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.driver = make_async_driver(settings)
        app.state.migration_state = {}
        task = None
        if settings.auto_migrate:
            task = asyncio.create_task(migrate_in_background(settings, app.state.migration_state))
        try:
            yield
        finally:
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await app.state.driver.close()

    app = FastAPI(
        title="vanban-kg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    problems.install(app)
    app.include_router(health.router)
    for v1 in (documents, agencies, programmes, persons, search, stats):
        app.include_router(v1.router, prefix="/v1", responses=problems.COMMON_RESPONSES)
    return app


def __getattr__(name: str) -> object:  # `uvicorn app.main:app` builds the app on first access
    if name == "app":
        return create_app()
    raise AttributeError(name)
