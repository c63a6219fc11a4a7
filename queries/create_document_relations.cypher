// Loader, batches: document-to-document relations of documents whose edges are known to be
// new (inserted, or updated after delete_outgoing_edges_batch): CREATE, no MERGE scan of the
// target's relationships (hubs stay cheap). One row per (from, to, type, source_id).
UNWIND $rows AS row
MATCH (a:Document {id: row.from})
MATCH (b:Document {id: row.to})
CREATE (a)-[r:$(row.type) {source_id: row.source_id}]->(b)
SET r += row.props
