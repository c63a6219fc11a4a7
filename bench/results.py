"""``docs/benchmarks.md``: every run appends its rows to the results table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "benchmarks.md"

HEADER = """# Benchmarks

Run with `make bench` (= `.venv/bin/python -m bench all`) or one part:
`.venv/bin/python -m bench extract|ingest|latency|all [--docs N] [--corpus PATH] ...`
(`--help` for the options). Every run appends its rows below; nothing here is a timed test.

| what | target |
| --- | --- |
| cited-by latency (`GET /v1/documents/{id}/cited-by`) | p50 ≤ 5 ms, p99 ≤ 25 ms |
| depth-3 chain (`GET /v1/documents/{id}/chain?direction=in&depth=3`) | p99 ≤ 150 ms |
| ingest into Neo4j, sustained | ≥ 1,000 docs/s |
| extraction (`ingest.extract`) | ≥ 25 MB/s per core |

The targets are for 100k generated documents with 1M citations on this 2-core machine; rows
say the corpus size they were measured on. Latency is measured from a separate load process
(`bench/loadgen.py`, httpx over loopback) against `vanban serve`, request ids drawn half
uniformly over ingested documents and half weighted by in-degree (hubs).
The machine is shared: the load average at start is recorded with each run.

## Results

| date | machine | corpus | benchmark | result | target | met |
| --- | --- | --- | --- | --- | --- | --- |
"""


@dataclass
class Row:
    benchmark: str
    result: str
    target: str
    met: bool | None


HEADER_TABLE = [
    "| date | machine | corpus | benchmark | result | target | met |",
    "| --- | --- | --- | --- | --- | --- | --- |",
]


def record(rows: list[Row], *, machine: str, corpus: str, path: Path = RESULTS) -> None:
    """Add ``rows`` at the end of the table under ``## Results`` (file created if needed).

    Other sections (extraction speed, ingest throughput, bulk load) follow that table in the
    same file, so rows are inserted after its last line rather than appended to the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(HEADER, encoding="utf-8")
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    new_lines = []
    for r in rows:
        met = "—" if r.met is None else ("yes" if r.met else "**no**")
        cells = [now, machine, corpus, r.benchmark, r.result, r.target, met]
        new_lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    lines = path.read_text(encoding="utf-8").split("\n")
    try:
        at = lines.index("## Results")
    except ValueError:
        lines += ["", "## Results", "", *HEADER_TABLE]
        at = len(lines) - len(HEADER_TABLE) - 2
    end = at + 1
    while end < len(lines) and not lines[end].startswith("|"):
        end += 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[end:end] = new_lines
    path.write_text("\n".join(lines), encoding="utf-8")
