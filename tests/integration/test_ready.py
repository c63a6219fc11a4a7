"""/ready follows Neo4j: 503 when it is stopped, 200 again when it is back."""

from __future__ import annotations

import os
import signal
import time

from fastapi.testclient import TestClient

from app.main import create_app
from app.neo4j_runtime import LocalNeo4j
from app.settings import Settings


def _wait_status(client: TestClient, want: int, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    code = -1
    while time.monotonic() < deadline:
        code = client.get("/ready").status_code
        if code == want:
            return code
        time.sleep(0.5)
    return code


def test_ready_follows_neo4j(ensure_up: LocalNeo4j, settings: Settings, driver: object) -> None:
    with TestClient(create_app(settings)) as client:
        assert _wait_status(client, 200) == 200
        body = client.get("/ready").json()
        assert body["status"] == "ready" and body["pending_migrations"] == []

        ensure_up.stop()
        resp = client.get("/ready")
        assert resp.status_code == 503
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert "unreachable" in resp.json()["detail"]
        assert client.get("/health").status_code == 200  # the process itself is fine

        ensure_up.start()
        assert _wait_status(client, 200) == 200


def test_frozen_neo4j_answers_503_within_the_query_timeout(
    ensure_up: LocalNeo4j, settings: Settings, driver: object
) -> None:
    """A server that accepts connections but never answers (SIGSTOP) must not hang requests:
    the read is bounded by ``VANBAN_QUERY_TIMEOUT`` and answers 503, and the same process
    answers 200 once the server runs again."""
    quick = settings.model_copy(update={"query_timeout": 2.0})
    with TestClient(create_app(quick)) as client:
        # warm up (the first plan of a query may take longer than 2 s on a loaded machine)
        assert _wait_ok(client, "/v1/stats") == 200
        pid = ensure_up.pid()
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            resp = client.get("/v1/stats")
            waited = time.monotonic() - started
        finally:
            os.kill(pid, signal.SIGCONT)
        assert resp.status_code == 503
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert resp.headers["retry-after"] == "5"
        assert "did not answer in time" in resp.json()["detail"]
        assert waited < 10.0
        assert _wait_ok(client, "/v1/stats") == 200


def _wait_ok(client: TestClient, path: str, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    code = -1
    while time.monotonic() < deadline:
        code = client.get(path).status_code
        if code == 200:
            return code
        time.sleep(0.5)
    return code
