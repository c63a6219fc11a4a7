// Loader, batches: SIGNED_BY and MENTIONS to persons, known to be new (see
// create_document_relations).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (p:Person {id: row.to})
CREATE (d)-[r:$(row.type) {source_id: row.source_id}]->(p)
SET r += row.props
