from __future__ import annotations

from pathlib import Path

import pytest

from graph_schema import migrate


def test_migrations_are_numbered_and_idempotent_statements() -> None:
    found = migrate.discover()
    assert [m.version for m in found] == sorted(m.version for m in found)
    assert found[0].version == 1
    for mig in found:
        assert mig.statements
        for stmt in mig.statements:
            assert "IF NOT EXISTS" in stmt.upper() or stmt.upper().startswith("CALL"), stmt


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);",
            ("CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)",),
        ),
        ("// c;\nA;\n\nB\n;\n", ("A", "B")),
        ("A;\n// trailing comment", ("A",)),
        ("", ()),
    ],
)
def test_split_statements(text: str, expected: tuple[str, ...]) -> None:
    assert migrate.split_statements(text) == expected


def test_bad_file_names_are_refused(tmp_path: Path) -> None:
    (tmp_path / "first.cypher").write_text("RETURN 1;")
    with pytest.raises(migrate.MigrationError, match="NNNN_name"):
        migrate.discover(tmp_path)


def test_duplicate_numbers_are_refused(tmp_path: Path) -> None:
    (tmp_path / "0001_a.cypher").write_text("A;")
    (tmp_path / "0001_b.cypher").write_text("B;")
    with pytest.raises(migrate.MigrationError, match="duplicate"):
        migrate.discover(tmp_path)
