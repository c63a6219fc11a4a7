// Export: sizes from the count store (no scan): all nodes, schema bookkeeping nodes, all
// relationships, and the nodes of each kind the export pages through.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH (n:SchemaMigration) RETURN count(n) AS migrations }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (n:Document) RETURN count(n) AS documents }
CALL () { MATCH (n:Agency) RETURN count(n) AS agencies }
CALL () { MATCH (n:Person) RETURN count(n) AS persons }
CALL () { MATCH (n:Programme) RETURN count(n) AS programmes }
CALL () { MATCH (n:Meeting) RETURN count(n) AS meetings }
CALL () { MATCH (n:Task) RETURN count(n) AS tasks }
RETURN nodes, migrations, relationships,
       {Document: documents, Agency: agencies, Person: persons, Programme: programmes,
        Meeting: meetings, Task: tasks} AS kinds
