// API stats: the documents with the most incoming document relations.
MATCH (d:Document)
WITH d, COUNT { (d)<-[:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-() } AS cited_by
WHERE cited_by > 0
ORDER BY cited_by DESC, d.id
LIMIT $limit
RETURN d {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(d.ingested, false), ambiguous: coalesce(d.ambiguous, false), type_label: head([l IN labels(d) WHERE l <> 'Document'])} AS document, cited_by
