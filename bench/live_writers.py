"""Live bulk writes vs the single writer, from the same extraction spool.

Usage::

    .venv/bin/python bench/live_writers.py --corpus .cache/bench/corpus-20000-s0-c10-v2 \\
        --state .cache/bench/corpus-20000-s0-c10-v2-state --what single|live [--writers N]
        [--chunks K] [--batch-size 500] [--json OUT]

Both start from a bulk state whose extraction (stage 1 of ``ingest.bulk``) is journaled, so
neither extracts (a private copy of the state under ``/tmp``, the spool hard-linked; ``--chunks
K`` keeps the first ``K`` chunks of 64 files). Each run writes into an emptied database of the
local Neo4j of the ``VANBAN_NEO4J_*`` settings (**its folder is deleted**):

* ``single``: the plans read back from the spool (in input order) through
  :func:`ingest.load.write_plans` (batched transactions, one writer), the live loader's write
  path;
* ``live``: :func:`ingest.bulk.bulk_load` with ``mode="live"``, ``resolve="sequential"`` (the
  same graph as ``single``): plan (states, resolution, batch spool) then ``--writers``
  concurrent sessions.

Prints one JSON object: times, docs/s, node and relationship counts of the graph, the load
average (1 min) at start and end and its range sampled every 5 s, and the peak RSS of this
process. One run per process, so the RSS is that run's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class LoadSampler:
    """The 1-minute load average every ``every`` seconds, in a daemon thread."""

    def __init__(self, every: float = 5.0) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self.thread.start()

    def _run(self, every: float) -> None:
        while not self.stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def finish(self) -> dict[str, float]:
        self.stop.set()
        self.samples.append(os.getloadavg()[0])
        return {
            "start": self.samples[0],
            "end": self.samples[-1],
            "min": min(self.samples),
            "max": max(self.samples),
            "mean": round(sum(self.samples) / len(self.samples), 2),
        }


def private_state(state: Path, files: list[str], chunks: int, out: Path) -> list[str]:
    """A private copy of ``state`` (its spool shards hard-linked, read only) holding its first
    ``chunks`` extraction chunks (all with 0); returns the files of those chunks. The shared
    state is never written (the live path adds ``live/`` to the state it is given)."""
    from ingest import bulk

    have = orjson.loads((state / "manifest.json").read_bytes())
    digest = hashlib.sha256("\n".join(files).encode("utf-8", "surrogatepass")).hexdigest()
    if have["inputs_sha256"] != digest:
        raise SystemExit(f"{state} was made for other inputs than {len(files)} files listed")
    chunks = chunks or -(-len(files) // bulk.CHUNK)
    keep = files[: chunks * bulk.CHUNK]
    shutil.rmtree(out, ignore_errors=True)
    (out / "spool").mkdir(parents=True)
    for shard in (state / "spool").glob("*.bin"):
        try:
            os.link(shard, out / "spool" / shard.name)
        except OSError:  # another file system
            shutil.copy(shard, out / "spool" / shard.name)
    lines = [
        line
        for line in (state / "journal.jsonl").read_bytes().splitlines()
        if orjson.loads(line)["chunk"] < chunks
    ]
    (out / "journal.jsonl").write_bytes(b"".join(line + b"\n" for line in lines))
    bulk.State(out).open(keep, restart=False)  # writes the manifest of the subset
    return keep


def fresh_database() -> Any:
    from app.settings import Settings
    from bench.graph import open_graph

    settings = Settings()
    return settings, open_graph(settings, fresh=True)


def graph_counts(driver: Any, database: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
        "RETURN nodes, relationships",
        database_=database,
    )
    return dict(records[0])


def run_single(state: Path, batch_size: int) -> dict[str, Any]:
    from ingest import bulk
    from ingest.load import write_plans

    settings, driver = fresh_database()
    done = bulk.State(state).finished()
    items = (
        (path, plan, reason)
        for records in bulk._read_chunks(bulk.State(state), done)
        for _, path, plan, reason in records
    )
    sampler = LoadSampler()
    try:
        report = write_plans(driver, settings.neo4j_database, items, batch_size=batch_size)
        load = sampler.finish()
        counts = graph_counts(driver, settings.neo4j_database)
    finally:
        driver.close()
    return {
        "what": "single writer (write_plans)",
        "docs": report.total,
        "inserted": report.inserted,
        "updated": report.updated,
        "failed": report.failed,
        "seconds": round(report.elapsed, 1),
        "docs_per_s": round(report.total / report.elapsed, 1),
        "load": load,
        "graph": counts,
    }


def run_live(files: list[str], state: Path, writers: int, batch_size: int) -> dict[str, Any]:
    from ingest import bulk

    settings, driver = fresh_database()
    driver.close()
    sampler = LoadSampler()
    report = bulk.bulk_load(
        files,
        settings=settings,
        state_dir=state,
        mode="live",
        resolve="sequential",
        writers=writers,
        batch_size=batch_size,
    )
    load = sampler.finish()
    from app.connection import connect

    with connect(settings) as drv:
        counts = graph_counts(drv, settings.neo4j_database)
    t = report.times
    plan = t.prepare + t.index + t.resolve + t.csv_write
    write = t.write_nodes + t.write_relationships
    return {
        "what": f"live bulk, {writers} writers",
        "docs": report.documents,
        "inserted": report.inserted,
        "updated": report.updated,
        "failed": report.failed,
        "plan_s": round(plan, 1),
        "nodes_s": round(t.write_nodes, 1),
        "relationships_s": round(t.write_relationships, 1),
        "seconds": round(plan + write, 1),
        "docs_per_s": round(report.documents / (plan + write), 1),
        "write_only_docs_per_s": round(report.documents / write, 1),
        "batches": report.batches,
        "retries": report.retries,
        "missing_ends": report.missing_ends,
        "load": load,
        "graph": counts,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--state", type=Path, required=True, help="a bulk state, extraction done")
    ap.add_argument("--what", choices=["single", "live"], required=True)
    ap.add_argument("--writers", type=int, default=2)
    ap.add_argument("--chunks", type=int, default=0, help="only the first K chunks of 64 files")
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--json", type=Path, default=None, help="append the result (JSON line)")
    args = ap.parse_args(argv)

    from app.files import iter_inputs
    from bench.machine import describe

    machine = describe()
    files = [str(p) for p in iter_inputs([args.corpus / "docs"])]
    state = Path("/tmp") / f"vanban-live-bench-{args.chunks or 'all'}"
    files = private_state(args.state, files, args.chunks, state)
    if args.what == "single":
        out = run_single(state, args.batch_size)
    else:
        out = run_live(files, state, args.writers, args.batch_size)
    out["machine"] = machine
    out["batch_size"] = args.batch_size
    out["date"] = time.strftime("%Y-%m-%d %H:%M")
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out, indent=2))
    if args.json:
        with args.json.open("a", encoding="utf-8") as f:
            f.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
