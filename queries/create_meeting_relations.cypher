// Bulk load into a live database: CONCLUDES or MENTIONS from a document to a meeting it owns,
// known to be new (see create_document_relations).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (m:Meeting {id: row.to})
CREATE (d)-[r:$(row.type) {source_id: row.source_id}]->(m)
SET r += row.props
