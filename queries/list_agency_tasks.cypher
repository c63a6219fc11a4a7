// API: the tasks an agency leads (LED_BY) or supports (SUPPORTED_BY), with the assigning
// document. $rel_type null = both roles. Due filters compare ISO dates: a task is due before D
// when its deadline period ends on or before D, due after D when it starts on or after D.
// No row when the agency does not exist (the API answers 404).
MATCH (a:Agency {id: $id})
OPTIONAL MATCH (a)<-[role:LED_BY|SUPPORTED_BY]-(t:Task)
  WHERE ($rel_type IS NULL OR type(role) = $rel_type)
    AND ($due_before IS NULL OR coalesce(t.deadline_to, t.deadline) <= $due_before)
    AND ($due_after IS NULL OR coalesce(t.deadline_from, t.deadline) >= $due_after)
OPTIONAL MATCH (d:Document)-[:ASSIGNS]->(t)
WITH a, role, t, d ORDER BY coalesce(t.deadline_from, t.deadline, '9999'), t.id, type(role)
WITH a, collect(CASE WHEN t IS NULL THEN null ELSE {role: role, t: t, d: d} END) AS rows
WITH size(rows) AS total, rows[$offset..$offset + $limit] AS page
CALL (page) {
  UNWIND page AS x
  WITH x.t AS t, x.role AS role, x.d AS o
  RETURN collect({id: t.id, text: t.text,
                  role: CASE type(role) WHEN 'LED_BY' THEN 'lead' ELSE 'support' END,
                  deadline: t.deadline, deadline_from: t.deadline_from, deadline_to: t.deadline_to,
                  document: CASE WHEN o IS NULL THEN null ELSE o {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, ingested: coalesce(o.ingested, false), ambiguous: coalesce(o.ambiguous, false), type_label: head([l IN labels(o) WHERE l <> 'Document'])} END}) AS items
}
RETURN total, items
