// API: a page of the documents that cite this document (every incoming document relation), each with its relation and evidence sentence. No row when the
// document does not exist (the API answers 404). Filters are null when unused. `plan` names the plan that answered.
//
// Order: newest citer first (issued_date DESC, undated last), then citer id, then relation type.
// Three plans, chosen per request inside the query (docs/benchmarks.md, "Hub-aware cited-by"):
// - filtered (any filter but `relation`): read every citer that passes, sort, count, cut the page.
// - top (no filter but perhaps `relation`): the same walk over the citers, but a top-k of the
//   page end instead of a full sort and collect, and the total from the degree store (of the
//   relation type asked for; every incoming relation of these types starts at a Document).
//   The top-k reads only each citer's date: it keeps the page end plus $top_slack rows by date
//   alone, then orders those by (date, id, type). That is exact whenever the last row kept is
//   dated strictly before the page's last row (no citer left out can tie with the page) or
//   every citer was kept; otherwise ('top-ties') a second walk keeps the citers dated no earlier
//   than the page's last row (the rows above it and the whole tie group) and orders those by
//   (date, id, type). Its cost still grows with the in-degree: 10k citers means 10k date reads.
// - hub (as top, and the in-degree is at least $hub_min_degree, and the citers expected among
//   the $hub_window newest dated documents, in-degree / documents * window, are at least
//   $hub_min_expected times the page end): read the issued_date range index newest first, keep
//   the documents that cite this one, stop when the page is full. Only documents dated strictly
//   after the window's last date ("floor", read from the index alone) are considered, so the
//   walk is bounded and its rows are complete and in order: anything outside sorts after them.
//   When they fill the page that is the answer; otherwise (citers older than the window, or a
//   page that reaches the undated citers) the top plan answers.
MATCH (d:Document {id: $id})
WITH d, CASE
  WHEN $doc_type IS NULL AND $label IS NULL AND $issuer IS NULL
   AND $year_from IS NULL AND $year_to IS NULL
  THEN CASE coalesce($relation, '*')
    WHEN '*' THEN COUNT { (d)<-[:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-() }
    WHEN 'CITES' THEN COUNT { (d)<-[:CITES]-() }
    WHEN 'IMPLEMENTS' THEN COUNT { (d)<-[:IMPLEMENTS]-() }
    WHEN 'BASED_ON' THEN COUNT { (d)<-[:BASED_ON]-() }
    WHEN 'AMENDS' THEN COUNT { (d)<-[:AMENDS]-() }
    WHEN 'REPLACES' THEN COUNT { (d)<-[:REPLACES]-() }
    WHEN 'REPEALS' THEN COUNT { (d)<-[:REPEALS]-() }
    WHEN 'GUIDES' THEN COUNT { (d)<-[:GUIDES]-() }
    WHEN 'DETAILS' THEN COUNT { (d)<-[:DETAILS]-() }
    WHEN 'SUSPENDS' THEN COUNT { (d)<-[:SUSPENDS]-() }
    WHEN 'CORRECTS' THEN COUNT { (d)<-[:CORRECTS]-() }
    WHEN 'CONSOLIDATES' THEN COUNT { (d)<-[:CONSOLIDATES]-() }
    ELSE -1 END
  ELSE -1 END AS degree
CALL () { MATCH (n:Document) RETURN count(n) AS documents }
OPTIONAL CALL (d, degree, documents) {
  WITH d WHERE degree >= $hub_min_degree
    AND degree * $hub_window >= $hub_min_expected * ($offset + $limit) * documents
  CALL (d) {
    MATCH (w:Document) USING INDEX w:Document(issued_date)
    WHERE w.issued_date IS NOT NULL AND d IS NOT NULL
    WITH w.issued_date AS date ORDER BY date DESC SKIP $hub_window - 1 LIMIT 1
    RETURN collect(date) AS floors
  }
  WITH d, coalesce(floors[0], '') AS floor
  CALL (d, floor) {
    MATCH (o:Document)-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]->(d)
    USING INDEX o:Document(issued_date)
    WHERE o.issued_date > floor AND ($relation IS NULL OR type(r) = $relation)
    WITH o, r ORDER BY o.issued_date DESC, o.id, type(r) LIMIT $offset + $limit
    RETURN collect({r: r, o: o}) AS rows
  }
  WITH rows WHERE size(rows) = $offset + $limit
  RETURN rows AS fast
}
CALL (d, degree, fast) {
  WITH degree, fast WHERE fast IS NOT NULL
  RETURN degree AS total, fast[$offset..] AS page, 'hub' AS plan
  UNION ALL
  WITH d, degree, fast WHERE fast IS NULL AND degree >= 0
  CALL (d) {
    MATCH (d)<-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-(o:Document)
    WHERE $relation IS NULL OR type(r) = $relation
    WITH r, o, coalesce(o.issued_date, '') AS date ORDER BY date DESC LIMIT $offset + $limit + $top_slack
    RETURN collect({r: r, o: o, date: date}) AS cands
  }
  WITH d, degree, cands, $offset + $limit AS k
  WITH d, degree, cands, k, size(cands) < k + $top_slack OR cands[k - 1].date > cands[-1].date AS complete
  CALL (cands, k) {
    UNWIND cands AS c
    WITH c ORDER BY c.date DESC, c.o.id, type(c.r) LIMIT $offset + $limit
    RETURN collect({r: c.r, o: c.o}) AS sorted
  }
  CALL (d, complete, cands, k) {
    WITH d, cands[k - 1].date AS edge WHERE NOT complete
    MATCH (d)<-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-(o:Document)
    WHERE ($relation IS NULL OR type(r) = $relation) AND coalesce(o.issued_date, '') >= edge
    WITH r, o ORDER BY coalesce(o.issued_date, '') DESC, o.id, type(r) LIMIT $offset + $limit
    RETURN collect({r: r, o: o}) AS exact
  }
  RETURN degree AS total, CASE WHEN complete THEN sorted ELSE exact END[$offset..] AS page,
         CASE WHEN complete THEN 'top' ELSE 'top-ties' END AS plan
  UNION ALL
  WITH d, degree, fast WHERE fast IS NULL AND degree < 0
  OPTIONAL MATCH (d)<-[r:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-(o:Document)
    WHERE ($relation IS NULL OR type(r) = $relation)
      AND ($doc_type IS NULL OR o.doc_type = $doc_type)
      AND ($label IS NULL OR $label IN labels(o))
      AND ($issuer IS NULL OR o.issuer_id IN $issuer_ids OR toLower(o.issuer) CONTAINS $issuer)
      AND ($year_from IS NULL OR o.year >= $year_from)
      AND ($year_to IS NULL OR o.year <= $year_to)
  WITH d, r, o ORDER BY coalesce(o.issued_date, '') DESC, o.id, type(r)
  WITH d, collect(CASE WHEN r IS NULL THEN null ELSE {r: r, o: o} END) AS rows
  RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS page, 'filtered' AS plan
}
CALL (page) {
  UNWIND page AS x
  WITH x.o AS o, x.r AS r
  RETURN collect({document: o {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(o.ingested, false), ambiguous: coalesce(o.ambiguous, false), type_label: head([l IN labels(o) WHERE l <> 'Document'])}, relation: type(r), sentence: r.sentence, article: r.article,
                  stated: coalesce(r.stated, false), evidence_id: r.source_id}) AS items
}
RETURN total, items, plan
