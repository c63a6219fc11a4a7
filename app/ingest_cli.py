"""``vanban ingest PATH... [--workers N] [--batch-size B] [--report FILE.json]``: load documents.

A progress bar with docs/s while loading, then a summary table and the failures with their
reasons; ``--report`` writes the same as JSON. Exit code 1 when any file failed, 2 when no input
was found (and the usual ``error:`` exit when Neo4j cannot be reached).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import orjson
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from app.connection import connect
from app.files import iter_inputs
from app.settings import Settings
from graph_schema import migrate
from ingest.load import DEFAULT_BATCH_SIZE, LoadReport, ingest_paths


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} docs/s")


def report_table(report: LoadReport) -> Table:
    table = Table(title="ingest", title_justify="left")
    table.add_column("inserted", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("failed", justify="right", style="red" if report.failed else None)
    table.add_column("seconds", justify="right")
    table.add_column("docs/s", justify="right")
    table.add_row(
        str(report.inserted),
        str(report.updated),
        str(report.unchanged),
        str(report.failed),
        f"{report.elapsed:.1f}",
        f"{report.docs_per_s:.1f}",
    )
    return table


def failures_table(report: LoadReport) -> Table:
    table = Table(title="failures", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("reason", overflow="fold")
    for path, reason in report.failures:
        table.add_row(path, reason)
    return table


def run_ingest(
    paths: Sequence[Path],
    *,
    settings: Settings,
    workers: int,
    report_path: Path | None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    out: Console,
    err: Console,
) -> int:
    """Connect, apply the schema, ingest; returns the exit code (connection errors propagate)."""
    files = list(iter_inputs(paths))
    if not files:
        err.print("[red]error:[/] no input files found")
        return 2
    with connect(settings) as driver:
        migrate.apply(driver, settings.neo4j_database)
        with Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=False,
        ) as bar:
            task = bar.add_task("ingest", total=len(files))

            def advance(_path: str, _status: str) -> None:
                bar.advance(task)

            report = ingest_paths(
                driver,
                settings.neo4j_database,
                files,
                workers=workers,
                batch_size=batch_size,
                progress=advance,
            )
    out.print(report_table(report))
    if report.failures:
        out.print(failures_table(report))
    if report_path is not None:
        report_path.write_bytes(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2))
    return 1 if report.failed else 0
