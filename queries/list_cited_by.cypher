// API: a page of the documents that cite this document (every incoming document relation), each with its relation and evidence sentence. No row when the
// document does not exist (the API answers 404). Filters are null when unused.
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)<-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-(o:Document)
  WHERE ($relation IS NULL OR type(r) = $relation)
    AND ($doc_type IS NULL OR o.doc_type = $doc_type)
    AND ($label IS NULL OR $label IN labels(o))
    AND ($issuer IS NULL OR o.issuer_id IN $issuer_ids OR toLower(o.issuer) CONTAINS $issuer)
    AND ($year_from IS NULL OR o.year >= $year_from)
    AND ($year_to IS NULL OR o.year <= $year_to)
WITH d, r, o ORDER BY coalesce(o.issued_date, '') DESC, o.id, type(r)
WITH d, collect(CASE WHEN r IS NULL THEN null ELSE {r: r, o: o} END) AS rows
WITH size(rows) AS total, rows[$offset..$offset + $limit] AS page
CALL (page) {
  UNWIND page AS x
  WITH x.o AS o, x.r AS r
  RETURN collect({document: o {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(o.ingested, false), ambiguous: coalesce(o.ambiguous, false), type_label: head([l IN labels(o) WHERE l <> 'Document'])}, relation: type(r), sentence: r.sentence, article: r.article,
                  stated: coalesce(r.stated, false), evidence_id: r.source_id}) AS items
}
RETURN total, items
