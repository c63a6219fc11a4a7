"""``python -m bench [extract|ingest|latency|all]``: speed benchmarks, rows in docs/benchmarks.md.

* ``extract``: MB/s per core of ``ingest.extract`` on ``--corpus`` (default: the generated
  corpus; real folders such as ``/work/shared/corpus/sifu`` work too), one process then
  ``--workers`` processes each reading their own files.
* ``ingest``: docs/s of ``ingest.load.ingest_paths`` into an emptied bench Neo4j (its own local
  instance ``bench``, ports 27687/27474 unless ``VANBAN_NEO4J_*`` say otherwise), end to end
  (``--batch-size`` documents per transaction); ``python -m bench.ingest_throughput`` also
  measures write only (pre-extracted) and the identical re-ingest.
* ``latency``: cited-by p50/p99 and depth-3 chain p99 from a separate load process against
  ``vanban serve`` on the graph the last ``ingest`` loaded.
* ``all`` (default): the three in order, on one generated corpus of ``--docs`` documents.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from bench import machine, results
from bench.corpus import corpus_label, ensure_corpus
from bench.results import Row

TARGET_EXTRACT = 25.0
TARGET_INGEST = 1000.0
TARGET_P50, TARGET_P99, TARGET_CHAIN_P99 = 5.0, 25.0, 150.0


def _corpus(a: argparse.Namespace) -> Path:
    return Path(a.corpus) if a.corpus else ensure_corpus(a.docs, a.seed, a.citations_per_doc)


def run_extract(a: argparse.Namespace, corpus: Path) -> list[Row]:
    from bench import extract_speed

    files = extract_speed.list_files([corpus])
    if a.max_files:
        files = files[: a.max_files]
    rows = []
    one = extract_speed.measure(files, processes=1, max_seconds=a.max_seconds)
    print(
        f"extract, 1 process: {one.files} files, {one.bytes / 1e6:.1f} MB, {one.mb_per_s:.2f} MB/s"
    )
    rows.append(
        Row(
            "extract, 1 process",
            f"{one.mb_per_s:.2f} MB/s ({one.files} files, {one.bytes / 1e6:.1f} MB)",
            "≥ 25 MB/s per core",
            one.mb_per_s >= TARGET_EXTRACT,
        )
    )
    if a.workers > 1:
        many = extract_speed.measure(files, processes=a.workers, max_seconds=a.max_seconds)
        print(
            f"extract, {a.workers} processes: {many.mb_per_s:.2f} MB/s, "
            f"{many.mb_per_s_per_core:.2f} MB/s per core"
        )
        rows.append(
            Row(
                f"extract, {a.workers} processes",
                f"{many.mb_per_s_per_core:.2f} MB/s per core ({many.mb_per_s:.2f} total,"
                f" {many.files} files)",
                "≥ 25 MB/s per core",
                many.mb_per_s_per_core >= TARGET_EXTRACT,
            )
        )
    return rows


def run_ingest(a: argparse.Namespace, corpus: Path) -> list[Row]:
    from bench.graph import bench_settings, open_graph
    from ingest.load import ingest_paths

    settings = bench_settings()
    driver = open_graph(settings, fresh=not a.keep_graph)
    try:
        seen = [0, time.monotonic()]

        def progress(path: str, status: str) -> None:
            seen[0] += 1
            if seen[0] % 250 == 0:
                rate = seen[0] / (time.monotonic() - seen[1])
                print(f"  ingest: {seen[0]} docs, {rate:.1f} docs/s", flush=True)

        report = ingest_paths(
            driver,
            settings.neo4j_database,
            [corpus],
            workers=a.workers,
            batch_size=a.batch_size,
            progress=progress,
        )
    finally:
        driver.close()
    rate = report.total / report.elapsed if report.elapsed else 0.0
    print(
        f"ingest: {report.total} docs in {report.elapsed:.1f}s = {rate:.0f} docs/s "
        f"(inserted {report.inserted}, updated {report.updated}, unchanged "
        f"{report.unchanged}, failed {report.failed})"
    )
    return [
        Row(
            f"ingest, {a.workers} workers, batch {a.batch_size}",
            f"{rate:,.0f} docs/s ({report.total} docs in {report.elapsed:.1f}s, "
            f"{report.failed} failed)",
            "≥ 1,000 docs/s",
            rate >= TARGET_INGEST,
        )
    ]


def run_latency(a: argparse.Namespace, corpus: Path) -> list[Row]:
    from bench import latency
    from bench.graph import bench_settings

    if not (corpus / "ground_truth.jsonl").exists():
        raise SystemExit("latency needs a generated corpus (its ground truth picks the ids)")
    settings = bench_settings()
    res = latency.measure(
        settings,
        corpus,
        cited_by=a.requests,
        chain=a.chain_requests,
        concurrency=a.concurrency,
        seed=a.seed,
        max_seconds=a.max_seconds,
    )
    cb, ch = res["cited_by"], res["chain"]
    failed = sum(cb["errors"].values()) + sum(ch["errors"].values())
    if failed > 0.1 * (cb["n"] + ch["n"] + failed):
        raise SystemExit(
            f"latency: {failed} requests failed ({cb['errors']}, {ch['errors']}): is the graph "
            "loaded? run `python -m bench ingest` with the same --docs/--seed first"
        )
    print(
        f"cited-by: n={cb['n']} p50={cb['p50']:.1f} ms p99={cb['p99']:.1f} ms "
        f"errors={cb['errors']}; chain depth 3: n={ch['n']} p50={ch['p50']:.1f} ms "
        f"p99={ch['p99']:.1f} ms errors={ch['errors']} (concurrency {res['concurrency']})"
    )
    note = f"concurrency {res['concurrency']}"
    errs = lambda r: f", errors {r['errors']}" if r["errors"] else ""  # noqa: E731
    return [
        Row(
            "cited-by latency",
            f"p50 {cb['p50']:.1f} ms, p99 {cb['p99']:.1f} ms (n={cb['n']}, {note}{errs(cb)})",
            "p50 ≤ 5 ms, p99 ≤ 25 ms",
            cb["n"] > 0 and cb["p50"] <= TARGET_P50 and cb["p99"] <= TARGET_P99,
        ),
        Row(
            "chain depth 3 latency",
            f"p50 {ch['p50']:.1f} ms, p99 {ch['p99']:.1f} ms (n={ch['n']}, {note}{errs(ch)})",
            "p99 ≤ 150 ms",
            ch["n"] > 0 and ch["p99"] <= TARGET_CHAIN_P99,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "what", nargs="?", default="all", choices=["extract", "ingest", "latency", "all"]
    )
    ap.add_argument("--docs", type=int, default=2000, help="generated corpus size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--citations-per-doc", type=float, default=10.0)
    ap.add_argument("--corpus", help="a corpus folder instead of the generated one")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--max-files", type=int, default=0, help="extract: at most this many files")
    ap.add_argument("--max-seconds", type=float, default=120.0, help="bound per measurement")
    ap.add_argument("--requests", type=int, default=2000, help="latency: cited-by requests")
    ap.add_argument("--chain-requests", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument(
        "--keep-graph", action="store_true", help="ingest: do not empty the bench graph first"
    )
    ap.add_argument("--batch-size", type=int, default=500, help="ingest: documents per transaction")
    ap.add_argument("--no-record", action="store_true", help="do not write docs/benchmarks.md")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    where = machine.describe()
    corpus = _corpus(a)
    rows: list[Row] = []
    if a.what in ("extract", "all"):
        rows += run_extract(a, corpus)
    if a.what in ("ingest", "all"):
        rows += run_ingest(a, corpus)
    if a.what in ("latency", "all"):
        rows += run_latency(a, corpus)
    if not a.no_record:
        results.record(rows, machine=where, corpus=corpus_label(corpus))
        print(f"recorded in {results.RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
