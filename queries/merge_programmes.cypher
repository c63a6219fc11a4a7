// Loader: programmes and projects (id: slug of the canonical name); aliases accumulate.
UNWIND $rows AS row
MERGE (g:Programme {id: row.id})
ON CREATE SET g.name = row.name
SET g.aliases = reduce(acc = coalesce(g.aliases, []), x IN row.aliases |
                       CASE WHEN x IN acc THEN acc ELSE acc + x END)
