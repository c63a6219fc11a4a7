"""``vanban ingest --bulk PATH... [--workers N] [--state-dir DIR] [--overwrite] [--restart]``.

The bulk path of :mod:`ingest.bulk` (parallel extraction spooled to disk, global resolution,
``neo4j-admin database import`` into a fresh database), with a progress bar over the
extraction and a table of stage timings. Exit code 1 when any file failed, 2 when no input was
found; a refusal (database not empty, not a local runtime) is an ``error:`` line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.files import iter_inputs
from app.settings import Settings
from ingest.bulk import BulkReport, Resolve, bulk_load


def default_state_dir(settings: Settings) -> Path:
    return settings.data_dir / "bulk" / settings.neo4j_instance / settings.neo4j_database


def stages_table(report: BulkReport) -> Table:
    t = report.times
    table = Table(title="bulk load", title_justify="left")
    for col in ("documents", "failed", "extract s", "resolve s", "CSV s", "import s",
                "indexes s", "total s", "peak RSS MB"):
        table.add_column(col, justify="right")
    table.add_row(
        str(report.documents), str(report.failed), f"{t.extract:.1f}",
        f"{t.index + t.resolve:.1f}", f"{t.csv_write:.1f}", f"{t.import_:.1f}",
        f"{t.index_build:.1f}", f"{t.total:.1f}", f"{report.peak_rss_mb:.0f}",
    )
    return table


def run_bulk(
    paths: Sequence[Path],
    *,
    settings: Settings,
    workers: int,
    state_dir: Path | None,
    overwrite: bool,
    restart: bool,
    resolve: Resolve,
    report_path: Path | None,
    out: Console,
    err: Console,
) -> int:
    files = [str(p) for p in iter_inputs(paths)]
    if not files:
        err.print("[red]error:[/] no input files found")
        return 2
    state = state_dir or default_state_dir(settings)
    with Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err) as bar:
        task = bar.add_task("extract", total=len(files))
        report = bulk_load(
            files,
            settings=settings,
            state_dir=state,
            workers=workers,
            overwrite=overwrite,
            restart=restart,
            resolve=resolve,
            progress=lambda n: bar.advance(task, n),
            log=lambda msg: err.print(msg),
        )
    out.print(stages_table(report))
    out.print(f"graph: {report.verified}; state kept in {state} (remove it when done)")
    if report.failures:
        table = Table(title="failures", title_justify="left")
        table.add_column("file", overflow="fold")
        table.add_column("reason", overflow="fold")
        for path, reason in report.failures:
            table.add_row(path, reason)
        out.print(table)
    if report_path is not None:
        report_path.write_bytes(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2))
    return 1 if report.failed else 0
