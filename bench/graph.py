"""The Neo4j the benchmarks load: by default a local instance of its own (``bench``), recreated
empty for each ingest run; ``VANBAN_NEO4J_URI`` points them at another server instead (which is
then never emptied)."""

from __future__ import annotations

import os
import shutil
from typing import Any

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


def graph_rows(driver: Driver, database: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every node (``labels``, ``props``) and every relationship (``type``, its ends' labels
    ``al``/``bl`` and ids ``a``/``b``, ``props``) of the graph, for dumps that compare two
    graphs; ``SchemaMigration`` bookkeeping nodes are left out."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:SchemaMigration RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS al, a.id AS a, "
        "labels(b) AS bl, b.id AS b, properties(r) AS props",
        database_=database,
    )
    return [dict(r.items()) for r in nodes], [dict(r.items()) for r in rels]
