"""Runtime pieces that need no server: Java discovery, the POM, the config we write."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.neo4j_runtime import LocalNeo4j, RuntimeFailure, assemble, java
from app.settings import NEO4J_VERSION, Settings


def test_no_java_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nowhere"))
    java.require_java.cache_clear()
    try:
        with pytest.raises(RuntimeFailure, match="Java not found"):
            java.require_java()
    finally:
        java.require_java.cache_clear()


def test_no_maven_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real_java = java.require_java()
    monkeypatch.setattr(assemble, "require_java", lambda: real_java)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeFailure, match="Maven"):
        assemble.assemble(tmp_path / "cache")


def test_pom_pins_the_server_version() -> None:
    pom = assemble.pom_xml()
    assert f"<artifactId>neo4j-server</artifactId><version>{NEO4J_VERSION}</version>" in pom
    assert "neo4j-browser" in pom and "neo4j-command-line" in pom


def test_conf_binds_loopback_and_instance_ports(tmp_path: Path) -> None:
    s = Settings(
        _env_file=None,
        neo4j_home=tmp_path,
        neo4j_bolt_port=17001,  # type: ignore[call-arg]
        neo4j_http_port=17002,
    )
    conf = LocalNeo4j(s).neo4j_conf()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.bolt.listen_address=:17001" in conf
    assert "server.bolt.advertised_address=:17001" in conf
    assert "server.http.listen_address=:17002" in conf
    assert f"server.directories.data={tmp_path.resolve() / 'data'}" in conf


def test_status_of_a_never_started_instance(tmp_path: Path) -> None:
    s = Settings(_env_file=None, neo4j_home=tmp_path, neo4j_http_port=17003)  # type: ignore[call-arg]
    status = LocalNeo4j(s).status()
    assert (status.running, status.answering, status.detail) == (False, False, "not running")
    assert LocalNeo4j(s).stop() is False
