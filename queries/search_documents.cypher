// API: full-text search over titles and bodies (index document_search, analyzer standard-folding:
// case and diacritics do not matter). $lucene is built by app.routers.search from escaped terms.
// Optional filters as in list_documents; $keys null or a list of symbol keys.
CALL db.index.fulltext.queryNodes('document_search', $lucene) YIELD node AS d, score
WHERE d:Document
  AND ($keys IS NULL OR d.symbol_key IN $keys)
  AND ($year IS NULL OR d.year = $year)
  AND ($doc_type IS NULL OR d.doc_type = $doc_type)
  AND ($label IS NULL OR $label IN labels(d))
  AND ($issuer IS NULL OR d.issuer_id IN $issuer_ids OR toLower(d.issuer) CONTAINS $issuer)
WITH d, score ORDER BY score DESC, d.id
WITH collect({d: d, score: score}) AS hits
WITH size(hits) AS total, hits[$offset..$offset + $limit] AS page
CALL (page) {
  UNWIND page AS x
  WITH x.d AS o, x.score AS score
  RETURN collect({document: o {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(o.ingested, false), ambiguous: coalesce(o.ambiguous, false), type_label: head([l IN labels(o) WHERE l <> 'Document'])}, score: score}) AS items
}
RETURN total, items
