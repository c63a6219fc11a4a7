// Loader, changed content: delete every relationship this document's text stated
// (source_id = $id: its own edges and the relations it stated between two other documents,
// each found through the source_id index of its type), the tasks and meetings it owns, and
// placeholders left with no relationship at all.
CALL () {
  MATCH ()-[r:CITES {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:IMPLEMENTS {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:BASED_ON {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:AMENDS {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:REPLACES {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:REPEALS {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:GUIDES {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:DETAILS {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:SUSPENDS {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:CORRECTS {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH ()-[r:CONSOLIDATES {source_id: $id}]->(b) RETURN r, b
  UNION ALL
  MATCH (:Document {id: $id})-[r]->(b)
  WHERE r.source_id = $id AND NOT b:Document
  RETURN r, b
}
WITH collect(DISTINCT r) AS rels, collect(DISTINCT b) AS targets
FOREACH (r IN rels | DELETE r)
WITH targets
UNWIND targets AS b
WITH b
WHERE ((b:Task OR b:Meeting) AND b.document_id = $id)
   OR (b:Document AND b.ingested = false AND NOT EXISTS { (b)--() })
DETACH DELETE b
