// Loader, batches: MENTIONS and APPROVES to programmes, known to be new (see
// create_document_relations).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (g:Programme {id: row.to})
CREATE (d)-[r:$(row.type) {source_id: row.source_id}]->(g)
SET r += row.props
