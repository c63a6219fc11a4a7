// Bootstrap of the migration ledger itself: one node per applied migration version.
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS
FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE
