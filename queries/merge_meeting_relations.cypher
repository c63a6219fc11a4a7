// Bulk load into a live database, resumed: create_meeting_relations for a batch that may have
// been committed before the interruption (MERGE: no duplicate edge).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (m:Meeting {id: row.to})
MERGE (d)-[r:$(row.type) {source_id: row.source_id}]->(m)
SET r += row.props
