// Loader: what the graph holds for one document id (no row when absent).
MATCH (d:Document {id: $id})
RETURN d.ingested AS ingested, d.content_hash AS content_hash
