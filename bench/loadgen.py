"""The load process of the latency benchmark: ``python -m bench.loadgen --base URL --plan F``.

Runs in its own process (not the server's), over loopback: reads a JSON plan
``{"cited_by": [ids], "chain": [ids], "warmup": n, "concurrency": c, "max_seconds": s,
"client": "wire"|"httpx"}``, sends the requests (``concurrency`` keep-alive connections) and
prints JSON latencies (milliseconds).

The client is part of what is timed, so it should cost as little as possible: ``wire`` (the
default) writes the HTTP/1.1 request on an asyncio stream and reads the status line, the
headers and ``Content-Length`` bytes of body (~0.1 ms of client CPU per request here);
``httpx`` is the general-purpose client the first runs used, which adds ~1-1.5 ms per request
on this 2-core machine (measured against ``/health``: 1.5-2.0 ms with httpx, 0.4 ms wire).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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


class WireConnection:
    """One keep-alive HTTP/1.1 connection: ``GET`` and read the whole response, nothing else
    (no redirects, no chunked bodies: the API answers with ``Content-Length``)."""

    def __init__(self, base: str) -> None:
        url = httpx.URL(base)
        self.host, self.port = url.host, url.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode()
        try:
            self.writer.write(request)
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            status = int(lines[0].split(b" ", 2)[1])
            length, close = 0, False
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            body = await self.reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            await self.close()
            raise
        if close:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


class Client:
    """``get(path) -> status`` over ``concurrency`` connections, ``wire`` or ``httpx``."""

    def __init__(self, base: str, kind: str, concurrency: int) -> None:
        self.kind = kind
        self.free: list[WireConnection] = []
        self.httpx: httpx.AsyncClient | None = None
        if kind == "httpx":
            limits = httpx.Limits(
                max_connections=concurrency, max_keepalive_connections=concurrency
            )
            self.httpx = httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits)
        elif kind == "wire":
            self.free = [WireConnection(base) for _ in range(concurrency)]
        else:
            raise ValueError(f"unknown client {kind!r}")

    async def get(self, path: str) -> str:
        """The status as text, or the name of the error that stopped the request."""
        if self.httpx is not None:
            try:
                r = await self.httpx.get(path)
                await r.aread()
                return str(r.status_code)
            except httpx.HTTPError as exc:
                return type(exc).__name__
        conn = self.free.pop()
        try:
            status, _ = await asyncio.wait_for(conn.get(path), 30.0)
            return str(status)
        except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError) as exc:
            return type(exc).__name__
        finally:
            self.free.append(conn)

    async def aclose(self) -> None:
        if self.httpx is not None:
            await self.httpx.aclose()
        for conn in self.free:
            await conn.close()


async def _phase(
    client: Client, urls: list[str], concurrency: int, max_seconds: float
) -> dict[str, Any]:
    times: list[float] = []
    errors: dict[str, int] = {}
    queue = list(reversed(urls))
    deadline = time.monotonic() + max_seconds

    async def one() -> None:
        while queue and time.monotonic() < deadline:
            url = queue.pop()
            t0 = time.perf_counter()
            status = await client.get(url)
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
    kind = str(plan.get("client", "wire"))
    client = Client(base, kind, c)
    try:
        warm = [f"/v1/documents/{i}/cited-by" for i in plan["cited_by"][: plan.get("warmup", 0)]]
        await _phase(client, warm, c, 60.0)
        cited = [f"/v1/documents/{i}/cited-by" for i in plan["cited_by"]]
        chain = [f"/v1/documents/{i}/chain?direction=in&depth=3" for i in plan["chain"]]
        out: dict[str, Any] = {"concurrency": c, "client": kind}
        out["cited_by"] = await _phase(client, cited, c, plan.get("max_seconds", 120.0))
        out["chain"] = await _phase(client, chain, c, plan.get("max_seconds", 120.0))
        return out
    finally:
        await client.aclose()


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
