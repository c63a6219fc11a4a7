"""Latency of the API on a loaded graph, measured from a separate load process.

Starts ``vanban serve`` on a loopback port (a subprocess, pointed at the bench graph; a free
port unless ``VANBAN_BENCH_API_PORT`` names one), waits for ``/ready``, then runs
``bench.loadgen`` in another subprocess with a plan of request ids: half uniform over the
corpus's documents, half weighted by in-degree (hubs), and chains (depth 3, ``direction=in``)
from in-degree-weighted documents. Bounded counts and time.

The graph is the one the last ``ingest`` loaded and is reused from run to run: a local bench
Neo4j that is not running is started, and only an empty graph is loaded first (from the
corpus's cached extraction, ``bench.ingest_throughput``'s write path, ~3 min for 20k documents
here). The load process's HTTP client is ``wire`` (a minimal keep-alive HTTP/1.1 client) unless
``VANBAN_BENCH_CLIENT=httpx`` (see ``bench/loadgen.py``).
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

import queries
from app.settings import Settings
from ingest.generate import iter_ground_truth


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare_graph(settings: Settings, corpus: Path, *, batch_size: int = 500) -> int:
    """Make sure the bench graph answers and holds ``corpus``: a local Neo4j is started when
    it is down, an empty graph is loaded (schema applied, cached extraction written); a loaded
    one is reused as it is. The number of ingested documents."""
    from bench.graph import open_graph

    driver = open_graph(settings, fresh=False)  # starts a local instance, applies the schema
    try:
        count = queries.load("count_ingested_documents")
        records, _, _ = driver.execute_query(count, database_=settings.neo4j_database)
        loaded = int(records[0]["n"])
        if loaded:
            print(f"latency: reusing the loaded graph ({loaded:,} ingested documents)")
            return loaded
        from bench.ingest_throughput import iter_plans, pre_extract
        from ingest.load import write_plans

        started = time.monotonic()
        cache = pre_extract(corpus, os.cpu_count() or 1)
        report = write_plans(
            driver, settings.neo4j_database, iter_plans(cache), batch_size=batch_size
        )
        records, _, _ = driver.execute_query(count, database_=settings.neo4j_database)
        loaded = int(records[0]["n"])
        print(
            f"latency: loaded {report.total:,} documents ({report.failed} failed) in "
            f"{time.monotonic() - started:.0f}s; {loaded:,} ingested documents"
        )
        return loaded
    finally:
        driver.close()


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
    client: str | None = None,
) -> dict[str, Any]:
    prepare_graph(settings, corpus)
    plan = request_plan(corpus, cited_by=cited_by, chain=chain, seed=seed)
    plan.update(
        warmup=min(200, cited_by),
        concurrency=concurrency,
        max_seconds=max_seconds,
        client=client or os.environ.get("VANBAN_BENCH_CLIENT", "wire"),
    )
    port = int(os.environ.get("VANBAN_BENCH_API_PORT") or _free_port())
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
