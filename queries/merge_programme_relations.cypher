// Loader: MENTIONS and APPROVES from a document to programmes.
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (g:Programme {id: row.to})
MERGE (d)-[r:$(row.type) {source_id: row.source_id}]->(g)
SET r += row.props
