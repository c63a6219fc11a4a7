// API: documents whose symbol_key is one of $keys (index lookup), with the optional filters of
// list_documents; the year disambiguates symbols that recur (18-NQ/TW in 2017 and 2022).
MATCH (d:Document)
WHERE d.symbol_key IN $keys
  AND ($year IS NULL OR d.year = $year)
  AND ($doc_type IS NULL OR d.doc_type = $doc_type)
  AND ($label IS NULL OR $label IN labels(d))
  AND ($issuer IS NULL OR d.issuer_id IN $issuer_ids OR toLower(d.issuer) CONTAINS $issuer)
WITH d ORDER BY coalesce(d.issued_date, '') DESC, d.id
WITH collect(d) AS docs
RETURN size(docs) AS total,
       [d IN docs[$offset..$offset + $limit] | d {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(d.ingested, false), ambiguous: coalesce(d.ambiguous, false), type_label: head([l IN labels(d) WHERE l <> 'Document'])}] AS items
