"""The API process answers /health and speaks problem+json even when Neo4j is absent."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings


def _app() -> TestClient:
    # a port where nothing listens: the driver is created lazily, nothing connects at start-up
    settings = Settings(
        _env_file=None,
        neo4j_uri="bolt://127.0.0.1:9",
        auto_migrate=False,  # type: ignore[call-arg]
        neo4j_connect_timeout=1.0,
    )
    return TestClient(create_app(settings))


def test_health_is_up_without_neo4j() -> None:
    with _app() as client:
        resp = client.get("/health")
        assert resp.status_code == 200 and resp.json()["status"] == "ok"


def test_ready_is_503_problem_without_neo4j() -> None:
    with _app() as client:
        resp = client.get("/ready")
        assert resp.status_code == 503
        assert resp.headers["content-type"].startswith("application/problem+json")
        body = resp.json()
        assert body["status"] == 503 and "unreachable" in body["detail"]


def test_unknown_route_is_problem_json() -> None:
    with _app() as client:
        resp = client.get("/no-such-thing")
        assert resp.status_code == 404
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert resp.json()["title"] == "Not Found"


def test_openapi_is_served() -> None:
    with _app() as client:
        assert client.get("/openapi.json").json()["info"]["title"] == "vanban-kg"
        assert client.get("/docs").status_code == 200
