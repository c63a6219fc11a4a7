// Loader: the ingested document itself. MERGE through the id constraint, so a placeholder
// with this id is upgraded in place (same node, incoming edges kept); its type label replaced.
WITH $doc AS row
MERGE (d:Document {id: row.id})
WITH d, row, [l IN labels(d) WHERE l <> 'Document'] AS old
REMOVE d:$(old)
SET d:$(row.label)
SET d += row.props
