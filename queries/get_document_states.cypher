// Loader, batches: what the graph holds for each id of a batch (ids absent from the graph
// give no row).
UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN d.id AS id, d.ingested AS ingested, d.content_hash AS content_hash
