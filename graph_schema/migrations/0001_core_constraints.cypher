// 0001: node keys. Every node kind is matched through a uniqueness constraint on `id`
// (which also gives the index that MERGE uses). Migrations are immutable once applied:
// change the schema with a new numbered file.
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_id IF NOT EXISTS FOR (n:Meeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE INDEX document_symbol IF NOT EXISTS FOR (n:Document) ON (n.symbol);
CREATE INDEX document_year IF NOT EXISTS FOR (n:Document) ON (n.year);
