// Loader, batches: LED_BY and SUPPORTED_BY from the batch's (new) tasks to agencies.
UNWIND $rows AS row
MATCH (t:Task {id: row.from})
MATCH (a:Agency {id: row.to})
CREATE (t)-[r:$(row.type) {source_id: row.source_id}]->(a)
SET r += row.props
