// Schema: the indexes not yet online (POPULATING or FAILED), with their population progress.
SHOW INDEXES YIELD name, state, populationPercent
WHERE state <> 'ONLINE'
RETURN name, state, populationPercent
ORDER BY name
