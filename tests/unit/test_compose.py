"""docker-compose.yml runs the same Neo4j as the local runtime, bound to loopback."""

from __future__ import annotations

import yaml

from app.neo4j_runtime.docker import COMPOSE_FILE
from app.settings import NEO4J_VERSION


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(COMPOSE_FILE.read_text())


def test_same_neo4j_version_as_local_runtime() -> None:
    image = _compose()["services"]["neo4j"]["image"]
    assert image.startswith(f"neo4j:{NEO4J_VERSION}"), image
    assert "community" in image


def test_ports_bound_to_loopback_and_password_from_env() -> None:
    services = _compose()["services"]
    for name in ("neo4j", "api"):
        for port in services[name]["ports"]:
            assert port.startswith("127.0.0.1:"), (name, port)
        assert "healthcheck" in services[name]
    assert "${VANBAN_NEO4J_PASSWORD" in services["neo4j"]["environment"]["NEO4J_AUTH"]
    assert set(_compose()["volumes"]) == {"neo4j-data", "neo4j-logs"}
