// Loader, batches: the ingested documents of a batch (merge_document for each row): MERGE
// through the id constraint, so a placeholder is upgraded in place; its type label replaced.
// Written only when new or changed: updated_at = $now, ingested_at = $now the first time.
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
WITH d, row, [l IN labels(d) WHERE l <> 'Document'] AS old
REMOVE d:$(old)
SET d:$(row.label)
SET d += row.props
SET d.ingested_at = coalesce(d.ingested_at, $now), d.updated_at = $now
