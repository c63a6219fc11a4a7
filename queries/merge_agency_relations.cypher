// Loader: ISSUED_BY, ADDRESSED_TO, MENTIONS from a document to agencies, with evidence.
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (a:Agency {id: row.to})
MERGE (d)-[r:$(row.type) {source_id: row.source_id}]->(a)
SET r += row.props
