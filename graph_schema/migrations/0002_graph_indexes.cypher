// 0002: indexes of the loader and the API.
// Document lookups: symbol key (year-less citations, "18 NQ/TW" typed by users), dates, flags.
CREATE INDEX document_symbol_key IF NOT EXISTS FOR (n:Document) ON (n.symbol_key);
CREATE INDEX document_issued_date IF NOT EXISTS FOR (n:Document) ON (n.issued_date);
CREATE INDEX document_ingested IF NOT EXISTS FOR (n:Document) ON (n.ingested);
CREATE INDEX document_doc_type IF NOT EXISTS FOR (n:Document) ON (n.doc_type);
CREATE INDEX document_issuer_id IF NOT EXISTS FOR (n:Document) ON (n.issuer_id);
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);
CREATE INDEX agency_code IF NOT EXISTS FOR (n:Agency) ON (n.code);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX programme_name IF NOT EXISTS FOR (n:Programme) ON (n.name);
CREATE INDEX task_deadline_from IF NOT EXISTS FOR (n:Task) ON (n.deadline_from);
CREATE INDEX task_deadline_to IF NOT EXISTS FOR (n:Task) ON (n.deadline_to);
// Evidence: every document-to-document relation is found by the document whose text states
// it, so re-ingesting a changed document deletes its edges (also those it stated between two
// other documents) through an index.
CREATE INDEX cites_source_id IF NOT EXISTS FOR ()-[r:CITES]-() ON (r.source_id);
CREATE INDEX implements_source_id IF NOT EXISTS FOR ()-[r:IMPLEMENTS]-() ON (r.source_id);
CREATE INDEX based_on_source_id IF NOT EXISTS FOR ()-[r:BASED_ON]-() ON (r.source_id);
CREATE INDEX amends_source_id IF NOT EXISTS FOR ()-[r:AMENDS]-() ON (r.source_id);
CREATE INDEX replaces_source_id IF NOT EXISTS FOR ()-[r:REPLACES]-() ON (r.source_id);
CREATE INDEX repeals_source_id IF NOT EXISTS FOR ()-[r:REPEALS]-() ON (r.source_id);
CREATE INDEX guides_source_id IF NOT EXISTS FOR ()-[r:GUIDES]-() ON (r.source_id);
CREATE INDEX details_source_id IF NOT EXISTS FOR ()-[r:DETAILS]-() ON (r.source_id);
CREATE INDEX suspends_source_id IF NOT EXISTS FOR ()-[r:SUSPENDS]-() ON (r.source_id);
CREATE INDEX corrects_source_id IF NOT EXISTS FOR ()-[r:CORRECTS]-() ON (r.source_id);
CREATE INDEX consolidates_source_id IF NOT EXISTS FOR ()-[r:CONSOLIDATES]-() ON (r.source_id);
// Full text, insensitive to case and diacritics (standard-folding folds Đ to D as well:
// `de an 06` finds `Đề án 06`; tests/integration/test_load.py checks it).
CREATE FULLTEXT INDEX document_search IF NOT EXISTS FOR (n:Document) ON EACH [n.title, n.search_text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CREATE FULLTEXT INDEX agency_search IF NOT EXISTS FOR (n:Agency) ON EACH [n.name, n.code]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CREATE FULLTEXT INDEX person_search IF NOT EXISTS FOR (n:Person) ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CREATE FULLTEXT INDEX programme_search IF NOT EXISTS FOR (n:Programme) ON EACH [n.name, n.aliases]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
