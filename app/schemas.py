"""API response schemas (kept apart from ingest payloads and graph models)."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    status: str
    version: str


class Ready(BaseModel):
    status: str
    neo4j: str
    schema_version: int | None
    pending_migrations: list[str]
