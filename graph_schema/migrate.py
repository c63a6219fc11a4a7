"""Numbered, immutable schema migrations.

``graph_schema/migrations/NNNN_name.cypher`` holds schema statements (constraints and indexes,
each ``IF NOT EXISTS``) separated by ``;``. Applying runs every statement of every migration in
order (cheap and idempotent) and records ``(:SchemaMigration {version, name, checksum})``.
A migration already recorded whose file now has a different checksum is refused: applied
migrations are never edited, a change is a new file.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString, cast

from neo4j import Driver

import queries

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")


class MigrationError(Exception):
    """A migration cannot be applied; the message says which and why."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    checksum: str
    statements: tuple[str, ...]


def split_statements(text: str) -> tuple[str, ...]:
    """Statements of a migration file: ``//`` comment lines dropped, split on ``;`` at line end."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    parts = re.split(r";\s*(?:\n|$)", body)
    return tuple(p.strip() for p in parts if p.strip())


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(directory.glob("*.cypher")):
        m = _FILE.match(path.name)
        if not m:
            raise MigrationError(f"{path.name}: migration files are named NNNN_name.cypher")
        raw = path.read_bytes()
        found.append(
            Migration(
                version=int(m.group(1)),
                name=path.stem,
                path=path,
                checksum=hashlib.sha256(raw).hexdigest(),
                statements=split_statements(raw.decode("utf-8")),
            )
        )
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"duplicate migration numbers in {directory}")
    return found


@dataclass(frozen=True)
class ApplyResult:
    applied: list[str]
    already: list[str]


def applied_migrations(driver: Driver, database: str) -> dict[int, dict[str, str]]:
    records, _, _ = driver.execute_query(queries.load("get_applied_migrations"), database_=database)
    return {r["version"]: {"name": r["name"], "checksum": r["checksum"]} for r in records}


def check(driver: Driver, database: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Names of migrations not yet applied; raises :class:`MigrationError` on a changed one."""
    applied = applied_migrations(driver, database)
    pending = []
    for mig in discover(directory):
        rec = applied.get(mig.version)
        if rec is None:
            pending.append(mig.name)
        elif rec["checksum"] != mig.checksum:
            raise MigrationError(
                f"migration {mig.path.name} changed after it was applied (recorded checksum "
                f"{rec['checksum'][:12]}, file {mig.checksum[:12]}): applied migrations are "
                "immutable; restore the file and add a new numbered migration instead"
            )
    return pending


def apply(driver: Driver, database: str, directory: Path = MIGRATIONS_DIR) -> ApplyResult:
    """Apply every migration not yet recorded, in order. Safe to run any number of times."""
    migrations = discover(directory)
    with driver.session(database=database) as session:
        session.run(queries.load("create_migration_constraint")).consume()
    check(driver, database, directory)  # refuse changed migrations before touching anything
    applied_now: list[str] = []
    already: list[str] = []
    recorded = applied_migrations(driver, database)
    for mig in migrations:
        if mig.version in recorded:
            already.append(mig.name)
            continue
        with driver.session(database=database) as session:
            for stmt in mig.statements:  # schema commands: one auto-commit transaction each
                session.run(cast(LiteralString, stmt)).consume()  # trusted migration file
        driver.execute_query(
            queries.load("record_migration"),
            version=mig.version,
            name=mig.name,
            checksum=mig.checksum,
            database_=database,
        )
        logger.info("applied migration %s", mig.name)
        applied_now.append(mig.name)
    await_indexes(driver, database)
    return ApplyResult(applied=applied_now, already=already)


INDEX_TIMEOUT = 4 * 3600.0
"""Seconds :func:`await_indexes` waits by default. Building the indexes of a freshly imported
store takes as long as it takes (the full-text index over a million bodies: many minutes); an
index that cannot be built turns FAILED, which ends the wait at once."""


def await_indexes(
    driver: Driver,
    database: str,
    *,
    timeout: float = INDEX_TIMEOUT,
    poll: float = 2.0,
    log_every: float = 30.0,
) -> None:
    """Block until every index is online, logging the population progress every ``log_every``
    seconds. Raises :class:`MigrationError` when an index FAILED or after ``timeout`` seconds
    (Neo4j keeps building it; ``vanban neo4j status`` and ``SHOW INDEXES`` tell when it is done).

    ``db.awaitIndexes`` is not used: it fails after a fixed time however far the population got
    (its 300 s ended a 1M-document bulk load whose full-text index was still being built)."""
    started = time.monotonic()
    logged = started
    while True:
        records, _, _ = driver.execute_query(
            queries.load("list_pending_indexes"), database_=database
        )
        if not records:
            return
        failed = [r["name"] for r in records if r["state"] == "FAILED"]
        if failed:
            raise MigrationError(
                f"index {', '.join(failed)} FAILED to build: see Neo4j's debug.log, drop and "
                "recreate it (`DROP INDEX name`, then apply the migrations again)"
            )
        now = time.monotonic()
        progress = ", ".join(f"{r['name']} {r['populationPercent']:.0f}%" for r in records)
        if now - started > timeout:
            raise MigrationError(
                f"indexes still building after {timeout:.0f} s ({progress}); Neo4j goes on "
                "building them, and queries that need them are slow until they are online"
            )
        if now - logged >= log_every:
            logger.info("waiting for indexes to come online: %s", progress)
            logged = now
        time.sleep(poll)
