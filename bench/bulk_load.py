"""Bulk-load benchmark: ``python bench/bulk_load.py --docs N [--workers W] [--corpus DIR]``.

Generates ``N`` documents with about 10 citations each (``vanban generate``, in a subprocess so
the generator's memory is not counted), runs the bulk path (:func:`ingest.bulk.bulk_load`:
extraction in worker processes, resolution + CSV, ``neo4j-admin database import``, index
build) into the local Neo4j of the ``VANBAN_NEO4J_*`` settings — **its database is replaced** —
and prints the stage timings, the peak RSS of this (the main) process and a Markdown row for
``docs/benchmarks.md`` ("Bulk load"). ``--skip-import`` stops after the CSV files.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _generate(out: Path, docs: int, seed: int) -> None:
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("docs") == docs and m.get("seed") == seed:
            return
    cmd = [
        sys.executable,
        "-m",
        "app.cli",
        "generate",
        "--docs",
        str(docs),
        "--out",
        str(out),
        "--seed",
        str(seed),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=Path, default=None, help="default /tmp/vanban-bulk-<N>")
    ap.add_argument("--state-dir", type=Path, default=None)
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--resume", action="store_true", help="keep the state dir (default: fresh)")
    ap.add_argument("--json", type=Path, default=None, help="write the report as JSON")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    from app.files import iter_inputs
    from app.settings import Settings
    from bench.machine import describe
    from ingest.bulk import bulk_load

    corpus = args.corpus or Path(f"/tmp/vanban-bulk-{args.docs}")
    machine = describe()
    t = time.perf_counter()
    _generate(corpus, args.docs, args.seed)
    gen_s = time.perf_counter() - t
    manifest = json.loads((corpus / "manifest.json").read_text())
    files = [str(p) for p in iter_inputs([corpus / "docs"])]
    state = args.state_dir or corpus.with_name(corpus.name + "-state")
    report = bulk_load(
        files,
        settings=Settings(),
        state_dir=state,
        workers=args.workers,
        overwrite=True,
        restart=not args.resume,
        skip_import=args.skip_import,
    )
    tm = report.times
    citations = manifest["citations"]
    out = {
        "machine": machine,
        "docs": report.documents,
        "citations_generated": citations,
        "generate_s": round(gen_s, 1),
        "extract_s": round(tm.extract, 1),
        "extract_docs_per_s": round(report.extracted_now / tm.extract, 1) if tm.extract else None,
        "index_s": round(tm.index, 2),
        "resolve_s": round(tm.resolve, 1),
        "csv_write_s": round(tm.csv_write, 1),
        "import_s": round(tm.import_, 1),
        "index_build_s": round(tm.index_build, 1),
        "total_s": round(tm.total, 1),
        "peak_rss_main_mb": round(report.peak_rss_mb, 1),
        "rows": report.counts,
        "verified": report.verified,
        "failed": report.failed,
    }
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    print(
        f"| {time.strftime('%Y-%m-%d %H:%M')} | {machine} | {report.documents:,} docs / "
        f"{citations:,} citations | {args.workers} | {tm.extract:.0f} s "
        f"({out['extract_docs_per_s']} docs/s) | {tm.index + tm.resolve:.1f} s | "
        f"{tm.csv_write:.1f} s | {tm.import_:.0f} s | {tm.index_build:.0f} s | "
        f"{tm.total:.0f} s | {report.peak_rss_mb:.0f} MB |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
