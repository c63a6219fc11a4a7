// Loader, batches: tasks owned by the documents of a batch, with their ASSIGNS edge (new: a
// changed document's tasks were deleted first).
UNWIND $rows AS row
MATCH (d:Document {id: row.document_id})
MERGE (t:Task {id: row.id})
SET t += row.props
CREATE (d)-[r:ASSIGNS {source_id: row.document_id}]->(t)
SET r += row.rel
