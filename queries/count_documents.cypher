// Bulk load: how many documents (ingested or placeholders) the database holds (count store).
MATCH (d:Document)
RETURN count(d) AS documents
