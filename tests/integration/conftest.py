"""The integration suite runs against a real Neo4j 5.26, started once per session.

It is a throwaway local instance (``make test`` sets its ports and folder through ``VANBAN_*``;
run alone, pytest uses the same defaults below), stopped at the end even when tests fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from app.connection import connect
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings
from graph_schema import migrate

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "VANBAN_NEO4J_INSTANCE": "test",
    "VANBAN_NEO4J_HOME": str(ROOT / ".cache" / "test-neo4j"),
    "VANBAN_NEO4J_BOLT_PORT": "17687",
    "VANBAN_NEO4J_HTTP_PORT": "17474",
    "VANBAN_NEO4J_HEAP": "768m",
    "VANBAN_NEO4J_PAGECACHE": "512m",
    "VANBAN_NEO4J_KEEP_ALIVE": "2",  # a frozen server is given up after 4 s (test_frozen_*)
    "VANBAN_NEO4J_RUNTIME": "local",
}


@pytest.fixture(scope="session")
def settings() -> Settings:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.pop("VANBAN_NEO4J_URI", None)  # never a user's server
    os.environ.pop("VANBAN_API_KEY", None)
    return Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(settings)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def driver(neo4j_server: LocalNeo4j, settings: Settings) -> Iterator[Driver]:
    with connect(settings) as drv:
        migrate.apply(drv, settings.neo4j_database)
        yield drv


@pytest.fixture()
def ensure_up(neo4j_server: LocalNeo4j) -> LocalNeo4j:
    """For tests that stop the server: make sure it is up before (and so after) them."""
    if not neo4j_server.status().answering:
        neo4j_server.start()
    return neo4j_server
