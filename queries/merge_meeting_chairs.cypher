// Loader: CHAIRED_BY from a meeting to the person who chaired it.
UNWIND $rows AS row
MATCH (m:Meeting {id: row.from})
MATCH (p:Person {id: row.to})
MERGE (m)-[r:CHAIRED_BY {source_id: row.source_id}]->(p)
SET r += row.props
