// Liveness of the database behind the API.
RETURN 1 AS ok
