-- Alla versioner av analysen och beslutet för ett mål och en omfattning, senaste först:
-- en rad per avsnitt och version, med tid och författare.
-- Parametrar: $period (år), $mal_id, $scope_id.
SELECT avsnitt, version, farg, text, sparad, sparad_av
FROM styrelsens_bedomning
WHERE period = $period AND mal_id = $mal_id AND scope_id = $scope_id
ORDER BY avsnitt, version DESC;
