"""Synchronous connection checks for the CLI: turn driver errors into one-line messages."""

from __future__ import annotations

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

import queries
from app.neo4j_runtime.errors import RuntimeFailure
from app.settings import Settings


def connect(settings: Settings) -> Driver:
    """A verified sync driver, or :class:`RuntimeFailure` saying what is wrong."""
    driver = GraphDatabase.driver(
        settings.bolt_uri,
        auth=settings.auth(),
        connection_timeout=settings.neo4j_connect_timeout,
        # opening a connection includes the Bolt handshake, which the driver bounds by the
        # acquisition deadline (default 60 s): a frozen server that still accepts TCP would hold
        # each retry that long (tests/integration/test_frozen_neo4j.py)
        connection_acquisition_timeout=settings.neo4j_connect_timeout * 2,
        max_transaction_retry_time=settings.neo4j_retry_seconds,
        notifications_min_severity="OFF",
    )
    try:
        driver.verify_connectivity()
        driver.execute_query(queries.load("ping"), database_=settings.neo4j_database)
    except AuthError as exc:
        driver.close()
        raise RuntimeFailure(
            f"Neo4j at {settings.bolt_uri} refused user '{settings.neo4j_user}' with the "
            "configured password: set VANBAN_NEO4J_PASSWORD to the password this server was "
            "initialised with (a local instance can be recreated with `vanban neo4j reset`)"
        ) from exc
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise RuntimeFailure(
            f"Neo4j at {settings.bolt_uri} is not reachable ({exc}); start it with "
            "`vanban neo4j start` or fix VANBAN_NEO4J_URI"
        ) from exc
    except Exception:
        driver.close()
        raise
    return driver
