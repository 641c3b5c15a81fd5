-- Styrelsens gällande bedömning för en period: senaste versionen per mål, omfattning och avsnitt
-- (avsnitt 0 = samlad bedömning med beslutad färg, 1-3 = analysen per viktningsavsnitt).
-- Parametrar: $period (år).
SELECT period, mal_id, scope_id, avsnitt, farg, text, version, sparad, sparad_av
FROM styrelsens_bedomning
WHERE period = $period
QUALIFY row_number() OVER (PARTITION BY mal_id, scope_id, avsnitt ORDER BY version DESC, sparad DESC) = 1
ORDER BY mal_id, scope_id, avsnitt;
