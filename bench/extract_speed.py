"""Extraction speed: MB of UTF-8 input per second of process CPU time, per core.

Usage::

    .venv/bin/python bench/extract_speed.py PATH... [--workers N] [--repeat R] [--profile]
    .venv/bin/python bench/extract_speed.py PATH... --components   # CPU s per extraction stage

``PATH`` is a file, a directory (walked for supported inputs) or a glob. Each process decodes its
files first (``ingest.readers.read_file``, not timed), builds and warms the pipeline, then runs
``ingest.extract`` over its texts ``--repeat`` times. The figure is the UTF-8 size of the texts
divided by the process CPU time (``time.process_time``: user + system of that process) spent in
``extract``: CPU time, not wall time, because the machines this runs on are shared.

With ``--workers N`` (N > 1) the files are dealt round-robin to N worker processes that each read
their own files and time their own ``extract`` calls; the per-core figure is the total MB over
the summed CPU seconds of the workers, and the aggregate is that times N (what N free cores give).

Python: ``measure(paths, workers=1) -> dict`` (keys ``files``, ``mb``, ``cpu_s``,
``mb_s_per_core``, ``ms_per_doc``, ``workers``, and ``mb_s_aggregate`` for N > 1). The result
also answers the attribute interface ``python -m bench extract`` reads (``files``, ``bytes``,
``processes``, ``mb_per_s``, ``mb_per_s_per_core``), and ``measure`` accepts that caller's
``processes=`` / ``max_seconds=`` keywords.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing as mp
import pstats
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.files import iter_inputs
from ingest import extract
from ingest.readers import read_file

MB = 1_000_000
_WARMUP = "Số: 01/NQ-CP\nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"


class SpeedResult(dict[str, Any]):
    """The measurement as a dict, with the attribute names ``bench/__main__.py`` reads."""

    @property
    def files(self) -> int:
        return int(self["files"])

    @property
    def bytes(self) -> int:
        return int(self["bytes"])

    @property
    def processes(self) -> int:
        return int(self["workers"])

    @property
    def seconds(self) -> float:
        return float(self["cpu_s"])

    @property
    def mb_per_s_per_core(self) -> float:
        return float(self["mb_s_per_core"])

    @property
    def mb_per_s(self) -> float:
        """All processes together (per-core figure times the number of processes)."""
        return float(self.get("mb_s_aggregate", self["mb_s_per_core"]))


def list_files(paths: Iterable[str | Path]) -> list[Path]:
    """Input files under ``paths`` (directories walked, sorted)."""
    return [p for p in iter_inputs(paths) if p.is_file()]


def _run(files: Sequence[str], repeat: int, max_seconds: float | None) -> dict[str, float]:
    """Read ``files``, warm up, time ``extract`` over them ``repeat`` times (CPU time)."""
    texts = [read_file(f) for f in files]
    extract(_WARMUP)  # build the pipeline, load gazetteers and automata
    if texts:
        extract(texts[0])
    nbytes = docs = 0
    t0 = time.process_time()
    for _ in range(repeat):
        for t in texts:
            extract(t)
            nbytes += len(t.encode("utf-8", "surrogatepass"))
            docs += 1
            if max_seconds is not None and time.process_time() - t0 >= max_seconds:
                break
    cpu = time.process_time() - t0
    return {"bytes": float(nbytes), "cpu": cpu, "docs": float(docs)}


def _worker(args: tuple[list[str], int, float | None]) -> dict[str, float]:
    return _run(*args)


def measure(
    paths: Iterable[str | Path],
    workers: int = 1,
    repeat: int = 1,
    *,
    processes: int | None = None,
    max_seconds: float | None = None,
) -> SpeedResult:
    """Extraction speed over the input files under ``paths`` (see the module docstring)."""
    n = processes if processes is not None else workers
    files = [str(f) for f in list_files(paths)]
    if n <= 1:
        parts = [_run(files, repeat, max_seconds)]
    else:
        chunks = [files[i::n] for i in range(n)]
        ctx = mp.get_context("spawn")  # a clean interpreter per worker
        with ctx.Pool(n) as pool:
            parts = pool.map(_worker, [(c, repeat, max_seconds) for c in chunks if c])
    nbytes = sum(p["bytes"] for p in parts)
    cpu = sum(p["cpu"] for p in parts)
    docs = sum(p["docs"] for p in parts)
    per_core = nbytes / MB / cpu if cpu > 0 else 0.0
    result = SpeedResult(
        files=int(docs / max(1, repeat)),
        bytes=int(nbytes),
        mb=round(nbytes / MB / max(1, repeat), 3),
        cpu_s=round(cpu, 3),
        mb_s_per_core=round(per_core, 2),
        ms_per_doc=round(1000 * cpu / docs, 3) if docs else None,
        workers=max(1, n),
    )
    if n > 1:
        result["mb_s_aggregate"] = round(per_core * n, 2)
    return result


def _profile(paths: Sequence[str], repeat: int) -> None:
    texts = [read_file(f) for f in list_files(paths)]
    extract(_WARMUP)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        for t in texts:
            extract(t)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(40)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(50)


def _components(paths: Sequence[str], repeat: int) -> dict[str, float]:
    """CPU seconds per stage, the stages called one by one as ``ingest.extract`` calls them
    (the shared phrase scan of the compact view is charged to its first user, citations)."""
    from ingest import gazetteer, header
    from ingest.clean import prepare
    from ingest.pipeline import stage_citations, stage_entities, stage_tasks

    texts = [read_file(f) for f in list_files(paths)]
    extract(_WARMUP)
    spent: dict[str, float] = {}
    clock = time.process_time

    def add(name: str, t0: float) -> float:
        t1 = clock()
        spent[name] = spent.get(name, 0.0) + t1 - t0
        return t1

    for _ in range(repeat):
        for t in texts:
            t0 = clock()
            utf8 = t.encode("utf-8", "surrogatepass")
            prep = prepare(t, utf8)
            t0 = add("prepare", t0)
            meta = header.parse_header(prep)
            t0 = add("header", t0)
            stage_citations(prep, meta)
            t0 = add("citations", t0)
            gazetteer.find_agencies(prep)
            t0 = add("agencies", t0)
            stage_entities(prep, meta)
            t0 = add("entities", t0)
            stage_tasks(prep, meta)
            add("tasks", t0)
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="MB/s per core of ingest.extract (CPU time)")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=1, help="also measure with N worker processes")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the files")
    ap.add_argument("--profile", action="store_true", help="cProfile one process instead")
    ap.add_argument("--components", action="store_true", help="CPU s per extraction stage instead")
    ns = ap.parse_args(argv)
    if ns.components:
        spent = _components(ns.paths, ns.repeat)
        for name, sec in spent.items():
            print(f"{name:20s} {sec:7.3f} s")
        print(f"{'total':20s} {sum(spent.values()):7.3f} s")
        return 0
    if ns.profile:
        _profile(ns.paths, ns.repeat)
        return 0
    one = measure(ns.paths, workers=1, repeat=ns.repeat)
    print(
        f"1 process: {one['files']} files, {one['mb']} MB, {one['cpu_s']} s CPU, "
        f"{one['mb_s_per_core']} MB/s per core, {one['ms_per_doc']} ms CPU/doc"
    )
    if ns.workers > 1:
        many = measure(ns.paths, workers=ns.workers, repeat=ns.repeat)
        print(
            f"{ns.workers} workers: {many['mb_s_per_core']} MB/s per core "
            f"(aggregate {many['mb_s_aggregate']} MB/s on {ns.workers} cores), "
            f"{many['ms_per_doc']} ms CPU/doc"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
