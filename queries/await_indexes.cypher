// Block until every index is online (bounded: 300 s).
CALL db.awaitIndexes(300)
