"""A frozen Neo4j (SIGSTOP, a stuck disk) fails an ingest instead of hanging it, and a healthy
server that is merely slow is not mistaken for a frozen one.

The local server sends a Bolt keep-alive message every ``VANBAN_NEO4J_KEEP_ALIVE`` seconds while
it works on a request and tells drivers (HELLO hint ``connection.recv_timeout_seconds``) to give
a connection up after twice that without a message. The test instance runs with 2 s.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from neo4j import Driver
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from app.connection import connect
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings
from ingest import load
from tests.integration import api_data

pytestmark = pytest.mark.integration


def test_a_frozen_server_fails_an_ingest_write_within_seconds(
    ensure_up: LocalNeo4j, settings: Settings, driver: Driver
) -> None:
    extraction = api_data.doc(
        "9301/QĐ-TTg", "2025-02-03", "Quyết định", "Thủ tướng Chính phủ", "Quyết định thử băng"
    )
    plan = load.plan_document(extraction, text=api_data.text_of(extraction))
    items = [("frozen/9301.txt", plan, None)]
    quick = settings.model_copy(update={"neo4j_retry_seconds": 1.0})
    pid = ensure_up.pid()
    assert pid is not None
    with connect(quick) as drv:  # a pooled connection that worked, as in a running ingest
        os.kill(pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            with pytest.raises((ServiceUnavailable, SessionExpired)):
                load.write_plans(drv, settings.neo4j_database, items)
            waited = time.monotonic() - started
        finally:
            os.kill(pid, signal.SIGCONT)
    # 2 x 2 s without a keep-alive, then one failed reconnect (5 s connection timeout)
    assert waited < 30.0, f"the write waited {waited:.1f} s on a frozen server"
    try:  # the server is back: the same write goes through
        report = load.write_plans(driver, settings.neo4j_database, items)
        assert (report.inserted, report.failed) == (1, 0)
    finally:
        api_data.remove(driver, settings.neo4j_database, [plan.document_id])


def test_a_long_wait_on_a_healthy_server_keeps_its_connection(
    settings: Settings, driver: Driver
) -> None:
    """A write that waits 6 s for a lock (longer than the 4 s read timeout) completes: the
    server keeps the connection alive while the request waits."""
    db = settings.neo4j_database
    driver.execute_query("MERGE (:KeepAliveProbe {id: 'probe'})", database_=db)
    errors: list[BaseException] = []
    waited: list[float] = []

    def second_writer() -> None:
        started = time.monotonic()
        try:
            driver.execute_query(
                "MATCH (n:KeepAliveProbe {id: 'probe'}) SET n.by = 'second'", database_=db
            )
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        waited.append(time.monotonic() - started)

    try:
        with driver.session(database=db) as session, session.begin_transaction() as tx:
            tx.run("MATCH (n:KeepAliveProbe {id: 'probe'}) SET n.by = 'first'").consume()
            thread = threading.Thread(target=second_writer)
            thread.start()
            time.sleep(6.0)  # holding the node's write lock
            tx.commit()
        thread.join(60.0)
        assert not errors, errors
        assert waited and waited[0] >= 5.0
        records, _, _ = driver.execute_query(
            "MATCH (n:KeepAliveProbe {id: 'probe'}) RETURN n.by AS by", database_=db
        )
        assert records[0]["by"] == "second"
    finally:
        driver.execute_query("MATCH (n:KeepAliveProbe) DELETE n", database_=db)
