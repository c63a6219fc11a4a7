// Import of an export (jsonl) into an empty database: create the nodes of one batch with all
// their labels and properties (the id constraints refuse a duplicate).
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.properties
