"""Bounded-time fuzzing of ``ingest.extract`` and ``ingest.readers.decode_bytes``.

    .venv/bin/python -m bench.fuzz --seconds 600 [--target extract|decode|all] [--seed N]
                                   [--corpus tests/fuzz/corpus] [--report fuzz.json]

Hypothesis generates the inputs (``tests/fuzz/generators.py``: mutated realistic documents and
files) in this process; each input runs in a worker process (the extraction pipeline loaded
once) under a watchdog. An exception (for the readers: anything but ``ReadError``) is a *crash*;
an input that takes longer than its budget (2 s for a small input, more for megabyte inputs) is
a *hang*, and a worker that does not answer within twice the budget is killed and restarted.
Findings are written to the corpus (``crash-*``/``hang-*``, at most a few inputs per distinct
failure, the smallest kept) and replayed by ``tests/unit/test_fuzz_regressions.py``. With
``--write-seeds`` the seed inputs are (re)written to the corpus as well.

Prints and optionally writes (``--report``) the run: duration, executions per target, slowest
input, worker peak memory, findings.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing as mp
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fuzz import harness  # noqa: E402

logger = logging.getLogger(__name__)
MAX_PER_FINDING = 3


# ---------------------------------------------------------------------------------- worker ---


def _worker(conn: Connection) -> None:
    logging.disable(logging.CRITICAL)  # the readers log unexpected errors: we report them
    import ingest

    ingest.extract("Số: 1/QĐ-TTg", source="warm-up")
    from tests.fuzz import generators

    for data, suffix in generators.seed_files():  # lazy imports (pypdf, lxml...) done here
        harness.check_decode(data, suffix)
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        target, payload, suffix = msg
        t0 = time.perf_counter()
        try:
            if target == "extract":
                harness.check_extract(payload)
            else:
                harness.check_decode(payload, suffix)
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else "?"
            conn.send(
                (
                    "crash",
                    time.perf_counter() - t0,
                    f"{type(exc).__name__} at {where}",
                    f"{type(exc).__name__}: {exc}"[:500],
                )
            )
        else:
            conn.send(("ok", time.perf_counter() - t0, "", ""))


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Runner:
    """One worker process at a time; killed and replaced when it hangs or dies."""

    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")
        self.proc: Any = None
        self.conn: Connection | None = None
        self.restarts = 0
        self.peak_rss_mb = 0.0

    def start(self) -> None:
        parent, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        self.conn = parent
        if not parent.poll(120) or parent.recv() != "ready":
            raise RuntimeError("fuzz worker did not start")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.peak_rss_mb = max(self.peak_rss_mb, _peak_rss_mb(self.proc.pid))
        try:
            assert self.conn is not None
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.proc = None

    def _restart(self) -> None:
        self.peak_rss_mb = max(self.peak_rss_mb, _peak_rss_mb(self.proc.pid))
        self.proc.kill()
        self.proc.join()
        self.proc = None
        self.restarts += 1
        self.start()

    def run(self, target: str, payload: str | bytes, suffix: str) -> tuple[str, float, str, str]:
        """``(outcome, seconds, key, message)``: outcome ``ok``, ``crash`` or ``hang``."""
        assert self.conn is not None
        budget = harness.time_budget(len(payload))
        self.conn.send((target, payload, suffix))
        if not self.conn.poll(2 * budget + 1):
            self._restart()
            limit = 2 * budget + 1
            return "hang", limit, "hang (killed)", f"no answer within {limit:.0f} s"
        try:
            outcome, seconds, key, message = self.conn.recv()
        except EOFError:  # the worker died (segfault, out of memory)
            code = self.proc.exitcode if self.proc is not None else None
            self._restart()
            return "crash", 0.0, f"worker died ({code})", f"worker exit code {code}"
        if outcome == "ok" and seconds > budget:
            return "hang", seconds, "hang (slow)", f"{seconds:.1f} s > {budget:.1f} s budget"
        return outcome, seconds, key, message


# ----------------------------------------------------------------------------------- stats ---


@dataclass
class Finding:
    target: str
    kind: str
    key: str
    message: str
    size: int
    seconds: float
    saved: list[str] = field(default_factory=list)


@dataclass
class TargetStats:
    executions: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_size: int = 0
    largest_input: int = 0


@dataclass
class Report:
    seconds: float = 0.0
    seed: int = 0
    targets: dict[str, TargetStats] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    worker_restarts: int = 0
    worker_peak_rss_mb: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["findings"] = list(d["findings"].values())
        return d


def _record(
    report: Report,
    corpus: Path,
    target: str,
    payload: str | bytes,
    suffix: str,
    result: tuple[str, float, str, str],
) -> None:
    outcome, seconds, key, message = result
    stats = report.targets.setdefault(target, TargetStats())
    stats.executions += 1
    stats.seconds += seconds
    stats.largest_input = max(stats.largest_input, len(payload))
    if seconds > stats.slowest:
        stats.slowest, stats.slowest_size = seconds, len(payload)
    if outcome == "ok":
        return
    fkey = f"{target}: {key}"
    finding = report.findings.get(fkey)
    if finding is None:
        finding = report.findings[fkey] = Finding(
            target, outcome, key, message, len(payload), seconds
        )
        print(f"FINDING {fkey}: {message} (input of {len(payload)})", flush=True)
    elif len(finding.saved) >= MAX_PER_FINDING and len(payload) >= finding.size:
        return
    finding.size = min(finding.size, len(payload))
    if isinstance(payload, str):
        path = harness.save_text(payload, outcome, note=f"{key}: {message}", root=corpus)
    else:
        path = harness.save_bytes(payload, suffix, outcome, root=corpus)
    finding.saved.append(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path))


# ------------------------------------------------------------------------------------- run ---


def _fuzz_target(
    runner: Runner, report: Report, corpus: Path, target: str, deadline: float, seed: int
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    from tests.fuzz import generators

    class TimeUp(Exception):
        pass

    class Case:
        """An input with a short repr: Hypothesis need not render megabytes per example."""

        def __init__(self, value: Any) -> None:
            self.value = value

        def __repr__(self) -> str:
            size = len(self.value) if target == "extract" else len(self.value[0])
            return f"<fuzz input of {size}>"

    generators.seed_files()  # built before Hypothesis runs (the PDF and DOCX writers use random)
    strategy = (generators.texts() if target == "extract" else generators.files()).map(Case)

    @hseed(seed)
    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        if time.monotonic() > deadline:
            raise TimeUp
        payload, suffix = (case.value, "") if target == "extract" else case.value
        _record(report, corpus, target, payload, suffix, runner.run(target, payload, suffix))

    with contextlib.suppress(TimeUp):
        run()


def write_seeds(corpus: Path) -> int:
    """The seed inputs into the corpus: one text per demo document, every file encoding."""
    from tests.fuzz import generators

    n = 0
    for text in generators.seed_texts()[:3]:
        harness.save_text(text, "seed", note="demo corpus document", root=corpus)
        n += 1
    for data, suffix in generators.seed_files()[:14]:
        harness.save_bytes(data, suffix, "seed", root=corpus)
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="total fuzzing time")
    ap.add_argument("--target", choices=["extract", "decode", "all"], default="all")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    ap.add_argument("--corpus", type=Path, default=harness.CORPUS)
    ap.add_argument("--report", type=Path, help="write the run's report here (JSON)")
    ap.add_argument("--write-seeds", action="store_true", help="also write the seed inputs")
    args = ap.parse_args(argv)

    if args.write_seeds:
        print(f"{write_seeds(args.corpus)} seed inputs written to {args.corpus}")
    targets = ["extract", "decode"] if args.target == "all" else [args.target]
    report = Report(seed=args.seed)
    runner = Runner()
    runner.start()
    t0 = time.monotonic()
    try:
        for i, target in enumerate(targets):
            share = (args.seconds - (time.monotonic() - t0)) / (len(targets) - i)
            print(f"fuzzing {target} for {share:.0f} s (seed {args.seed})", flush=True)
            _fuzz_target(
                runner, report, args.corpus, target, time.monotonic() + share, args.seed + i
            )
    finally:
        runner.stop()
    report.seconds = round(time.monotonic() - t0, 1)
    report.worker_restarts = runner.restarts
    report.worker_peak_rss_mb = round(runner.peak_rss_mb, 1)
    for target, s in report.targets.items():
        print(
            f"{target}: {s.executions} executions in {s.seconds:.0f} s of work, slowest "
            f"{s.slowest:.2f} s (input of {s.slowest_size}), largest input {s.largest_input}"
        )
    print(
        f"worker restarts {report.worker_restarts}, worker peak RSS "
        f"{report.worker_peak_rss_mb:.0f} MB, findings {len(report.findings)}"
    )
    for f in report.findings.values():
        print(
            f"  {f.target} {f.kind}: {f.key}: {f.message} (smallest input {f.size}) "
            f"-> {', '.join(f.saved)}"
        )
    if args.report:
        args.report.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return 1 if report.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
