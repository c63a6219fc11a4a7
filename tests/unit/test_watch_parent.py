"""Extraction workers do not outlive a killed ingest (``ingest.load.watch_parent``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# a stand-in for `vanban ingest --workers 2`: the same pool set-up, workers busy, pids printed
_INGEST = textwrap.dedent(
    """
    import os, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from ingest.load import _pool_context, watch_parent

    def busy(_):
        time.sleep(120)

    if __name__ == "__main__":
        pool = ProcessPoolExecutor(2, mp_context=_pool_context(), initializer=watch_parent,
                                   initargs=(os.getpid(), 0.2))
        futures = [pool.submit(busy, i) for i in range(2)]
        time.sleep(1.5)
        print(" ".join(str(p) for p in pool._processes), flush=True)
        time.sleep(120)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def test_workers_exit_when_the_ingest_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "fake_ingest.py"
    script.write_text(_INGEST, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    workers = [int(p) for p in line.split()]
    assert len(workers) == 2 and all(_alive(p) for p in workers)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "workers outlived the killed ingest"
