// Export --since: how many documents were ingested or changed since $since (a range seek on
// the document_updated_at index of migration 0003); none means the slice is empty.
MATCH (d:Document)
WHERE d.updated_at >= $since
RETURN count(d) AS documents
