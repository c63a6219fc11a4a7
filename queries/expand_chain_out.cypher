// API chain, one hop (out): for every frontier document, at most $cap relations (the caller asks
// for one more than its per-node cap to know whether the cap cut something off).
UNWIND $frontier AS fid
MATCH (d:Document {id: fid})
CALL (d) {
  MATCH (d)-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]->(n:Document)
  RETURN r, n
  LIMIT $cap
}
RETURN fid AS from_id, d.id AS source, n.id AS target, type(r) AS relation,
       r.sentence AS sentence,
       n {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(n.ingested, false), ambiguous: coalesce(n.ambiguous, false), type_label: head([l IN labels(n) WHERE l <> 'Document'])} AS node
