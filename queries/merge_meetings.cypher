// Loader: meetings a document reports (owned by it: id <document id>~<slug>~<date>), linked
// by CONCLUDES (conclusion notices) or MENTIONS.
UNWIND $rows AS row
MATCH (d:Document {id: row.document_id})
MERGE (m:Meeting {id: row.id})
SET m += row.props
MERGE (d)-[r:$(row.type) {source_id: row.document_id}]->(m)
SET r += row.rel
