// Export, relationships: the outgoing relationships of one page of Task nodes in id order
// (cursor: id > $after), at most $limit start nodes; each with its type, end node (id and its
// kind: the first of $kinds among its labels) and evidence properties. With $since, only the
// relationships stated (source_id) by documents with updated_at >= $since.
MATCH (n:Task)
WHERE n.id > $after
WITH n
ORDER BY n.id
LIMIT $limit
CALL (n) {
  MATCH (n)-[r]->(m)
  WHERE $since IS NULL OR EXISTS {
    MATCH (src:Document {id: r.source_id})
    WHERE src.updated_at >= $since
  }
  RETURN collect({
    type: type(r),
    end: m.id,
    end_kind: [l IN labels(m) WHERE l IN $kinds][0],
    properties: properties(r)
  }) AS relationships
}
RETURN n.id AS id, relationships
ORDER BY id
