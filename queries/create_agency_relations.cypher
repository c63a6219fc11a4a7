// Loader, batches: ISSUED_BY, ADDRESSED_TO, MENTIONS to agencies, known to be new (see
// create_document_relations).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (a:Agency {id: row.to})
CREATE (d)-[r:$(row.type) {source_id: row.source_id}]->(a)
SET r += row.props
