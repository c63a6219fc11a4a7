"""``vanban generate``: a synthetic corpus with its ground truth (see :mod:`ingest.generate`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from ingest.generate import generate_corpus


def generate(
    docs: Annotated[int, typer.Option("--docs", min=1, help="Number of documents.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (created).")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same corpus).")] = 0,
    citations_per_doc: Annotated[
        float, typer.Option("--citations-per-doc", min=0.0, help="Mean citations per document.")
    ] = 10.0,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Writer processes (default: cores).")
    ] = None,
) -> None:
    """Write a synthetic corpus (DIR/docs/**.txt) and its ground truth (DIR/ground_truth.jsonl)."""
    console = Console(stderr=True)
    if out.exists() and any(out.iterdir()) and not (out / "ground_truth.jsonl").exists():
        console.print(f"[bold red]error:[/] {out} is not empty and is not a generated corpus")
        raise typer.Exit(2)
    with Progress(
        "generating",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("docs", total=docs)
        report = generate_corpus(
            out,
            docs=docs,
            seed=seed,
            citations_per_doc=citations_per_doc,
            workers=workers,
            progress=lambda n: bar.update(task, completed=n),
        )
    Console().print(
        f"{report.docs} documents, {report.citations} citations, "
        f"{report.bytes / 1e6:.1f} MB in {report.elapsed:.1f}s "
        f"({report.docs_per_s:,.0f} docs/s) → {out}/ground_truth.jsonl"
    )
