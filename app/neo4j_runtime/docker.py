"""Run Neo4j through ``docker compose`` (the official ``neo4j:5.26`` image) for users with Docker.

Only the ``neo4j`` service of the repository's ``docker-compose.yml`` is started here; the API
runs on the host (``make run``) or as the compose ``api`` service (``docker compose up``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from app.neo4j_runtime.errors import RuntimeFailure
from app.neo4j_runtime.local import Status
from app.settings import Settings

COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def compose_command() -> list[str] | None:
    """``docker compose`` (plugin) or ``docker-compose`` (standalone), whichever exists."""
    docker = shutil.which("docker")
    if docker:
        try:
            ok = (
                subprocess.run(
                    [docker, "compose", "version"], capture_output=True, timeout=10, check=False
                ).returncode
                == 0
            )
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


def engine_available() -> bool:
    """True when a Docker engine answers (not merely a docker client on PATH)."""
    docker = shutil.which("docker")
    if not docker or compose_command() is None:
        return False
    try:
        return (
            subprocess.run(
                [docker, "info"], capture_output=True, timeout=10, check=False
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


class DockerNeo4j:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        cmd = compose_command()
        if cmd is None:
            raise RuntimeFailure("docker compose is not installed")
        # one compose project per instance: its own containers and named volumes
        project = (
            "vanban"
            if settings.neo4j_instance == "default"
            else (f"vanban-{settings.neo4j_instance}")
        )
        self.compose = [*cmd, "-p", project, "-f", str(COMPOSE_FILE)]

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["VANBAN_NEO4J_PASSWORD"] = self.settings.neo4j_password.get_secret_value()
        env["VANBAN_NEO4J_BOLT_PORT"] = str(self.settings.neo4j_bolt_port)
        env["VANBAN_NEO4J_HTTP_PORT"] = str(self.settings.neo4j_http_port)
        return env

    def _run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [*self.compose, *args],
                env=self._env(),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeFailure(
                f"docker compose {args[0]} timed out after {timeout:.0f}s"
            ) from exc

    def _answering(self) -> dict[str, object] | None:
        try:
            url = f"http://127.0.0.1:{self.settings.neo4j_http_port}/"
            with urllib.request.urlopen(url, timeout=2) as resp:
                data = json.loads(resp.read())
                return data if isinstance(data, dict) else None
        except (OSError, ValueError):
            return None

    def status(self) -> Status:
        info = self._answering()
        ps = self._run("ps", "-q", "neo4j", timeout=30).stdout.strip()
        running = bool(ps)
        version = str(info.get("neo4j_version")) if info else None
        detail = (
            f"running in Docker, Neo4j {version}"
            if info
            else "container up, not answering"
            if running
            else "not running"
        )
        return Status(running, None, bool(info), version, detail)

    def start(self, *, progress: object = None) -> Status:
        proc = self._run("up", "-d", "--wait", "neo4j", timeout=self.settings.neo4j_start_timeout)
        if proc.returncode != 0:
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
            raise RuntimeFailure(f"docker compose could not start Neo4j:\n{tail}")
        deadline = time.monotonic() + self.settings.neo4j_start_timeout
        while time.monotonic() < deadline:
            if self._answering():
                return self.status()
            time.sleep(0.5)
        raise RuntimeFailure(f"Neo4j container did not answer; last log lines:\n{self.log_tail()}")

    def stop(self) -> bool:
        was = self.status().running
        self._run("stop", "neo4j", timeout=self.settings.neo4j_stop_timeout + 30)
        return was

    def kill(self) -> bool:
        was = self.status().running
        self._run("kill", "neo4j", timeout=60)
        return was

    def log_tail(self, lines: int = 20) -> str:
        return self._run("logs", "--tail", str(lines), "neo4j", timeout=30).stdout
