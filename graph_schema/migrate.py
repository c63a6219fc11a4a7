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
    driver.execute_query(queries.load("await_indexes"), database_=database)
    return ApplyResult(applied=applied_now, already=already)
