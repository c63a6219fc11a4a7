"""``vanban extract``: one JSON object per file (JSON Lines), or a readable summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table

from app.files import iter_inputs
from ingest import IngestError, extract_file
from ingest.models import Extraction


def _summary(ex: Extraction) -> Table:
    d = ex.document
    t = Table(title=ex.source, show_header=False, title_justify="left")
    t.add_column(style="bold")
    t.add_column()
    for label, value in (
        ("id", d.id),
        ("symbol", d.symbol),
        ("type", d.doc_type),
        ("issuer", d.issuer),
        ("date", d.issued_date),
        ("place", d.place),
        ("title", d.title),
        (
            "signers",
            "; ".join(f"{s.capacity or ''} {s.position or ''} {s.name}".strip() for s in d.signers),
        ),
        ("citations", str(len(ex.citations))),
        ("agencies", str(len(ex.agencies))),
        ("persons", str(len(ex.persons))),
        ("programmes", str(len(ex.programmes))),
        ("meetings", str(len(ex.meetings))),
        ("tasks", str(len(ex.tasks))),
    ):
        t.add_row(label, value or "—")
    for c in ex.citations[:15]:
        t.add_row(
            "  " + c.relation,
            " ".join(x for x in (c.doc_type, c.symbol or c.name, str(c.year or "")) if x),
        )
    if len(ex.citations) > 15:
        t.add_row("", f"… {len(ex.citations) - 15} more")
    return t


def run_extract(paths: Sequence[Path], *, as_json: bool, out: Console, err: Console) -> int:
    failed = 0
    total = 0
    for path in iter_inputs(paths):
        total += 1
        try:
            ex = extract_file(path)
        except IngestError as exc:
            failed += 1
            err.print(f"[red]error:[/] {exc}", highlight=False)
            continue
        if as_json:
            sys.stdout.buffer.write(orjson.dumps(ex.model_dump(mode="json", by_alias=True)) + b"\n")
        else:
            out.print(_summary(ex))
    if total == 0:
        err.print("[red]error:[/] no input files found")
        return 2
    if not as_json:
        out.print(f"{total - failed} extracted, {failed} failed")
    return 1 if failed else 0
