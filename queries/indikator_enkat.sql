-- Indikatorer av typ enkat: andel positiva svar på en fråga, per plattform och kön
-- (alla, K, M, annat alternativ, osäker, vill ej svara).
-- Procent räknas ur antal när antal finns (hel procent, halvt uppåt), annars är det källans
-- rapporterade andel avrundad på samma sätt; rapporterad = true säger vilket.
-- För förbundet summeras antalen, men bara när alla plattformars svar finns som antal.
-- Parametrar: $period (år), $respondentgrupp, $fraga (fraga_id).
WITH svar AS (
    SELECT r.*, p.ingar_i_forbundstotal
    FROM enkat_resultat AS r
    JOIN plattform AS p USING (plattform_id)
    WHERE r.period = $period AND r.respondentgrupp = $respondentgrupp AND r.fraga_id = $fraga
)
SELECT
    plattform_id AS scope_id,
    kon,
    coalesce(andel_procent(antal_positiva, antal_svar), avrunda_procent(andel_rapporterad))::INTEGER AS procent,
    antal_svar,
    antal_positiva,
    antal_svar IS NULL AS rapporterad
FROM svar
UNION ALL
SELECT
    'forbundet',
    kon,
    andel_procent(sum(antal_positiva), sum(antal_svar))::INTEGER,
    sum(antal_svar)::INTEGER,
    sum(antal_positiva)::INTEGER,
    false
FROM svar
WHERE ingar_i_forbundstotal
GROUP BY kon
HAVING bool_and(antal_svar IS NOT NULL)
ORDER BY scope_id, kon;
