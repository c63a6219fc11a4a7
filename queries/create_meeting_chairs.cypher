// Loader, batches: CHAIRED_BY from the batch's (new) meetings to persons.
UNWIND $rows AS row
MATCH (m:Meeting {id: row.from})
MATCH (p:Person {id: row.to})
CREATE (m)-[r:CHAIRED_BY {source_id: row.source_id}]->(p)
SET r += row.props
