// Loader: agencies (gazetteer id or slug of the canonical name).
UNWIND $rows AS row
MERGE (a:Agency {id: row.id})
ON CREATE SET a.name = row.name, a.code = row.code, a.kind = row.kind
ON MATCH SET a.code = coalesce(a.code, row.code), a.kind = coalesce(a.kind, row.kind)
