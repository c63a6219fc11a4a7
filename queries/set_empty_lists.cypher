// After a neo4j-admin import of a csv export (which cannot store an empty array): set the
// properties that were empty lists, found by kind and id (one branch per kind, each through its
// id index). Returns how many were set.
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Document {id: row.id}) WHERE row.kind = 'Document' RETURN n
  UNION ALL
  MATCH (n:Agency {id: row.id}) WHERE row.kind = 'Agency' RETURN n
  UNION ALL
  MATCH (n:Person {id: row.id}) WHERE row.kind = 'Person' RETURN n
  UNION ALL
  MATCH (n:Programme {id: row.id}) WHERE row.kind = 'Programme' RETURN n
  UNION ALL
  MATCH (n:Meeting {id: row.id}) WHERE row.kind = 'Meeting' RETURN n
  UNION ALL
  MATCH (n:Task {id: row.id}) WHERE row.kind = 'Task' RETURN n
}
SET n[row.key] = []
RETURN count(*) AS set
