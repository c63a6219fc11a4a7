// Bulk load into a live database: meetings (each owned by one document), nodes only; the
// document's CONCLUDES/MENTIONS edge comes with the relationships (create_meeting_relations).
UNWIND $rows AS row
MERGE (m:Meeting {id: row.id})
SET m += row.props
