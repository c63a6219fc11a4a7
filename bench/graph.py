"""The Neo4j the benchmarks load: by default a local instance of its own (``bench``), recreated
empty for each ingest run; ``VANBAN_NEO4J_URI`` points them at another server instead (which is
then never emptied)."""

from __future__ import annotations

import os
import shutil

from neo4j import Driver

from app.connection import connect
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings
from graph_schema import migrate

BENCH_ENV = {
    "VANBAN_NEO4J_INSTANCE": "bench",
    "VANBAN_NEO4J_BOLT_PORT": "27687",
    "VANBAN_NEO4J_HTTP_PORT": "27474",
    "VANBAN_NEO4J_RUNTIME": "local",
}


def bench_settings() -> Settings:
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    return Settings(_env_file=None)  # type: ignore[call-arg]


def open_graph(settings: Settings, *, fresh: bool) -> Driver:
    """A driver on the bench graph with the schema applied; ``fresh`` empties a local one."""
    if not settings.external:
        server = LocalNeo4j(settings)
        if fresh:
            server.stop()
            shutil.rmtree(server.home, ignore_errors=True)
        server.start()
    driver = connect(settings)
    migrate.apply(driver, settings.neo4j_database)
    return driver


def stop_graph(settings: Settings) -> None:
    if not settings.external:
        LocalNeo4j(settings).stop()
