"""Run a Neo4j 5.26 Community server from the assembled jars, without Docker.

An *instance* is a folder (``conf/``, ``data/``, ``logs/``, ``run/neo4j.pid``) with its own
ports; ``make run`` uses ``default`` (7687/7474), the test suite a throwaway one on other ports.
The server is started directly through ``org.neo4j.server.CommunityEntryPoint`` (the launcher
script is not on Maven Central), so heap and JVM flags are passed on the command line. It runs in
its own session (it outlives the CLI) and is stopped with SIGTERM, Neo4j's graceful shutdown.
Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.neo4j_runtime.assemble import assemble
from app.neo4j_runtime.errors import RuntimeFailure
from app.neo4j_runtime.java import JVM_FLAGS, require_java
from app.settings import Settings

logger = logging.getLogger(__name__)

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# Exit codes of the entry point (CommunityEntryPoint / ServerBootstrapper).
EXIT_REASONS = {1: "web server or unexpected error", 2: "database failed to start", 3: "bad config"}


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    answering: bool
    version: str | None
    detail: str


def _port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child still "exists": look at /proc where we can
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        with contextlib.suppress(OSError, IndexError):
            return stat.read_text().split(") ", 1)[1][0] != "Z"
    return True


def _is_neo4j_process(pid: int, home: Path) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():  # not Linux: trust the pid file
        return _pid_alive(pid)
    with contextlib.suppress(OSError):
        args = cmdline.read_bytes().split(b"\0")
        return ENTRY_POINT.encode() in args and f"--home-dir={home}".encode() in args
    return False


def _raise_nofile() -> None:
    """Child pre-exec: raise the open-files limit (Neo4j asks for 40000+) and detach."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard == resource.RLIM_INFINITY else max(soft, min(hard, 60000))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class LocalNeo4j:
    """One Neo4j instance on this machine, driven through its folder and pid file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.instance_dir.resolve()
        self.conf_dir = self.home / "conf"
        self.data_dir = self.home / "data"
        self.logs_dir = self.home / "logs"
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.console_log = self.logs_dir / "console.log"

    # ----- configuration -------------------------------------------------------------------
    def neo4j_conf(self) -> str:
        s = self.settings
        lines = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f":{s.neo4j_bolt_port}",
            "server.bolt.advertised_address": f":{s.neo4j_bolt_port}",
            "server.http.listen_address": f":{s.neo4j_http_port}",
            "server.http.advertised_address": f":{s.neo4j_http_port}",
            "server.https.enabled": "false",
            # a keep-alive message every N s during any request (type ALL, the default); the
            # HELLO hint connection.recv_timeout_seconds = N x 2 probes is the drivers' read
            # timeout, so a frozen server is noticed (see docs/faults.md, "A frozen Neo4j")
            "server.bolt.connection_keep_alive": f"{s.neo4j_keep_alive}s",
            "server.bolt.connection_keep_alive_for_requests": "ALL",
            "server.bolt.connection_keep_alive_streaming_scheduling_interval": (
                f"{max(1, s.neo4j_keep_alive // 2)}s"
            ),
            "server.directories.data": str(self.data_dir),
            "server.directories.logs": str(self.logs_dir),
            "server.directories.run": str(self.home / "run"),
            "server.directories.import": str(self.home / "import"),
            "server.directories.plugins": str(self.home / "plugins"),
            "server.memory.pagecache.size": s.neo4j_pagecache,
            "initial.dbms.default_database": s.neo4j_database,
            "dbms.usage_report.enabled": "false",
            "server.config.strict_validation.enabled": "true",
            "db.tx_log.rotation.retention_policy": "2 days 2G",
            "dbms.security.auth_enabled": "true",
        }
        header = "# Written by `vanban neo4j start`; edits are overwritten at the next start.\n"
        return header + "".join(f"{k}={v}\n" for k, v in lines.items())

    def _java_cmd(self, lib: Path, main: str, *args: str, heap: str | None = None) -> list[str]:
        java = require_java()
        mem = [f"-Xms{heap}", f"-Xmx{heap}"] if heap else ["-Xmx256m"]
        return [java, *mem, *JVM_FLAGS, "-cp", f"{lib}/*", main, *args]

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    # ----- state ----------------------------------------------------------------------------
    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _pid_alive(pid) and _is_neo4j_process(pid, self.home) else None

    def discovery(self, timeout: float = 2.0) -> dict[str, object] | None:
        url = f"http://127.0.0.1:{self.settings.neo4j_http_port}/"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                if resp.status == 200:
                    data = json.loads(resp.read().decode("utf-8"))
                    return data if isinstance(data, dict) else None
        except (OSError, ValueError, urllib.error.URLError):
            return None
        return None

    def status(self) -> Status:
        pid = self.pid()
        info = self.discovery() if pid else None
        version = str(info.get("neo4j_version")) if info else None
        if pid and info:
            detail = f"running (pid {pid}), Neo4j {version} at {self.settings.bolt_uri}"
        elif pid:
            detail = (
                f"process {pid} is up but not answering on port {self.settings.neo4j_http_port}"
            )
        else:
            detail = "not running"
        return Status(bool(pid), pid, bool(info), version, detail)

    def log_tail(self, lines: int = 20) -> str:
        chunks = []
        for log in (self.console_log, self.logs_dir / "neo4j.log", self.logs_dir / "debug.log"):
            if log.is_file():
                with contextlib.suppress(OSError):
                    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
                    chunks.append(f"--- {log} ---\n" + "\n".join(text[-lines:]))
                    break
        return "\n".join(chunks) or "(no log written)"

    # ----- lifecycle ------------------------------------------------------------------------
    def _prepare_home(self, lib: Path) -> None:
        for d in (
            self.conf_dir,
            self.data_dir,
            self.logs_dir,
            self.pid_file.parent,
            self.home / "import",
            self.home / "plugins",
        ):
            d.mkdir(parents=True, exist_ok=True)
        (self.conf_dir / "neo4j.conf").write_text(self.neo4j_conf(), encoding="utf-8")
        auth_marker = self.data_dir / "dbms" / "auth.ini"
        if not auth_marker.exists():
            cmd = self._java_cmd(
                lib,
                ADMIN_TOOL,
                "dbms",
                "set-initial-password",
                self.settings.neo4j_password.get_secret_value(),
            )
            try:
                proc = subprocess.run(
                    cmd, env=self._env(), capture_output=True, text=True, timeout=120, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise RuntimeFailure("neo4j-admin set-initial-password timed out (120s)") from exc
            if proc.returncode != 0:
                last = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
                raise RuntimeFailure(
                    f"could not set the initial Neo4j password: {' '.join(last) or proc.returncode}"
                )

    def start(self, *, progress: Callable[[str], None] | None = None) -> Status:
        """Start the instance (idempotent) and wait until it answers. Returns its status."""
        say = progress or (lambda _msg: None)
        current = self.status()
        if current.running:
            if not current.answering:
                current = self._wait_ready(current.pid, self.settings.neo4j_start_timeout)
            say(f"already running: {current.detail}")
            return current
        s = self.settings
        for port, name in ((s.neo4j_bolt_port, "Bolt"), (s.neo4j_http_port, "HTTP")):
            if _port_in_use(port):
                raise RuntimeFailure(
                    f"port {port} ({name}) is already in use by another process: stop it, or set "
                    f"VANBAN_NEO4J_{'BOLT' if name == 'Bolt' else 'HTTP'}_PORT, or point "
                    "VANBAN_NEO4J_URI at that server"
                )
        say("assembling Neo4j jars (cached after the first run)")
        lib = assemble(s.cache_dir, timeout=s.maven_timeout)
        self._prepare_home(lib)
        cmd = self._java_cmd(
            lib,
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
            "--console-mode",
            heap=s.neo4j_heap,
        )
        say(f"starting Neo4j on bolt://127.0.0.1:{s.neo4j_bolt_port}")
        log = self.console_log.open("ab")
        try:
            proc = subprocess.Popen(
                cmd,
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_raise_nofile,
                cwd=self.home,
            )
        finally:
            log.close()
        self.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
        started = time.monotonic()
        status = self._wait_ready(proc.pid, s.neo4j_start_timeout, proc=proc)
        logger.info("Neo4j answered after %.1fs", time.monotonic() - started)
        return status

    def _wait_ready(
        self, pid: int | None, timeout: float, proc: subprocess.Popen[bytes] | None = None
    ) -> Status:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and (code := proc.poll()) is not None:
                self.pid_file.unlink(missing_ok=True)
                reason = EXIT_REASONS.get(code, f"exit code {code}")
                raise RuntimeFailure(
                    f"Neo4j exited during start ({reason}); last log lines:\n{self.log_tail()}"
                )
            if pid and not _pid_alive(pid):
                raise RuntimeFailure(
                    f"Neo4j exited during start; last log lines:\n{self.log_tail()}"
                )
            if self.discovery(timeout=1.0) and _port_in_use(self.settings.neo4j_bolt_port):
                return self.status()
            time.sleep(0.25)
        raise RuntimeFailure(
            f"Neo4j did not answer within {timeout:.0f}s; last log lines:\n{self.log_tail()}"
        )

    def stop(self) -> bool:
        """Stop the instance; True if it was running. Waits for exit, then SIGKILLs (bounded)."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.settings.neo4j_stop_timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)  # reap if it is our child
            if not _pid_alive(pid):
                break
            time.sleep(0.2)
        else:
            logger.warning(
                "Neo4j (pid %s) ignored SIGTERM for %ss; killing it",
                pid,
                self.settings.neo4j_stop_timeout,
            )
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> bool:
        """SIGKILL the instance (fault-injection tests: a crash, not a shutdown)."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _pid_alive(pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True
