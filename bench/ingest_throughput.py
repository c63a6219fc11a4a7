"""Ingest throughput: docs/s of the loader, end to end and write only.

Usage::

    .venv/bin/python -m bench.ingest_throughput --docs 20000 [--batch-size 500] [--workers 2]
        [--mode both|write|end-to-end] [--cold-only] [--no-record]

* **write only**: the corpus is extracted once beforehand (``--workers`` processes, cached as
  JSON lines next to the corpus under ``.cache/bench``), the plans are built (not timed), then
  :func:`ingest.load.write_plans` loads them into an emptied database: the Neo4j side of ingest.
  Twice: first on the server just started (``cold JVM``), then, the graph deleted, on the same
  now warm server (the sustained rate; ``--cold-only`` skips it).
* **end to end**: :func:`ingest.load.ingest_paths` on the corpus folder into an emptied
  database: reading, extraction in worker processes, planning and writing, overlapped.

Then the same plans are written again (``re-ingest``): every document must come back
``unchanged`` and the node and relationship counts must not move.

The database is the bench's own local Neo4j (``bench/graph.py``: instance ``bench`` on
27687/27474), or whatever ``VANBAN_NEO4J_*`` names (``VANBAN_NEO4J_URI`` for an external server,
which is then not emptied: use a throwaway one). Rows go to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.files import iter_inputs
from bench import machine, results
from bench.corpus import CACHE, corpus_label, ensure_corpus
from bench.results import Row

logger = logging.getLogger(__name__)
TARGET = 1000.0


# ------------------------------------------------------------------------ pre-extraction ---
def _extract_one(path: str) -> bytes:
    from ingest.extract import extract
    from ingest.readers import read_file

    try:
        text = read_file(path)
        ex = extract(text, source=path)
        return orjson.dumps({"path": path, "extraction": ex.model_dump(mode="json", by_alias=True)})
    except Exception as exc:  # a failed file is part of the corpus: the loader reports it
        return orjson.dumps({"path": path, "error": f"{type(exc).__name__}: {exc}"})


def extraction_cache(corpus: Path) -> Path:
    return CACHE / f"extracted-{corpus.name}.jsonl"


def pre_extract(corpus: Path, workers: int) -> Path:
    """Extract every file of ``corpus`` once (cached): one JSON line per file."""
    out = extraction_cache(corpus)
    if out.exists():
        return out
    files = [str(p) for p in iter_inputs([corpus])]
    tmp = out.with_suffix(".part")
    started = time.monotonic()
    with tmp.open("wb") as f, ProcessPoolExecutor(max_workers=workers) as pool:
        for n, line in enumerate(pool.map(_extract_one, files, chunksize=32), start=1):
            f.write(line + b"\n")
            if n % 2000 == 0:
                print(f"  pre-extract: {n}/{len(files)} ({time.monotonic() - started:.0f}s)")
    tmp.rename(out)
    print(f"pre-extract: {len(files)} files in {time.monotonic() - started:.0f}s → {out}")
    return out


def iter_plans(cache: Path) -> Iterator[tuple[str, Any, str | None]]:
    """``(path, DocumentPlan | None, failure)`` from the extraction cache (texts re-read)."""
    from ingest.load import plan_document
    from ingest.models import Extraction
    from ingest.readers import read_file

    with cache.open("rb") as f:
        for line in f:
            row = orjson.loads(line)
            path = row["path"]
            if "error" in row:
                yield path, None, row["error"]
                continue
            ex = Extraction.model_validate(row["extraction"])
            yield path, plan_document(ex, text=read_file(path)), None


# ------------------------------------------------------------------------------ measuring ---
@dataclass
class Run:
    what: str
    docs: int
    seconds: float
    inserted: int
    updated: int
    unchanged: int
    failed: int
    repeated: int = 0  # documents whose id occurs more than once in the corpus

    @property
    def rate(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (
            f"{self.what}: {self.docs} docs in {self.seconds:.1f}s = {self.rate:,.0f} docs/s "
            f"(inserted {self.inserted}, updated {self.updated}, unchanged {self.unchanged}, "
            f"failed {self.failed})"
        )


def _counts(driver: Any, database: str) -> tuple[int, int]:
    rec, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS n CALL () { MATCH ()-[r]->() RETURN count(r) AS r } "
        "RETURN n, r",
        database_=database,
    )
    return int(rec[0]["n"]), int(rec[0]["r"])


def _progress(label: str) -> Any:
    seen = [0, time.monotonic()]

    def progress(_path: str, _status: str) -> None:
        seen[0] += 1
        if seen[0] % 5000 == 0:
            rate = seen[0] / (time.monotonic() - seen[1])
            print(f"  {label}: {seen[0]} docs, {rate:,.0f} docs/s", flush=True)

    return progress


def _report_run(what: str, report: Any) -> Run:
    return Run(
        what,
        report.total,
        report.elapsed,
        report.inserted,
        report.updated,
        report.unchanged,
        report.failed,
    )


def _empty(driver: Any, database: str) -> None:
    """Delete the graph (not the schema) in bounded transactions, leaving the server running."""
    with driver.session(database=database) as session:
        for query in (
            "MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS n",
            "MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 5000 DELETE n RETURN count(*) AS n",
        ):
            while session.run(query).single(strict=True)["n"]:
                pass


def measure_write(
    corpus: Path, *, workers: int, batch_size: int, limit: int = 0, warm: bool = True
) -> list[Run]:
    """Write-only docs/s into an emptied database, then the identical re-ingest (``limit``:
    only the first documents; ``batch_size`` 1 is the one-transaction-per-document path).

    ``warm``: the first pass runs on a server just started (its JIT compiler busy with the
    Cypher runtime and planner: about half of Neo4j's CPU during a 20k-document pass), then
    the graph is deleted and the same plans are written again on the now warm server. The
    second figure is the sustained rate of a server that has been up for a while; both are
    recorded."""
    from bench.graph import bench_settings, open_graph
    from ingest.load import write_plans

    cache = pre_extract(corpus, workers)
    t0 = time.monotonic()
    plans = list(itertools.islice(iter_plans(cache), limit or None))
    print(f"plans: {len(plans)} built in {time.monotonic() - t0:.0f}s (not timed)")
    settings = bench_settings()
    driver = open_graph(settings, fresh=True)
    try:
        runs: list[Run] = []
        # an external server is never emptied: one pass there
        warm = warm and not settings.external
        passes = ["write only, cold JVM", "write only, warm JVM"] if warm else ["write only"]
        for n, what in enumerate(passes):
            if n:
                t = time.monotonic()
                _empty(driver, settings.neo4j_database)
                print(f"graph emptied in {time.monotonic() - t:.0f}s (same server, warm JVM)")
            first = write_plans(
                driver,
                settings.neo4j_database,
                iter(plans),
                batch_size=batch_size,
                progress=_progress("write"),
            )
            runs.append(_report_run(what, first))
            print(runs[-1])
        before = _counts(driver, settings.neo4j_database)
        again = write_plans(driver, settings.neo4j_database, iter(plans), batch_size=batch_size)
        runs.append(_report_run("re-ingest, identical content", again))
        after = _counts(driver, settings.neo4j_database)
        print(runs[-1])
        print(f"graph: {before[0]} nodes, {before[1]} relationships; after re-ingest {after}")
        ids = Counter(p.document_id for _, p, _ in plans if p is not None)
        repeated = sum(n for n in ids.values() if n > 1)
        print(
            f"documents whose id occurs more than once in the corpus: {repeated} (each "
            "occurrence replaces the previous one, so they are 'updated' again on re-ingest)"
        )
        if again.unchanged < again.total - again.failed - repeated:
            print("**re-ingest reported changes for documents that did not change**")
        runs[-1].repeated = repeated
    finally:
        driver.close()
    return runs


def measure_end_to_end(corpus: Path, *, workers: int, batch_size: int) -> Run:
    from bench.graph import bench_settings, open_graph
    from ingest.load import ingest_paths

    settings = bench_settings()
    driver = open_graph(settings, fresh=True)
    try:
        report = ingest_paths(
            driver,
            settings.neo4j_database,
            [corpus],
            workers=workers,
            batch_size=batch_size,
            progress=_progress("end to end"),
        )
    finally:
        driver.close()
    run = _report_run("end to end", report)
    print(run)
    return run


def rows_for(runs: list[Run], *, workers: int, batch_size: int) -> list[Row]:
    out = []
    for r in runs:
        target = "≥ 1,000 docs/s" if r.what != "re-ingest, identical content" else "all unchanged"
        met = (
            r.rate >= TARGET
            if target.startswith("≥")
            else r.unchanged >= r.docs - r.failed - r.repeated
        )
        out.append(
            Row(
                f"ingest {r.what} (batch {batch_size}, {workers} workers)",
                f"{r.rate:,.0f} docs/s ({r.docs} docs in {r.seconds:.1f}s, inserted {r.inserted},"
                f" unchanged {r.unchanged}, failed {r.failed})",
                target,
                met,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--citations-per-doc", type=float, default=10.0)
    ap.add_argument("--corpus", help="a corpus folder instead of the generated one")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument(
        "--mode", choices=["both", "write", "end-to-end", "pre-extract"], default="both"
    )
    ap.add_argument("--limit", type=int, default=0, help="write: only the first N documents")
    ap.add_argument(
        "--cold-only",
        action="store_true",
        help="write: one pass on the freshly started server (no warm second pass)",
    )
    ap.add_argument("--no-record", action="store_true")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    where = machine.describe()
    corpus = Path(a.corpus) if a.corpus else ensure_corpus(a.docs, a.seed, a.citations_per_doc)
    if a.mode == "pre-extract":
        pre_extract(corpus, a.workers)
        return 0
    runs: list[Run] = []
    if a.mode in ("both", "write"):
        runs += measure_write(
            corpus,
            workers=a.workers,
            batch_size=a.batch_size,
            limit=a.limit,
            warm=not a.cold_only,
        )
    if a.mode in ("both", "end-to-end"):
        runs.append(measure_end_to_end(corpus, workers=a.workers, batch_size=a.batch_size))
    if not a.no_record:
        rows = rows_for(runs, workers=a.workers, batch_size=a.batch_size)
        results.record(rows, machine=where, corpus=corpus_label(corpus))
        print(f"recorded in {results.RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
