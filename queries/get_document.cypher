// API: one document with its people, agencies, programmes and relation counts.
MATCH (d:Document {id: $id})
RETURN d {.id, .symbol, .year, .issued_date, .doc_type, .issuer, .title, .place, .issuer_id, .source,
          ingested: coalesce(d.ingested, false), ambiguous: coalesce(d.ambiguous, false),
          type_label: head([l IN labels(d) WHERE l <> 'Document']),
          candidates: coalesce(d.candidates, []),
          signers: COLLECT { MATCH (d)-[s:SIGNED_BY]->(p:Person)
                             RETURN {id: p.id, name: p.name, position: s.position, capacity: s.capacity} },
          addressed_to: COLLECT { MATCH (d)-[:ADDRESSED_TO]->(a:Agency) RETURN DISTINCT {id: a.id, name: a.name} },
          mentions_agencies: COLLECT { MATCH (d)-[:MENTIONS]->(a:Agency) RETURN DISTINCT {id: a.id, name: a.name} },
          mentions_persons: COLLECT { MATCH (d)-[:MENTIONS]->(p:Person) RETURN DISTINCT {id: p.id, name: p.name} },
          programmes: COLLECT { MATCH (d)-[:APPROVES|MENTIONS]->(g:Programme) WHERE NOT g:Document
                                RETURN DISTINCT {id: g.id, name: g.name} },
          citations: COUNT { (d)-[:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]->(:Document) },
          cited_by: COUNT { (d)<-[:CITES|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|REPEALS|GUIDES|DETAILS|SUSPENDS|CORRECTS|CONSOLIDATES]-(:Document) },
          tasks: COUNT { (d)-[:ASSIGNS]->(:Task) }} AS document
