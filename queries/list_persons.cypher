// API: a page of people. $q (lower case) matches inside the name, $slug inside the id (the slug
// of the name, so diacritics do not matter).
MATCH (p:Person)
WHERE $q IS NULL OR toLower(p.name) CONTAINS $q OR ($slug <> '' AND p.id CONTAINS $slug)
WITH p ORDER BY p.name, p.id
WITH collect(p) AS rows
RETURN size(rows) AS total,
       [p IN rows[$offset..$offset + $limit] | p {.id, .name,
          documents: COUNT { MATCH (d:Document)-[:SIGNED_BY|MENTIONS]->(p) RETURN DISTINCT d }}] AS items
