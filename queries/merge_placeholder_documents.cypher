// Loader: documents cited but not ingested. A new one is created with `ingested: false`;
// an existing placeholder only gains what it did not know yet (and, when it is ambiguous,
// the union of candidates); an ingested document is left untouched.
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
ON CREATE SET d.ingested = false, d.ambiguous = coalesce(row.props.ambiguous, false)
WITH d, row
WHERE d.ingested = false
SET d.symbol = coalesce(d.symbol, row.props.symbol),
    d.symbol_key = coalesce(d.symbol_key, row.props.symbol_key),
    d.year = coalesce(d.year, row.props.year),
    d.issued_date = coalesce(d.issued_date, row.props.issued_date),
    d.doc_type = coalesce(d.doc_type, row.props.doc_type),
    d.issuer = coalesce(d.issuer, row.props.issuer),
    d.issuer_id = coalesce(d.issuer_id, row.props.issuer_id),
    d.title = coalesce(d.title, row.props.title),
    d.subject = coalesce(d.subject, row.props.subject),
    d.candidates = CASE WHEN row.props.candidates IS NULL THEN d.candidates
                        ELSE reduce(acc = coalesce(d.candidates, []), c IN row.props.candidates |
                                    CASE WHEN c IN acc THEN acc ELSE acc + c END) END
WITH d, row, [l IN labels(d) WHERE l <> 'Document'] AS old
WHERE size(old) = 0 OR (old = ['Other'] AND row.label <> 'Other')
REMOVE d:$(old)
SET d:$(row.label)
