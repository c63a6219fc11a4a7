// API: a page of documents, newest first, with optional filters (null = no filter).
// $issuer is lower-case text matched inside the issuer name; $issuer_ids are exact agency ids.
MATCH (d:Document)
WHERE ($year IS NULL OR d.year = $year)
  AND ($doc_type IS NULL OR d.doc_type = $doc_type)
  AND ($label IS NULL OR $label IN labels(d))
  AND ($issuer IS NULL OR d.issuer_id IN $issuer_ids OR toLower(d.issuer) CONTAINS $issuer)
WITH d ORDER BY coalesce(d.issued_date, '') DESC, d.id
WITH collect(d) AS docs
RETURN size(docs) AS total,
       [d IN docs[$offset..$offset + $limit] | d {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(d.ingested, false), ambiguous: coalesce(d.ambiguous, false), type_label: head([l IN labels(d) WHERE l <> 'Document'])}] AS items
