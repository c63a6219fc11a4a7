"""Latency of the API on a loaded graph, measured from a separate load process.

Starts ``vanban serve`` on a free loopback port (a subprocess, pointed at the bench graph),
waits for ``/ready``, then runs ``bench.loadgen`` in another subprocess with a plan of request
ids: half uniform over the corpus's documents, half weighted by in-degree (hubs), and chains
(depth 3, ``direction=in``) from in-degree-weighted documents. Bounded counts and time.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from app.settings import Settings
from ingest.generate import iter_ground_truth


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request_plan(corpus: Path, *, cited_by: int, chain: int, seed: int) -> dict[str, Any]:
    ids: list[str] = []
    indegree: Counter[str] = Counter()
    for rec in iter_ground_truth(corpus):
        ids.append(rec["id"])
        indegree.update(c["id"] for c in rec["citations"] if c["in_corpus"])
    rng = random.Random(seed)
    weights = [indegree[i] + 1 for i in ids]
    half = cited_by // 2
    picks = rng.choices(ids, k=half) + rng.choices(ids, weights=weights, k=cited_by - half)
    rng.shuffle(picks)
    return {
        "cited_by": picks,
        "chain": rng.choices(ids, weights=weights, k=chain),
        "hub_share": sum(sorted(indegree.values(), reverse=True)[: max(1, len(ids) // 100)])
        / max(1, sum(indegree.values())),
    }


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"vanban serve exited with {proc.returncode}")
        try:
            r = httpx.get(f"{base}/ready", timeout=2.0)
            if r.status_code == 200:
                return
            last = r.text[:200]
        except httpx.HTTPError as exc:
            last = str(exc)
        time.sleep(0.5)
    raise RuntimeError(f"the API did not become ready in {timeout:.0f}s: {last}")


def measure(
    settings: Settings,
    corpus: Path,
    *,
    cited_by: int = 2000,
    chain: int = 300,
    concurrency: int = 1,
    seed: int = 0,
    max_seconds: float = 120.0,
) -> dict[str, Any]:
    plan = request_plan(corpus, cited_by=cited_by, chain=chain, seed=seed)
    plan.update(warmup=min(200, cited_by), concurrency=concurrency, max_seconds=max_seconds)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        VANBAN_NEO4J_URI=settings.bolt_uri,
        VANBAN_API_HOST="127.0.0.1",
        VANBAN_API_PORT=str(port),
    )
    vanban = Path(sys.executable).with_name("vanban")
    cmd = [str(vanban), "serve"] if vanban.exists() else [sys.executable, "-m", "app.cli", "serve"]
    with tempfile.TemporaryDirectory() as tmp:
        plan_file = Path(tmp) / "plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        log = (Path(tmp) / "serve.log").open("wb")
        server = subprocess.Popen(
            [*cmd, "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(base, server, 90.0)
            done = subprocess.run(
                [sys.executable, "-m", "bench.loadgen", "--base", base, "--plan", str(plan_file)],
                capture_output=True,
                timeout=max_seconds * 2 + 120,
                check=False,
                cwd=Path(__file__).resolve().parents[1],
            )
            if done.returncode != 0:
                raise RuntimeError(f"load generator failed: {done.stderr.decode()[-500:]}")
            result: dict[str, Any] = json.loads(done.stdout)
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5)
            log.close()
    result["hub_share"] = plan["hub_share"]
    return result
