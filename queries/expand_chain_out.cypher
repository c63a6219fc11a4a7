// API chain, one hop (out): for every frontier document, at most $cap relations (the caller asks
// for one more than its per-node cap to know whether the cap cut something off), as one row of
// [from_id, source, target, relation, sentence, node] lists (one record instead of hundreds).
// Only what the caller can use is read and sent: no node map for a document already in the
// chain ($known), and once the chain is full ($room = 0) a relation to a new document comes
// without its sentence: it only tells that the node cap cut something off.
UNWIND $frontier AS fid
MATCH (d:Document {id: fid})
CALL (d) {
  MATCH (d)-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]->(n:Document)
  RETURN r, n
  LIMIT $cap
}
WITH fid, d, r, n, n.id IN $known AS known
RETURN collect([fid, d.id, n.id, type(r),
                CASE WHEN known OR $room > 0 THEN r.sentence END,
                CASE WHEN $room > 0 AND NOT known THEN n {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(n.ingested, false), ambiguous: coalesce(n.ambiguous, false), type_label: head([l IN labels(n) WHERE l <> 'Document'])} END]) AS rows
