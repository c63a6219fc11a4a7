// Loader: tasks a document assigns (owned by it: id <document id>~t<n>), linked by ASSIGNS.
UNWIND $rows AS row
MATCH (d:Document {id: row.document_id})
MERGE (t:Task {id: row.id})
SET t += row.props
MERGE (d)-[r:ASSIGNS {source_id: row.document_id}]->(t)
SET r += row.rel
