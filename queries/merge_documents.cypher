// Loader, batches: the ingested documents of a batch (merge_document for each row): MERGE
// through the id constraint, so a placeholder is upgraded in place; its type label replaced.
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
WITH d, row, [l IN labels(d) WHERE l <> 'Document'] AS old
REMOVE d:$(old)
SET d:$(row.label)
SET d += row.props
