"""Schema migrations against a real Neo4j."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j import Driver

from app.settings import Settings
from graph_schema import migrate


def _schema_state(
    driver: Driver, database: str
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[str]]:
    cons, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type RETURN name, type ORDER BY name", database_=database
    )
    idx, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name", database_=database
    )
    migs, _, _ = driver.execute_query(
        "MATCH (m:SchemaMigration) "
        "RETURN m.name + ':' + m.checksum + ':' + toString(m.applied_at) AS k ORDER BY k",
        database_=database,
    )
    return (
        [tuple(r.values()) for r in cons],
        [tuple(r.values()) for r in idx],
        [r["k"] for r in migs],
    )


def test_apply_twice_changes_nothing(driver: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    migrate.apply(driver, db)
    before = _schema_state(driver, db)
    result = migrate.apply(driver, db)
    assert result.applied == []
    assert sorted(result.already) == sorted(m.name for m in migrate.discover())
    assert _schema_state(driver, db) == before
    constraint_names = {c[0] for c in before[0]}
    assert {"document_id", "agency_id", "schema_migration_version"} <= constraint_names


def test_changed_applied_migration_is_refused(
    driver: Driver, settings: Settings, tmp_path: Path
) -> None:
    db = settings.neo4j_database
    mig_dir = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, mig_dir)
    extra = mig_dir / "9001_test_extra.cypher"
    extra.write_text("CREATE INDEX test_extra_idx IF NOT EXISTS FOR (n:TestThing) ON (n.x);\n")
    try:
        assert "9001_test_extra" in migrate.apply(driver, db, mig_dir).applied
        extra.write_text("CREATE INDEX test_extra_idx IF NOT EXISTS FOR (n:TestThing) ON (n.y);\n")
        with pytest.raises(migrate.MigrationError, match=r"9001_test_extra\.cypher changed"):
            migrate.apply(driver, db, mig_dir)
        with pytest.raises(migrate.MigrationError, match="immutable"):
            migrate.check(driver, db, mig_dir)
        # the refused migration changed nothing in the graph
        idx, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, properties WHERE name = 'test_extra_idx' RETURN properties",
            database_=db,
        )
        assert idx[0]["properties"] == ["x"]
    finally:
        driver.execute_query("DROP INDEX test_extra_idx IF EXISTS", database_=db)
        driver.execute_query("MATCH (m:SchemaMigration {version: 9001}) DELETE m", database_=db)


def test_await_indexes_returns_once_a_new_index_is_online(
    driver: Driver, settings: Settings
) -> None:
    """A freshly created index over existing nodes populates in the background: the wait ends
    only when SHOW INDEXES says ONLINE."""
    db = settings.neo4j_database
    driver.execute_query(
        "UNWIND range(1, 20000) AS i CREATE (:AwaitProbe {k: 'key ' + toString(i)})", database_=db
    )
    try:
        driver.execute_query("CREATE INDEX await_probe_k FOR (n:AwaitProbe) ON (n.k)", database_=db)
        migrate.await_indexes(driver, db, poll=0.05)
        records, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, state WHERE name = 'await_probe_k' RETURN state",
            database_=db,
        )
        assert records[0]["state"] == "ONLINE"
    finally:
        driver.execute_query("DROP INDEX await_probe_k IF EXISTS", database_=db)
        driver.execute_query("MATCH (n:AwaitProbe) DELETE n", database_=db)
