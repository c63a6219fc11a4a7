// API: documents that approve or mention a programme, newest first. No row when the programme
// does not exist (the API answers 404).
MATCH (g:Programme {id: $id}) WHERE NOT g:Document
OPTIONAL MATCH (d:Document)-[r:APPROVES|MENTIONS]->(g)
WITH g, d, collect(DISTINCT type(r)) AS relations
ORDER BY coalesce(d.issued_date, '') DESC, d.id
WITH g, collect(CASE WHEN d IS NULL THEN null ELSE {d: d, relations: relations} END) AS rows
WITH size(rows) AS total, rows[$offset..$offset + $limit] AS page
CALL (page) {
  UNWIND page AS x
  WITH x.d AS o, x.relations AS relations
  RETURN collect(o {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(o.ingested, false), ambiguous: coalesce(o.ambiguous, false), type_label: head([l IN labels(o) WHERE l <> 'Document']), relations: relations}) AS items
}
RETURN total, items
