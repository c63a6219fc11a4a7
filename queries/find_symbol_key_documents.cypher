// Loader, batches: every document of the graph (ingested or placeholder, not ambiguous) with
// one of the year-less citation keys of a batch; the loader filters them per citing document
// (not itself, not issued after it) together with the documents of the batch itself.
UNWIND $keys AS key
MATCH (d:Document {symbol_key: key})
WHERE coalesce(d.ambiguous, false) = false
RETURN key, d.id AS id, d.issued_date AS issued_date, d.year AS year, d.ingested AS ingested
