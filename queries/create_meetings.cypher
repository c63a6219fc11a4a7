// Loader, batches: meetings owned by the documents of a batch, with their CONCLUDES or
// MENTIONS edge (new: a changed document's meetings were deleted first).
UNWIND $rows AS row
MATCH (d:Document {id: row.document_id})
MERGE (m:Meeting {id: row.id})
SET m += row.props
CREATE (d)-[r:$(row.type) {source_id: row.document_id}]->(m)
SET r += row.rel
