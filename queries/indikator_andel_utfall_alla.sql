-- Samma tal som indikator_andel_utfall.sql, men för flera indikatorer och perioder i en enda fråga:
-- bedömningen av hela ramverket läser utfallen en gång i stället för en gång per indikator och år.
-- En rad per period, indikator, omfattning (scope_id) och kön (K, M, annat, samt alla = summan av könen).
-- Indikatorerna ges som lika långa listor, en plats per indikator: $indikatorer (ett id som återkommer i
-- svaret), $matt (listan av matt_id) och $andel_av (matt_id eller NULL = periodens definition för det
-- första måttet). Reglerna är desamma som i indikator_andel_utfall.sql (testet
-- test_bedomning.py::test_samlad_fraga_ger_samma_tal_som_en_indikator_i_taget jämför dem).
-- Parametrar: $perioder (lista av år), $indikatorer, $matt, $andel_av.
WITH indikator AS (
    SELECT
        unnest($indikatorer) AS indikator_id,
        unnest(CAST($matt AS VARCHAR[][])) AS matt,
        unnest(CAST($andel_av AS VARCHAR[])) AS andel_av
),
period AS (
    SELECT DISTINCT unnest(CAST($perioder AS INTEGER[])) AS period
),
definition AS (
    SELECT p.period, i.indikator_id, i.matt, coalesce(i.andel_av, d.andel_av) AS andel_av
    FROM period AS p
    CROSS JOIN indikator AS i
    LEFT JOIN v_matt_definition AS d ON d.period = p.period AND d.matt_id = i.matt[1]
),
-- Antalen per omfattning är färdigsummerade i den härledda tabellen (queries/vyer/05_utfall_per_omfattning.sql).
per_scope AS (
    SELECT period, scope_id, kon, matt_id, antal
    FROM utfall_per_omfattning
    WHERE list_contains(CAST($perioder AS INTEGER[]), period)
),
-- Varje indikators mått i sin roll (täljare, bas, avslutade), så att bara de antal som behövs läses.
roll AS (
    SELECT DISTINCT period, indikator_id, unnest(matt) AS matt_id, 'taljare' AS roll FROM definition
    UNION ALL
    SELECT period, indikator_id, andel_av, 'namnare' FROM definition WHERE andel_av IS NOT NULL
    UNION ALL
    SELECT period, indikator_id, 'avslutade', 'avslutade' FROM definition
),
per_kon AS (
    SELECT
        r.period, r.indikator_id, s.scope_id, s.kon,
        sum(s.antal) FILTER (WHERE r.roll = 'taljare') AS taljare,
        sum(s.antal) FILTER (WHERE r.roll = 'namnare') AS namnare,
        sum(s.antal) FILTER (WHERE r.roll = 'avslutade') AS avslutade
    FROM roll AS r
    JOIN per_scope AS s ON s.period = r.period AND s.matt_id = r.matt_id
    GROUP BY ALL
),
-- Varje omfattning och kön som har något antal perioden får en rad per indikator, också med bara nollor.
nyckel AS (
    SELECT DISTINCT period, scope_id, kon FROM per_scope
),
summor AS (
    SELECT
        n.period,
        d.indikator_id,
        d.andel_av,
        n.scope_id,
        coalesce(n.kon, 'alla') AS kon,
        coalesce(sum(k.taljare), 0) AS taljare,
        coalesce(sum(k.namnare), 0) AS namnare,
        coalesce(sum(k.avslutade), 0) AS avslutade
    FROM nyckel AS n
    JOIN definition AS d ON d.period = n.period
    LEFT JOIN per_kon AS k
        ON k.period = n.period AND k.indikator_id = d.indikator_id AND k.scope_id = n.scope_id AND k.kon = n.kon
    GROUP BY GROUPING SETS ((n.period, d.indikator_id, d.andel_av, n.scope_id, n.kon),
                            (n.period, d.indikator_id, d.andel_av, n.scope_id))
)
SELECT
    period,
    indikator_id,
    scope_id,
    kon,
    taljare::INTEGER AS taljare,
    namnare::INTEGER AS namnare,
    avslutade::INTEGER AS avslutade,
    andel_procent(taljare, namnare)::INTEGER AS procent,
    andel_av
-- Ingen ORDER BY: bedömningen slår upp raderna på nyckel, och sorteringen var en tredjedel av frågans tid.
FROM summor;
