// Bulk load into a live database: tasks (each owned by one document), nodes only; the
// document's ASSIGNS edge comes with the relationships (create_task_relations).
UNWIND $rows AS row
MERGE (t:Task {id: row.id})
SET t += row.props
