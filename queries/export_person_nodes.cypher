// Export, nodes: one page of Person nodes in id order (cursor: id > $after, through the
// id uniqueness index), at most $limit. `selected` says whether the node belongs to the export:
// always when $since is null, else when it touches a relationship stated (source_id)
// by a document ingested or changed since $since (properties only for selected nodes).
MATCH (n:Person)
WHERE n.id > $after
WITH n
ORDER BY n.id
LIMIT $limit
WITH n, $since IS NULL OR EXISTS {
    MATCH (n)-[r]-()
    WHERE EXISTS {
      MATCH (src:Document {id: r.source_id})
      WHERE src.updated_at >= $since
    }
  } AS selected
RETURN n.id AS id, labels(n) AS labels,
       CASE WHEN selected THEN properties(n) END AS properties,
       coalesce(selected, false) AS selected
