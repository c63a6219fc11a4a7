"""The local Neo4j runtime: idempotent start, clear failures."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.connection import connect
from app.neo4j_runtime import LocalNeo4j, RuntimeFailure
from app.settings import Settings


def _java_processes_for(home: Path) -> int:
    count = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"--home-dir={home}".encode() in args:
            count += 1
    return count


def test_start_twice_does_not_start_a_second_server(ensure_up: LocalNeo4j) -> None:
    first = ensure_up.status()
    again = ensure_up.start()
    assert again.pid == first.pid
    assert again.answering
    assert _java_processes_for(ensure_up.home) == 1


def test_wrong_password_is_one_clear_error(ensure_up: LocalNeo4j, settings: Settings) -> None:
    bad = settings.model_copy(
        update={"neo4j_password": settings.neo4j_password.__class__("not-the-password")}
    )
    with pytest.raises(RuntimeFailure, match="refused user 'neo4j'"):
        connect(bad)


def test_port_taken_by_another_process(settings: Settings, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        other = settings.model_copy(
            update={
                "neo4j_home": tmp_path / "other",
                "neo4j_bolt_port": port,
                "neo4j_http_port": port + 1 if port < 65535 else port - 1,
            }
        )
        with pytest.raises(RuntimeFailure, match=f"port {port} \\(Bolt\\) is already in use"):
            LocalNeo4j(other).start()


def test_neo4j_exiting_during_start_shows_its_log(settings: Settings, tmp_path: Path) -> None:
    # An impossible page cache size makes Neo4j refuse to start: the error must carry its log.
    bad = settings.model_copy(
        update={
            "neo4j_home": tmp_path / "broken",
            "neo4j_bolt_port": 17697,
            "neo4j_http_port": 17498,
            "neo4j_pagecache": "900000g",
            "neo4j_start_timeout": 120.0,
        }
    )
    server = LocalNeo4j(bad)
    try:
        with pytest.raises(RuntimeFailure, match="Neo4j exited during start") as info:
            server.start()
        assert "last log lines" in str(info.value)
        assert server.status().running is False
    finally:
        server.stop()
