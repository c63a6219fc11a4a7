// Bulk load into a live database: the ingested documents of a batch, as merge_documents (MERGE
// through the id constraint, a placeholder upgraded in place, type label replaced,
// updated_at = $now, ingested_at = $now the first time), plus `row.subject`: the subject of a
// name citation that created this document's placeholder earlier in the corpus, which the
// placeholder statement would have set (only on a node that is not an ingested document and
// has no subject yet).
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
WITH d, row, coalesce(d.ingested, false) AS was_ingested,
     [l IN labels(d) WHERE l <> 'Document'] AS old
REMOVE d:$(old)
SET d:$(row.label)
SET d += row.props
SET d.subject = CASE WHEN was_ingested THEN d.subject ELSE coalesce(d.subject, row.subject) END,
    d.ingested_at = coalesce(d.ingested_at, $now),
    d.updated_at = $now
