// Bulk load into a live database, resumed: create_task_relations for a batch that may have
// been committed before the interruption (MERGE: no duplicate edge).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (t:Task {id: row.to})
MERGE (d)-[r:ASSIGNS {source_id: row.source_id}]->(t)
SET r += row.props
