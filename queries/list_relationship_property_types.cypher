// Export (csv, graphml headers): every property key of the relationships, per type, with the
// value types seen (valueType) and how many list values hold an element containing $delimiter.
MATCH ()-[r]->()
UNWIND keys(r) AS key
WITH type(r) AS type, key, r[key] AS value
RETURN type, key, collect(DISTINCT valueType(value)) AS types,
       sum(CASE WHEN valueType(value) STARTS WITH 'LIST<STRING'
                 AND any(x IN value WHERE x CONTAINS $delimiter) THEN 1 ELSE 0 END) AS clashes
ORDER BY type, key
