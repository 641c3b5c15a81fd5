-- Samma tal som indikator_enkat.sql för flera frågor och perioder i en enda fråga (bedömningen av hela
-- ramverket). En rad per period, respondentgrupp, fråga, omfattning och kön.
-- Frågorna ges som lika långa listor: $respondentgrupper och $fragor (fraga_id), en plats per fråga.
-- Parametrar: $perioder (lista av år), $respondentgrupper, $fragor.
WITH fraga AS (
    SELECT DISTINCT unnest(CAST($respondentgrupper AS VARCHAR[])) AS respondentgrupp,
                    unnest(CAST($fragor AS VARCHAR[])) AS fraga_id
),
svar AS (
    SELECT r.*, p.ingar_i_forbundstotal
    FROM enkat_resultat AS r
    JOIN plattform AS p USING (plattform_id)
    JOIN fraga AS f USING (respondentgrupp, fraga_id)
    WHERE list_contains(CAST($perioder AS INTEGER[]), r.period)
)
SELECT
    period,
    respondentgrupp,
    fraga_id,
    plattform_id AS scope_id,
    kon,
    coalesce(andel_procent(antal_positiva, antal_svar), avrunda_procent(andel_rapporterad))::INTEGER AS procent,
    antal_svar,
    antal_positiva,
    antal_svar IS NULL AS rapporterad
FROM svar
UNION ALL
SELECT
    period,
    respondentgrupp,
    fraga_id,
    'forbundet',
    kon,
    andel_procent(sum(antal_positiva), sum(antal_svar))::INTEGER,
    sum(antal_svar)::INTEGER,
    sum(antal_positiva)::INTEGER,
    false
FROM svar
WHERE ingar_i_forbundstotal
GROUP BY period, respondentgrupp, fraga_id, kon
HAVING bool_and(antal_svar IS NOT NULL)
ORDER BY period, respondentgrupp, fraga_id, scope_id, kon;
