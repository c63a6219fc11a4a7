// API: a page of programmes (Đề án 06, national target programmes...). $q (lower case) matches
// inside the name or an alias, $slug inside the id (the slug of the name: diacritics ignored).
MATCH (g:Programme)
WHERE NOT g:Document
  AND ($q IS NULL OR toLower(g.name) CONTAINS $q
       OR any(x IN coalesce(g.aliases, []) WHERE toLower(x) CONTAINS $q)
       OR ($slug <> '' AND g.id CONTAINS $slug))
WITH g ORDER BY g.name, g.id
WITH collect(g) AS rows
RETURN size(rows) AS total,
       [g IN rows[$offset..$offset + $limit] | g {.id, .name, aliases: coalesce(g.aliases, [])}] AS items
