// API stats: ingested documents per Vietnamese type name (null: type unknown).
MATCH (d:Document) WHERE d.ingested
RETURN d.doc_type AS key, count(*) AS count
ORDER BY count DESC, key
