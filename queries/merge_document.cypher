// Loader: the ingested document itself. MERGE through the id constraint, so a placeholder
// with this id is upgraded in place (same node, incoming edges kept); its type label replaced.
// Written only when new or changed: updated_at = $now, ingested_at = $now the first time.
WITH $doc AS row
MERGE (d:Document {id: row.id})
WITH d, row, [l IN labels(d) WHERE l <> 'Document'] AS old
REMOVE d:$(old)
SET d:$(row.label)
SET d += row.props
SET d.ingested_at = coalesce(d.ingested_at, $now), d.updated_at = $now
