"""Find a Java runtime that Neo4j 5.26 accepts (17 or 21) and the flags its launcher would pass."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from app.neo4j_runtime.errors import RuntimeFailure

# What the official bin/neo4j launcher passes on 5.x (server.jvm.additional in neo4j.conf is
# ignored when the entry point is started directly). Without the java.nio opening Java 17 fails
# with "LinkageError: Cannot to link java.nio.DirectByteBuffer".
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)

SUPPORTED = (17, 21)


def _java_candidates() -> list[str]:
    out = []
    if home := os.environ.get("JAVA_HOME"):
        out.append(str(Path(home) / "bin" / "java"))
    if found := shutil.which("java"):
        out.append(found)
    return out


@lru_cache(maxsize=1)
def require_java() -> str:
    """Path of a supported ``java`` executable, or a one-line :class:`RuntimeFailure`."""
    candidates = [c for c in _java_candidates() if Path(c).is_file()]
    if not candidates:
        raise RuntimeFailure(
            "Java not found: Neo4j 5.26 needs a JDK 17 or 21 (apt-get install openjdk-17-jdk), "
            "or set VANBAN_NEO4J_URI to use a running Neo4j"
        )
    seen = []
    for java in candidates:
        try:
            proc = subprocess.run(
                [java, "-version"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        m = re.search(r'version "(\d+)', proc.stderr + proc.stdout)
        major = int(m.group(1)) if m else 0
        seen.append(f"{java} ({major or 'unknown'})")
        if major in SUPPORTED:
            return java
    raise RuntimeFailure(
        f"no supported Java found (need 17 or 21, found {', '.join(seen) or 'none'})"
    )
