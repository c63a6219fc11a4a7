"""The load process of the latency benchmark: ``python -m bench.loadgen --base URL --plan F``.

Runs in its own process (not the server's), over loopback, with httpx: reads a JSON plan
``{"cited_by": [ids], "chain": [ids], "warmup": n, "concurrency": c, "max_seconds": s}``,
sends the requests (``concurrency`` at a time) and prints JSON latencies (milliseconds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

import httpx


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_ms:
        return float("nan")
    k = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


async def _phase(
    client: httpx.AsyncClient, urls: list[str], concurrency: int, max_seconds: float
) -> dict[str, Any]:
    times: list[float] = []
    errors: dict[str, int] = {}
    queue = list(reversed(urls))
    deadline = time.monotonic() + max_seconds

    async def one() -> None:
        while queue and time.monotonic() < deadline:
            url = queue.pop()
            t0 = time.perf_counter()
            try:
                r = await client.get(url)
                await r.aread()
                status = str(r.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            ms = (time.perf_counter() - t0) * 1000
            if status == "200":
                times.append(ms)
            else:
                errors[status] = errors.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    times.sort()
    return {
        "n": len(times),
        "errors": errors,
        "p50": percentile(times, 50),
        "p90": percentile(times, 90),
        "p99": percentile(times, 99),
        "max": times[-1] if times else float("nan"),
        "rps": len(times) / wall if wall else 0.0,
    }


async def run(base: str, plan: dict[str, Any]) -> dict[str, Any]:
    c = int(plan.get("concurrency", 1))
    limits = httpx.Limits(max_connections=c, max_keepalive_connections=c)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        warm = [f"/v1/documents/{i}/cited-by" for i in plan["cited_by"][: plan.get("warmup", 0)]]
        await _phase(client, warm, c, 60.0)
        cited = [f"/v1/documents/{i}/cited-by" for i in plan["cited_by"]]
        chain = [f"/v1/documents/{i}/chain?direction=in&depth=3" for i in plan["chain"]]
        out: dict[str, Any] = {"concurrency": c}
        out["cited_by"] = await _phase(client, cited, c, plan.get("max_seconds", 120.0))
        out["chain"] = await _phase(client, chain, c, plan.get("max_seconds", 120.0))
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", required=True)
    ap.add_argument("--plan", required=True)
    a = ap.parse_args(argv)
    with open(a.plan, encoding="utf-8") as f:
        plan = json.load(f)
    result = asyncio.run(run(a.base, plan))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
