"""``vanban ingest --bulk PATH... [--mode auto|import|live] [--workers N] [--writers N]
[--batch-size B] [--state-dir DIR] [--overwrite] [--restart]``.

The bulk path of :mod:`ingest.bulk` (parallel extraction spooled to disk, global resolution),
then ``neo4j-admin database import`` into a fresh database or concurrent batched transactions
into a live one (:mod:`ingest.bulk_live`; ``--mode auto`` chooses, see
:func:`ingest.bulk.choose_mode`), with progress bars over the extraction and the live writes
and a table of stage timings. Exit code 1 when any file (or row) failed, 2 when no input was
found; a refusal (``--mode import`` into a database that holds documents, or not a local
runtime) is an ``error:`` line.
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
from ingest.bulk import BulkReport, Mode, Resolve, bulk_load


def default_state_dir(settings: Settings) -> Path:
    return settings.data_dir / "bulk" / settings.neo4j_instance / settings.neo4j_database


def _live_table(report: BulkReport) -> Table:
    """The live writes, one line per figure (fits a narrow terminal)."""
    t = report.times
    plan = t.prepare + t.index + t.resolve + t.csv_write
    table = Table(title="bulk load (live writes)", title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = {
        "documents (new / changed / unchanged)": (
            f"{report.documents} ({report.inserted} / {report.updated} / {report.unchanged})"
        ),
        "failed": str(report.failed),
        "extract s": f"{t.extract:.1f}",
        "plan s (states, resolution, spool)": f"{plan:.1f}",
        "write nodes s": f"{t.write_nodes:.1f}",
        "write relationships s": f"{t.write_relationships:.1f}",
        "total s": f"{t.total:.1f}",
        "batches written (done before)": f"{report.batches_now} ({report.batches_skipped})",
        "transient-error retries": str(report.retries),
        "peak RSS MB": f"{report.peak_rss_mb:.0f}",
    }
    for what, value in rows.items():
        table.add_row(what, value)
    return table


def stages_table(report: BulkReport) -> Table:
    if report.mode == "live":
        return _live_table(report)
    t = report.times
    table = Table(title="bulk load (import)", title_justify="left")
    cells = {
        "documents": str(report.documents),
        "failed": str(report.failed),
        "extract s": f"{t.extract:.1f}",
        "resolve s": f"{t.index + t.resolve:.1f}",
        "CSV s": f"{t.csv_write:.1f}",
        "import s": f"{t.import_:.1f}",
        "indexes s": f"{t.index_build:.1f}",
        "total s": f"{t.total:.1f}",
        "peak RSS MB": f"{report.peak_rss_mb:.0f}",
    }
    for col in cells:
        table.add_column(col, justify="right")
    table.add_row(*cells.values())
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
    mode: Mode = "auto",
    writers: int = 2,
    batch_size: int = 500,
) -> int:
    files = [str(p) for p in iter_inputs(paths)]
    if not files:
        err.print("[red]error:[/] no input files found")
        return 2
    state = state_dir or default_state_dir(settings)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        extract = bar.add_task("extract", total=len(files))
        write = bar.add_task("write rows", total=None, visible=False)

        def written(rows: int, total: int) -> None:
            bar.update(write, total=total, visible=True)
            bar.advance(write, rows)

        report = bulk_load(
            files,
            settings=settings,
            state_dir=state,
            workers=workers,
            mode=mode,
            overwrite=overwrite,
            restart=restart,
            resolve=resolve,
            writers=writers,
            batch_size=batch_size,
            progress=lambda n: bar.advance(extract, n),
            write_progress=written,
            log=lambda msg: err.print(msg),
        )
    out.print(stages_table(report))
    out.print(
        f"{report.mode} ({report.mode_reason}); graph: {report.verified}; "
        f"state kept in {state} (remove it when done)"
    )
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
