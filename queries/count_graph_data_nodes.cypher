// Import of an export: whether the database holds any node other than schema bookkeeping
// (0 or 1: the import refuses a database that is not empty).
MATCH (n)
WHERE NOT n:SchemaMigration
WITH n
LIMIT 1
RETURN count(n) AS nodes
