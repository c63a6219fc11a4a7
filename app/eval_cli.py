"""``vanban eval``: extraction accuracy on real documents, against the issue's targets.

The harnesses live in ``bench/eval_header.py`` and ``bench/eval_citations.py`` (runnable alone);
this command runs them on a corpus folder laid out like ``shared/corpus`` and prints one table.
"""

from __future__ import annotations

import importlib.util
import time
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

TARGETS = {
    "header symbol": 98.0,
    "header doc_type": 98.0,
    "header issuer": 98.0,
    "header issued_date": 98.0,
    "header signer": 98.0,
    "phapdien symbol found": 99.0,
    "phapdien same id, same key": 99.5,
    "phapdien different ids, different keys": 99.5,
    "sifu relation recall": 95.0,
}


def _load(name: str) -> ModuleType:
    path = ROOT / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"vanban_bench_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_eval(corpus: Path, *, out: Console, err: Console, write: Path | None = None) -> int:
    if not corpus.is_dir():
        err.print(f"[red]error:[/] corpus folder not found: {corpus} (pass --corpus DIR)")
        return 2
    rows: list[tuple[str, str, float | None, str]] = []  # metric, corpus, value, detail
    started = time.monotonic()
    header = _load("eval_header")
    for sub in ("tvpl-2025", "sifu", "laws"):
        folder = corpus / sub
        if not folder.is_dir():
            continue
        res: dict[str, Any] = header.evaluate_header([str(folder)])
        for field, acc in res["accuracy"].items():
            if acc.get("pct") is None:
                continue
            detail = f"{acc.get('correct', '?')}/{acc.get('total', '?')}"
            if acc.get("unfixable"):
                detail += (
                    f"; {acc['unfixable']} not decidable from the text"
                    f" (ceiling {acc['ceiling_pct']:.2f}%)"
                )
            rows.append((f"header {field}", sub, acc["pct"], detail))
    cites = _load("eval_citations")
    tsv = corpus / "phapdien-citations.tsv"
    if tsv.is_file():
        res = cites.evaluate_phapdien(tsv)
        rows.append(
            (
                "phapdien symbol found",
                tsv.name,
                res["symbol_found_pct"],
                f"{res['strings']} strings",
            )
        )
        rows.append(
            ("phapdien same id, same key", tsv.name, res["consistent_pct"], f"{res['ids']} ids")
        )
        rows.append(
            (
                "phapdien different ids, different keys",
                tsv.name,
                res["unique_pct"],
                f"{res['ids']} ids",
            )
        )
    if (corpus / "sifu").is_dir():
        res = cites.evaluate_sifu_relations(corpus / "sifu")
        rows.append(
            (
                "sifu relation recall",
                "sifu",
                res["recall_pct"],
                f"{res['relations']} relations, {res['absent_from_text']} absent from text",
            )
        )
        rows.append(("sifu relation recall (cited in text)", "sifu", res["recall_present_pct"], ""))

    table = Table(title=f"Extraction accuracy on {corpus}")
    for col in ("metric", "corpus", "value", "target", "", "n"):
        table.add_column(col)
    failed = 0
    for metric, where, value, detail in rows:
        target = TARGETS.get(metric)
        ok = target is None or (value is not None and value >= target)
        failed += 0 if ok else 1
        table.add_row(
            metric,
            where,
            "n/a" if value is None else f"{value:.2f}%",
            f"≥ {target}%" if target else "",
            "✓" if ok else "✗",
            detail,
        )
    out.print(table)
    out.print(f"{time.monotonic() - started:.1f}s; {failed} metric(s) below target")
    if write is not None:
        lines = [
            f"# Extraction accuracy ({date.today().isoformat()})",
            "",
            "Measured with `vanban eval --corpus ../shared/corpus --write docs/accuracy.md`.",
            "A header failure is *not decidable from the text* when the published value is",
            "absent from the document (truncated text, no header) or contradicts it;",
            "`bench/eval_header.py` prints each one with its reason.",
            "",
            "| metric | corpus | value | target | n |",
            "| --- | --- | --- | --- | --- |",
        ]
        for metric, where, value, detail in rows:
            target = TARGETS.get(metric)
            lines.append(
                f"| {metric} | {where} | {'n/a' if value is None else f'{value:.2f}%'} "
                f"| {f'≥ {target}%' if target else ''} | {detail} |"
            )
        write.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.print(f"written to {write}")
    return 0
