// Loader: SIGNED_BY (position, capacity) and MENTIONS (position) from a document to persons.
// Positions change over time: they are kept on the edge of the document that states them.
UNWIND $rows AS row
MATCH (d:Document {id: row.from})
MATCH (p:Person {id: row.to})
MERGE (d)-[r:$(row.type) {source_id: row.source_id}]->(p)
SET r += row.props
