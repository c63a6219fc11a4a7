// Export (csv, graphml headers): every property key of the nodes of $kinds, per kind (the
// first of $kinds among the labels), with the value types seen (valueType) and how many list
// values hold an element containing $delimiter (the csv array delimiter must not occur).
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $kinds)
WITH n, [l IN labels(n) WHERE l IN $kinds][0] AS kind
UNWIND keys(n) AS key
WITH kind, key, n[key] AS value
RETURN kind, key, collect(DISTINCT valueType(value)) AS types,
       sum(CASE WHEN valueType(value) STARTS WITH 'LIST<STRING'
                 AND any(x IN value WHERE x CONTAINS $delimiter) THEN 1 ELSE 0 END) AS clashes
ORDER BY kind, key
