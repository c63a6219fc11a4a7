// API: the summary of one document (the root of a chain).
MATCH (d:Document {id: $id})
RETURN d {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(d.ingested, false), ambiguous: coalesce(d.ambiguous, false), type_label: head([l IN labels(d) WHERE l <> 'Document'])} AS document
