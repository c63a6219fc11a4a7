// Loader: LED_BY (chủ trì) and SUPPORTED_BY (phối hợp) from a task to agencies.
UNWIND $rows AS row
MATCH (t:Task {id: row.from})
MATCH (a:Agency {id: row.to})
MERGE (t)-[r:$(row.type) {source_id: row.source_id}]->(a)
SET r += row.props
