"""``vanban export --format jsonl|csv|graphml [--since DATE|DATETIME] [--out PATH]``: the graph
for other systems (see docs/export.md).

``jsonl`` and ``graphml`` go to ``--out FILE`` or stdout; ``csv`` needs ``--out DIR`` (a new or
empty directory) and writes ``neo4j-admin database import`` files plus ``import.sh``. A file or
directory is written under ``<out>.partial`` and renamed when complete, so an interrupted export
never looks finished. A progress bar on stderr, then one summary line (and warnings).
Exit codes: 0 done (warnings printed), 1 failed (nothing left behind), 2 bad arguments.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.connection import connect
from app.neo4j_runtime import RuntimeFailure
from app.settings import get_settings
from ingest.export import (
    DEFAULT_BATCH_SIZE,
    FORMATS,
    CsvWriter,
    ExportError,
    GraphmlWriter,
    JsonlWriter,
    Writer,
    count_graph,
    export_graph,
)
from ingest.timestamps import parse_since


def _since(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from exc


def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, csv (neo4j-admin import) or graphml.")
    ] = "jsonl",
    since: Annotated[
        str | None,
        typer.Option(
            help="Only documents ingested or changed (updated_at) since this date (YYYY-MM-DD) "
            "or instant (YYYY-MM-DDTHH:MM[:SS][+HH:MM], UTC without an offset), the "
            "relationships they state and the nodes those touch."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="File (jsonl, graphml; default stdout) or directory (csv)."
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Nodes read per transaction.")
    ] = DEFAULT_BATCH_SIZE,
) -> None:
    """Export the graph: every node with its labels and properties, every relationship with its
    evidence, as JSON lines, neo4j-admin CSV or GraphML."""
    err = Console(stderr=True, soft_wrap=True)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    since_iso = _since(since)
    if fmt == "csv" and out is None:
        raise typer.BadParameter("csv writes a directory: give --out DIR", param_hint="--out")
    if (
        out is not None
        and fmt == "csv"
        and out.exists()
        and (not out.is_dir() or any(out.iterdir()))
    ):
        raise typer.BadParameter(f"{out} exists and is not an empty directory", param_hint="--out")
    if out is not None and fmt != "csv" and out.is_dir():
        raise typer.BadParameter(f"{out} is a directory", param_hint="--out")

    settings = get_settings()
    partial = out.with_name(out.name + ".partial") if out is not None else None
    stream: IO[bytes] | None = None
    try:
        with connect(settings) as driver:
            writer: Writer
            if fmt == "csv":
                assert partial is not None
                shutil.rmtree(partial, ignore_errors=True)
                writer = CsvWriter(partial)
            else:
                stream = partial.open("wb") if partial is not None else sys.stdout.buffer
                writer = JsonlWriter(stream) if fmt == "jsonl" else GraphmlWriter(stream)
            with driver.session(database=settings.neo4j_database) as session:
                counts = count_graph(session)
            with Progress(
                TextColumn(f"export {fmt}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("nodes scanned"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("export", total=counts.scan_total)
                summary = export_graph(
                    driver,
                    settings.neo4j_database,
                    writer,
                    fmt=fmt,
                    destination=str(out) if out is not None else "stdout",
                    since=since_iso,
                    batch_size=batch_size,
                    progress=lambda n: bar.advance(task, n),
                    counts=counts,
                )
            if stream is not None and partial is not None:
                stream.close()
                stream = None
            if partial is not None and out is not None:
                if out.is_dir():
                    out.rmdir()  # checked empty above
                partial.replace(out)
    except (RuntimeFailure, ExportError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    finally:
        if stream is not None and partial is not None:
            stream.close()
        if partial is not None and partial.exists():  # failed or interrupted
            with contextlib.suppress(OSError):
                shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
    err.print(str(summary), highlight=False)
    for warning in summary.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
