// Bulk load into a live database: ASSIGNS from a document to a task it owns, with evidence,
// known to be new (see create_document_relations).
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (t:Task {id: row.to})
CREATE (d)-[r:ASSIGNS {source_id: row.source_id}]->(t)
SET r += row.props
