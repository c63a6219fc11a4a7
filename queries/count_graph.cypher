// API stats: how many documents (ingested / placeholders), document relations (from the count
// store, one type at a time), agencies and tasks.
CALL () { MATCH (d:Document) RETURN count(d) AS documents,
          count(CASE WHEN d.ingested THEN 1 END) AS ingested }
CALL () {
  CALL () {
    MATCH ()-[r:CITES]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:IMPLEMENTS]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:BASED_ON]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:AMENDS]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:REPLACES]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:REPEALS]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:GUIDES]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:DETAILS]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:SUSPENDS]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:CORRECTS]->() RETURN count(r) AS c
    UNION ALL MATCH ()-[r:CONSOLIDATES]->() RETURN count(r) AS c
  }
  RETURN sum(c) AS relations
}
CALL () { MATCH (a:Agency) RETURN count(a) AS agencies }
CALL () { MATCH (t:Task) RETURN count(t) AS tasks }
RETURN documents, ingested, documents - ingested AS placeholders, relations, agencies, tasks
