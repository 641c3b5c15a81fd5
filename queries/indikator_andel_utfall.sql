-- Indikatorer av typ andel_utfall och volym: antal avslutade till ett eller flera utfallsmått och
-- andelen av basen, för varje plattform och för förbundet (plattformar som ingår i förbundstotalen).
-- En rad per omfattning (scope_id) och kön (K, M, annat, samt alla = summan av könen).
-- Andelen räknas mot $andel_av, eller om den är NULL mot det mått som periodens definition anger
-- för det första måttet i $matt (2020: varav-andelar mot positiv lösning).
-- avslutade följer med för regeln om minsta underlag.
-- Parametrar: $period (år), $matt (lista av matt_id), $andel_av (matt_id eller NULL).
WITH definition AS (
    SELECT coalesce(
        CAST($andel_av AS VARCHAR),
        (SELECT andel_av FROM v_matt_definition WHERE period = $period AND matt_id = $matt[1])
    ) AS andel_av
),
-- Antalen per omfattning (plattformarna och förbundet) är färdigsummerade i den härledda tabellen
-- (queries/vyer/05_utfall_per_omfattning.sql).
per_scope AS (
    SELECT scope_id, kon, matt_id, antal
    FROM utfall_per_omfattning
    WHERE period = $period
),
summor AS (
    SELECT
        scope_id,
        coalesce(kon, 'alla') AS kon,
        coalesce(sum(antal) FILTER (WHERE list_contains($matt, matt_id)), 0) AS taljare,
        coalesce(sum(antal) FILTER (WHERE matt_id = (SELECT andel_av FROM definition)), 0) AS namnare,
        coalesce(sum(antal) FILTER (WHERE matt_id = 'avslutade'), 0) AS avslutade
    FROM per_scope
    GROUP BY GROUPING SETS ((scope_id, kon), (scope_id))
)
SELECT
    scope_id,
    kon,
    taljare::INTEGER AS taljare,
    namnare::INTEGER AS namnare,
    avslutade::INTEGER AS avslutade,
    andel_procent(taljare, namnare)::INTEGER AS procent,
    (SELECT andel_av FROM definition) AS andel_av
FROM summor
ORDER BY scope_id, kon;
