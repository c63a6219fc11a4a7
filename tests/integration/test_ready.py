"""/ready follows Neo4j: 503 when it is stopped, 200 again when it is back."""

from __future__ import annotations

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
