"""Assemble the official Neo4j Community server from Maven Central jars.

Neo4j publishes no server tarball on Maven Central, but every jar of it is there. A throwaway
POM that depends on the server, the DBMS, the admin tool, the import tool and the Browser is
resolved with ``maven-dependency-plugin:copy-dependencies`` into ``<cache>/neo4j-<version>/lib``.
The folder is built under a temporary name and renamed when complete, so an interrupted download
never leaves a half-filled ``lib/`` that looks usable. The cache lives outside the repository and
is shared by every clone and instance; Maven's own ``~/.m2`` keeps the downloaded artifacts.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.neo4j_runtime.errors import RuntimeFailure
from app.neo4j_runtime.java import require_java
from app.settings import NEO4J_BROWSER_VERSION, NEO4J_VERSION

logger = logging.getLogger(__name__)

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# (groupId, artifactId, version): the Community server, its DBMS, neo4j-admin, the bulk import
# tool (``neo4j-admin database import``) and the Browser's static files (served at /browser).
ARTIFACTS: tuple[tuple[str, str, str], ...] = (
    ("org.neo4j.app", "neo4j-server", NEO4J_VERSION),
    ("org.neo4j", "neo4j", NEO4J_VERSION),
    ("org.neo4j", "neo4j-command-line", NEO4J_VERSION),
    ("org.neo4j", "neo4j-import-tool", NEO4J_VERSION),
    ("org.neo4j.client", "neo4j-browser", NEO4J_BROWSER_VERSION),
)

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>vanban</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
{deps}
  </dependencies>
</project>
"""


def pom_xml() -> str:
    deps = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
        f"<version>{v}</version></dependency>"
        for g, a, v in ARTIFACTS
    )
    return _POM.format(version=NEO4J_VERSION, deps=deps)


def lib_dir(cache_dir: Path) -> Path:
    return cache_dir / f"neo4j-{NEO4J_VERSION}" / "lib"


def is_assembled(cache_dir: Path) -> bool:
    lib = lib_dir(cache_dir)
    return (lib.parent / "COMPLETE").is_file() and any(lib.glob("neo4j-server-*.jar"))


def assemble(cache_dir: Path, *, timeout: float = 900.0) -> Path:
    """Return the ``lib/`` folder of the server, downloading it once if needed."""
    lib = lib_dir(cache_dir)
    if is_assembled(cache_dir):
        return lib
    require_java()
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeFailure(
            "Maven (mvn) not found on PATH: it is needed once to fetch the Neo4j jars "
            "(apt-get install maven), or set VANBAN_NEO4J_URI to use a running Neo4j"
        )
    home = lib.parent
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="assemble-", dir=home) as tmp:
        work = Path(tmp)
        (work / "pom.xml").write_text(pom_xml(), encoding="utf-8")
        staging = work / "lib"
        cmd = [
            mvn,
            "-B",
            "-q",
            f"{DEPENDENCY_PLUGIN}:copy-dependencies",
            f"-DoutputDirectory={staging}",
            "-DincludeScope=runtime",
        ]
        logger.info("assembling Neo4j %s from Maven Central into %s", NEO4J_VERSION, lib)
        try:
            proc = subprocess.run(
                cmd, cwd=work, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeFailure(
                f"Maven did not finish fetching the Neo4j jars within {timeout:.0f}s "
                "(is Maven Central reachable?)"
            ) from exc
        if proc.returncode != 0:
            out = (proc.stdout + proc.stderr).strip().splitlines()
            hint = next(
                (line for line in out if "Could not" in line or "ERROR" in line),
                out[-1] if out else "",
            )
            reach = (
                " (Maven Central unreachable?)"
                if any(w in hint for w in ("resolve", "transfer", "Unknown host", "connect"))
                else ""
            )
            raise RuntimeFailure(f"Maven failed to fetch the Neo4j jars{reach}: {hint.strip()}")
        if not any(staging.glob("neo4j-server-*.jar")):
            raise RuntimeFailure("Maven finished but the Neo4j server jar is missing")
        if lib.exists():
            shutil.rmtree(lib)
        staging.rename(lib)
    (home / "COMPLETE").write_text(NEO4J_VERSION + "\n", encoding="utf-8")
    return lib
