-- Svarsfrekvens per plattform och respondentgrupp för en period: svarande av inbjudna i hel procent
-- när antalen finns, annars källans rapporterade svarsfrekvens. redovisas_ej = källan redovisar
-- inte gruppen för att för få svarat.
-- Parametrar: $period (år).
SELECT
    plattform_id AS scope_id,
    respondentgrupp,
    coalesce(andel_procent(antal_svar, antal_inbjudna), avrunda_procent(svarsfrekvens_rapporterad))::INTEGER
        AS svarsfrekvens,
    antal_svar,
    antal_inbjudna,
    redovisas_ej
FROM enkat_svarsfrekvens
WHERE period = $period
ORDER BY scope_id, respondentgrupp;
