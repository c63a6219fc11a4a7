// Bench: how many documents are ingested (not placeholders) — is the bench graph loaded?
MATCH (d:Document) WHERE d.ingested
RETURN count(d) AS n
