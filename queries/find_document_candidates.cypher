// Loader: for each year-less symbol key, the documents it may cite: same symbol_key, not an
// ambiguous placeholder, not the citing document, not issued after the citing document
// ($before, ISO date; a document with only a year compares by year; unknown dates stay in).
UNWIND $keys AS key
OPTIONAL MATCH (d:Document {symbol_key: key})
WHERE d.id <> $self_id
  AND coalesce(d.ambiguous, false) = false
  AND ($before IS NULL
       OR coalesce(d.issued_date <= $before, d.year <= toInteger(left($before, 4)), true))
WITH key, d ORDER BY d.id
RETURN key, collect(d.id) AS ids
