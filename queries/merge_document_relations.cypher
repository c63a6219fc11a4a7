// Loader: document-to-document relations (CITES, IMPLEMENTS, BASED_ON ...), one per
// (from, to, type, source_id), with their evidence (sentence, start, end, article, stated).
UNWIND $rows AS row
MATCH (a:Document {id: row.from})
MATCH (b:Document {id: row.to})
MERGE (a)-[r:$(row.type) {source_id: row.source_id}]->(b)
SET r += row.props
