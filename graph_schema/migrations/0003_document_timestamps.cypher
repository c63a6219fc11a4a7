// 0003: when documents change. The loaders write `ingested_at` (first time the real document
// was written) and `updated_at` (last time its content changed) on ingested documents, as
// fixed-width UTC ISO strings (string order = time order; ingest/timestamps.py).
// `vanban export --since` selects documents by `updated_at >= $since` through this index.
CREATE INDEX document_updated_at IF NOT EXISTS FOR (n:Document) ON (n.updated_at);
