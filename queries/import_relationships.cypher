// Import of an export (jsonl): create the relationships of one batch between nodes found by
// kind and id (one branch per kind, each through its id index), with their properties.
// Returns how many were created (rows whose ends are missing create nothing).
UNWIND $rows AS row
CALL (row) {
  MATCH (a:Document {id: row.start}) WHERE row.start_kind = 'Document' RETURN a
  UNION ALL
  MATCH (a:Agency {id: row.start}) WHERE row.start_kind = 'Agency' RETURN a
  UNION ALL
  MATCH (a:Person {id: row.start}) WHERE row.start_kind = 'Person' RETURN a
  UNION ALL
  MATCH (a:Programme {id: row.start}) WHERE row.start_kind = 'Programme' RETURN a
  UNION ALL
  MATCH (a:Meeting {id: row.start}) WHERE row.start_kind = 'Meeting' RETURN a
  UNION ALL
  MATCH (a:Task {id: row.start}) WHERE row.start_kind = 'Task' RETURN a
}
CALL (row) {
  MATCH (b:Document {id: row.end}) WHERE row.end_kind = 'Document' RETURN b
  UNION ALL
  MATCH (b:Agency {id: row.end}) WHERE row.end_kind = 'Agency' RETURN b
  UNION ALL
  MATCH (b:Person {id: row.end}) WHERE row.end_kind = 'Person' RETURN b
  UNION ALL
  MATCH (b:Programme {id: row.end}) WHERE row.end_kind = 'Programme' RETURN b
  UNION ALL
  MATCH (b:Meeting {id: row.end}) WHERE row.end_kind = 'Meeting' RETURN b
  UNION ALL
  MATCH (b:Task {id: row.end}) WHERE row.end_kind = 'Task' RETURN b
}
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.properties
RETURN count(r) AS created
