"""``vanban ingest PATH... [--workers N] [--batch-size B] [--report FILE.json]``: load documents.

A progress bar with docs/s while loading, then a summary table and the failures with their
reasons; ``--report`` writes the same as JSON. Exit code 1 when any file failed, 2 when no input
was found (and the usual ``error:`` exit when Neo4j cannot be reached).

Neo4j lost in the middle of a run (killed, restarted, network gone): the driver retries the
batch in flight for its retry window (``max_transaction_retry_time``, 30 s, plus its last
back-off), then the run stops with what was written so far and one ``error:`` line, never a
traceback. Every batch is one transaction, so the batch in flight is rolled back whole; running
the same command again skips the documents already written (``unchanged``) and writes the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

import orjson
from neo4j import Driver
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
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
from app.neo4j_runtime.errors import RuntimeFailure
from app.settings import Settings
from graph_schema import migrate
from ingest.load import DEFAULT_BATCH_SIZE, LoadReport, ingest_paths

logger = logging.getLogger(__name__)

_LOST = (ServiceUnavailable, SessionExpired, AuthError)
"""Errors after which no write can succeed: the run stops (the loader re-raises them)."""


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
    """Connect, apply the schema, ingest; returns the exit code.

    Neo4j unreachable at the start, or lost during the run, raises :class:`RuntimeFailure`
    (one line for the user); in the second case the documents done so far are printed (and
    written to ``report_path``) first.
    """
    files = list(iter_inputs(paths))
    if not files:
        err.print("[red]error:[/] no input files found")
        return 2
    done = LoadReport()  # what the progress callback saw: survives a lost database
    started = time.monotonic()
    lost: str | None = None
    with connect(settings) as driver:
        try:
            migrate.apply(driver, settings.neo4j_database)
            report = _load(driver, settings, files, workers, batch_size, done, err)
        except _LOST as exc:
            logger.debug("ingest stopped: the database was lost", exc_info=True)
            lost = " ".join(str(exc).split()) or type(exc).__name__
    if lost is not None:
        done.elapsed = time.monotonic() - started
        done.docs_per_s = done.total / done.elapsed if done.elapsed > 0 else 0.0
        raise _lost_database(lost, done, len(files), settings, out, report_path)
    out.print(report_table(report))
    if report.failures:
        out.print(failures_table(report))
    if report_path is not None:
        report_path.write_bytes(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2))
    return 1 if report.failed else 0


def _load(
    driver: Driver,
    settings: Settings,
    files: list[Path],
    workers: int,
    batch_size: int,
    done: LoadReport,
    err: Console,
) -> LoadReport:
    """The load with its progress bar; ``done`` counts each document as it is written."""
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

        def advance(_path: str, status: str) -> None:
            done.count(status)
            bar.advance(task)

        return ingest_paths(
            driver,
            settings.neo4j_database,
            files,
            workers=workers,
            batch_size=batch_size,
            progress=advance,
        )


def _lost_database(
    reason: str,
    done: LoadReport,
    total: int,
    settings: Settings,
    out: Console,
    report_path: Path | None,
) -> RuntimeFailure:
    """Print (and save) what was written before Neo4j went away; the error to raise."""
    out.print(report_table(done))
    message = (
        f"Neo4j at {settings.bolt_uri} was lost during the ingest ({reason}); "
        f"{done.total} of {total} documents were done, the batch in flight was rolled back. "
        "Start Neo4j and run the same command again: documents already written come back "
        "unchanged."
    )
    if report_path is not None:
        data = done.to_dict() | {"error": message, "files": total}
        report_path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return RuntimeFailure(message)
