// Export, nodes: one page of Document nodes in id order (cursor: id > $after, through the
// id uniqueness index), at most $limit. `selected` says whether the node belongs to the export:
// always when $since is null, else when it is a document ingested with issued_date >= $since, or it
// touches a relationship stated by such a document (properties only for selected nodes).
MATCH (n:Document)
WHERE n.id > $after
WITH n
ORDER BY n.id
LIMIT $limit
WITH n, $since IS NULL OR (n.ingested = true AND n.issued_date >= $since) OR EXISTS {
    MATCH (n)-[r]-()
    WHERE EXISTS {
      MATCH (src:Document {id: r.source_id})
      WHERE src.ingested = true AND src.issued_date >= $since
    }
  } AS selected
RETURN n.id AS id, labels(n) AS labels,
       CASE WHEN selected THEN properties(n) END AS properties,
       coalesce(selected, false) AS selected
