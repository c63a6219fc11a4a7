// API: a page of agencies by name. $q (lower case) matches inside the name or equals the code,
// $slug (ASCII slug of the query) matches inside the id, $ids are exact ids (gazetteer hits).
MATCH (a:Agency)
WHERE $q IS NULL
   OR toLower(a.name) CONTAINS $q OR toLower(a.code) = $q
   OR ($slug <> '' AND a.id CONTAINS $slug) OR a.id IN $ids
WITH a ORDER BY a.name, a.id
WITH collect(a) AS rows
RETURN size(rows) AS total,
       [a IN rows[$offset..$offset + $limit] | a {.id, .name, .code, .kind}] AS items
