"""Benchmark rows land in the Results table even when other sections follow it."""

from __future__ import annotations

from pathlib import Path

from bench.results import HEADER, Row, record


def test_rows_are_inserted_at_the_end_of_the_results_table(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    path.write_text(
        HEADER + "| old | m | c | b | r | t | yes |\n\n## Bulk load\n\n| x | y |\n| 1 | 2 |\n"
    )
    record([Row("cited-by", "p50 1 ms", "p50 ≤ 5 ms", True)], machine="m", corpus="c", path=path)
    lines = path.read_text().split("\n")
    new = next(i for i, line in enumerate(lines) if "| cited-by |" in line)
    assert lines[new - 1].startswith("| old |")  # right after the last Results row
    assert new < lines.index("## Bulk load")
    assert lines[-3:-1] == ["| x | y |", "| 1 | 2 |"]  # the other table is untouched


def test_a_missing_file_is_created_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "benchmarks.md"
    record(
        [Row("ingest", "10 docs/s", "≥ 1,000 docs/s", False)], machine="m", corpus="c", path=path
    )
    text = path.read_text()
    assert (
        text.startswith("# Benchmarks")
        and "| ingest | 10 docs/s | ≥ 1,000 docs/s | **no** |" in text
    )
