-- Svarsfrekvens per plattform och respondentgrupp för en period: svarande av inbjudna i hel procent
-- när antalen finns, annars källans rapporterade svarsfrekvens. redovisas_ej = källan redovisar
-- inte gruppen för att för få svarat. grupp = gruppens namn; grupperna i referensdatans ordning.
-- Parametrar: $period (år).
SELECT
    plattform_id AS scope_id,
    respondentgrupp,
    coalesce(g.namn, respondentgrupp) AS grupp,
    coalesce(andel_procent(antal_svar, antal_inbjudna), avrunda_procent(svarsfrekvens_rapporterad))::INTEGER
        AS svarsfrekvens,
    antal_svar,
    antal_inbjudna,
    redovisas_ej
FROM enkat_svarsfrekvens
LEFT JOIN respondentgrupp AS g USING (respondentgrupp)
WHERE period = $period
ORDER BY scope_id, g.sortering NULLS LAST, respondentgrupp;
