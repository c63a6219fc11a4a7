"""Who runs Neo4j: the user's server (``VANBAN_NEO4J_URI``), Docker compose, or the local runtime.

``get_runtime`` makes the choice; ``None`` means an external server that vanban must neither
start nor stop.
"""

from __future__ import annotations

from typing import Protocol

from app.neo4j_runtime.docker import DockerNeo4j, engine_available
from app.neo4j_runtime.errors import RuntimeFailure
from app.neo4j_runtime.local import LocalNeo4j, Status
from app.settings import Settings

__all__ = ["DockerNeo4j", "LocalNeo4j", "Runtime", "RuntimeFailure", "Status", "get_runtime"]


class Runtime(Protocol):
    def start(self) -> Status: ...
    def stop(self) -> bool: ...
    def kill(self) -> bool: ...
    def status(self) -> Status: ...
    def log_tail(self, lines: int = 20) -> str: ...


def get_runtime(settings: Settings) -> Runtime | None:
    if settings.external:
        return None
    choice = settings.neo4j_runtime
    if choice == "docker" or (choice == "auto" and engine_available()):
        return DockerNeo4j(settings)
    return LocalNeo4j(settings)
