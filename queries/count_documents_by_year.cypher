// API stats: ingested documents per year (null: year unknown), oldest first.
MATCH (d:Document) WHERE d.ingested
RETURN d.year AS key, count(*) AS count
ORDER BY key
