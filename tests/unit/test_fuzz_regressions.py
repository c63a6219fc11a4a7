"""Replay of the fuzz corpus (``tests/fuzz/corpus``): seeds and what ``bench/fuzz.py`` found.

Each entry must pass its target's check (``tests/fuzz/harness.py``: ``extract`` raises nothing
and keeps spans inside the text; ``decode_bytes`` raises nothing but ``ReadError``) within three
times its fuzzing time budget (generous: the machine is shared).

Every finding so far is fixed (the lone-surrogate crashes among them), so each entry is a plain
regression guard.
"""

from __future__ import annotations

import time

import pytest

from tests.fuzz import harness

ENTRIES = harness.entries()

# corpus file -> the open bug it reproduces (reported; the code is owned by the extraction work)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    import ingest

    ingest.extract("Số: 1/QĐ-TTg", source="warm-up")  # model load outside the timings


def test_corpus_has_seeds_for_both_targets() -> None:
    seeds = {(e.target, e.suffix) for e in ENTRIES if e.kind == "seed"}
    assert {t for t, _ in seeds} == {"extract", "decode"}
    assert {".txt", ".html", ".docx", ".pdf"} <= {s for t, s in seeds if t == "decode"}


@pytest.mark.parametrize(
    "entry",
    ENTRIES,
    ids=[f"{e.target}/{e.path.name}" for e in ENTRIES],
)
def test_corpus_entry(entry: harness.Entry) -> None:
    t0 = time.perf_counter()
    entry.run()
    elapsed = time.perf_counter() - t0
    assert elapsed < 3 * harness.time_budget(entry.size), f"{elapsed:.1f} s"
