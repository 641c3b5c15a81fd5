-- Fullständigheten för en period: vilka enheter som har vilka datamängder, och från vilken inläsning (proveniens).
-- En rad per enhet och datamängd. Enheterna är varje plattform i referensdatan (också särredovisade) och förbundet
-- (enhet_id 'forbundet').
-- Datamängder och när de räknas som finns (status finns), delvis (delvis) eller saknas (saknas):
--   utfall       plattform: finns när antal deltagare och antal avslutade finns och, om någon avslutats,
--                avslutsorsaker; delvis när bara en del av det finns. Deltagarnivå räknas som utfall.
--   enkat        plattform: finns när varje respondentgrupp i referensdatan har svar (eller källan redovisar inte
--                gruppen för att för få svarat) och varje grupp med svar har svarsfrekvens; delvis när en del finns.
--   budget       plattform: en budgetpost för plattformen; förbundet: en förbundsgemensam post.
--   rapporterat  rapporterade indikatorvärden (procent och ja/nej-svar) för enheten.
--   aktualiseringar  bara förbundet: några aktualiseringar perioden.
-- Förbundets utfall och enkät är summan av plattformarna som ingår i förbundets total: finns när alla har
-- datamängden (status finns), delvis när några har något av den, saknas när ingen har något.
-- antal_med: hur många av de plattformar som väntas som har något av datamängden (finns eller delvis);
-- antal_vantade: hur många plattformar förbundets total väntar sig (ingar_i_forbundstotal). Båda bara för
-- förbundets utfall och enkät, annars NULL.
-- saknar: vad som fattas när status är delvis (lista av texter); för förbundets utfall och enkät plattformarna som
-- saknar datamängden eller bara har en del av den ("Vindeln (delvis)"), i förbundets ordning. filer: inläsningarna raderna kommer från,
-- "filnamn (inläst ÅÅÅÅ-MM-DD)", kommaseparerade, NULL när inget finns.
-- motsagda: för utfall, hur många deltagare som räknas i enheten perioden fast deras deltagar-id har olika kön på
-- olika lagrade rader (deltagare_motsagelse i 02_utfall_fran_deltagare.sql), annars 0.
-- Parametrar: $period (årtal eller en namngiven periods heltal).
WITH enhet AS (
    SELECT plattform_id AS enhet_id, kortnamn AS enhet, ingar_i_forbundstotal, sortering FROM plattform
),
-- Utfallen: sammanställda tabeller och deltagarnivå, färdigsummerade per plattform i den härledda tabellen
-- utfall_per_omfattning (queries/vyer/05_utfall_per_omfattning.sql), som redan valt deltagarnivån där den finns.
utfall_per AS (
    SELECT b.scope_id AS enhet_id,
           bool_or(b.matt_id = 'deltagare') AS har_deltagare,
           bool_or(b.matt_id = 'avslutade') AS har_avslutade,
           coalesce(sum(b.antal) FILTER (WHERE b.matt_id = 'avslutade'), 0) AS avslutade,
           bool_or(m.typ = 'avslut') AS har_orsak
    FROM utfall_per_omfattning AS b
    JOIN utfallsmatt AS m USING (matt_id)
    JOIN enhet AS e ON e.enhet_id = b.scope_id
    WHERE b.period = $period
    GROUP BY ALL
),
utfall_kallor AS (
    SELECT plattform_id AS enhet_id, kalla_id FROM utfall AS u
    WHERE period = $period
      AND NOT EXISTS (SELECT 1 FROM utfall_fran_deltagare AS v WHERE v.period = u.period AND v.plattform_id = u.plattform_id)
    UNION
    SELECT DISTINCT d.plattform_id, d.kalla_id FROM deltagare AS d
    SEMI JOIN (SELECT DISTINCT plattform_id FROM utfall_fran_deltagare WHERE period = $period) AS v USING (plattform_id)
),
utfall_status AS (
    SELECT e.enhet_id, 'utfall' AS datamangd,
           CASE WHEN u.enhet_id IS NULL THEN 'saknas'
                WHEN u.har_deltagare AND u.har_avslutade AND (u.avslutade = 0 OR coalesce(u.har_orsak, false))
                THEN 'finns' ELSE 'delvis' END AS status,
           CASE WHEN u.enhet_id IS NULL THEN []
                ELSE list_filter([CASE WHEN NOT u.har_deltagare THEN 'antal deltagare' END,
                                  CASE WHEN NOT u.har_avslutade THEN 'antal avslutade' END,
                                  CASE WHEN u.avslutade > 0 AND NOT coalesce(u.har_orsak, false)
                                       THEN 'avslutsorsaker' END],
                                 lambda x: x IS NOT NULL) END AS saknar
    FROM enhet AS e LEFT JOIN utfall_per AS u USING (enhet_id)
),
-- Enkäterna: varje respondentgrupp i referensdatan väntas.
grupp AS (SELECT DISTINCT respondentgrupp FROM enkatfraga),
enkat_grupp AS (
    SELECT e.enhet_id, g.respondentgrupp,
           EXISTS (SELECT 1 FROM enkat_resultat AS r WHERE r.period = $period AND r.plattform_id = e.enhet_id
                   AND r.respondentgrupp = g.respondentgrupp) AS har_svar,
           EXISTS (SELECT 1 FROM enkat_svarsfrekvens AS s WHERE s.period = $period AND s.plattform_id = e.enhet_id
                   AND s.respondentgrupp = g.respondentgrupp) AS har_frekvens,
           EXISTS (SELECT 1 FROM enkat_svarsfrekvens AS s WHERE s.period = $period AND s.plattform_id = e.enhet_id
                   AND s.respondentgrupp = g.respondentgrupp AND s.redovisas_ej) AS redovisas_ej
    FROM enhet AS e CROSS JOIN grupp AS g
),
enkat_status AS (
    SELECT enhet_id, 'enkat' AS datamangd,
           CASE WHEN NOT bool_or(har_svar OR redovisas_ej) THEN 'saknas'
                WHEN bool_and(har_svar OR redovisas_ej) AND bool_and(har_frekvens OR NOT har_svar) THEN 'finns'
                ELSE 'delvis' END AS status,
           CASE WHEN NOT bool_or(har_svar OR redovisas_ej) THEN []
                ELSE coalesce(list_sort(list('svar från ' || respondentgrupp)
                                        FILTER (WHERE NOT (har_svar OR redovisas_ej))), [])
                     || coalesce(list_sort(list('svarsfrekvens för ' || respondentgrupp)
                                           FILTER (WHERE har_svar AND NOT har_frekvens)), [])
                END AS saknar
    FROM enkat_grupp GROUP BY enhet_id
),
enkat_kallor AS (
    SELECT plattform_id AS enhet_id, kalla_id FROM enkat_resultat WHERE period = $period
    UNION
    SELECT plattform_id, kalla_id FROM enkat_svarsfrekvens WHERE period = $period
),
-- Förbundets utfall och enkät ur plattformarna som ingår i förbundets total.
forbundets AS (
    SELECT 'forbundet' AS enhet_id, s.datamangd,
           CASE WHEN bool_and(s.status = 'finns') THEN 'finns'
                WHEN bool_or(s.status <> 'saknas') THEN 'delvis' ELSE 'saknas' END AS status,
           coalesce(list(CASE WHEN s.status = 'delvis' THEN e.enhet || ' (delvis)' ELSE e.enhet END ORDER BY e.sortering)
                    FILTER (WHERE s.status <> 'finns'), []) AS saknade_enheter,
           count(*) FILTER (WHERE s.status <> 'saknas') AS antal_med,
           count(*) AS antal_vantade
    FROM (SELECT * FROM utfall_status UNION ALL SELECT * FROM enkat_status) AS s
    JOIN enhet AS e USING (enhet_id)
    WHERE e.ingar_i_forbundstotal
    GROUP BY s.datamangd
),
ovriga_kallor AS (
    SELECT coalesce(plattform_id, 'forbundet') AS enhet_id, 'budget' AS datamangd, kalla_id
    FROM budget WHERE period = $period
    UNION
    SELECT scope_id, 'rapporterat', kalla_id FROM indikator_rapporterat WHERE period = $period
    UNION
    SELECT 'forbundet', 'aktualiseringar', kalla_id FROM aktualisering WHERE period = $period
),
kallor AS (
    SELECT enhet_id, 'utfall' AS datamangd, kalla_id FROM utfall_kallor
    UNION
    SELECT enhet_id, 'enkat', kalla_id FROM enkat_kallor
    UNION
    SELECT * FROM ovriga_kallor
    UNION
    -- Förbundets utfall och enkät kommer från plattformarnas inläsningar.
    SELECT 'forbundet', k.datamangd, k.kalla_id
    FROM (SELECT enhet_id, 'utfall' AS datamangd, kalla_id FROM utfall_kallor
          UNION SELECT enhet_id, 'enkat', kalla_id FROM enkat_kallor) AS k
    JOIN enhet AS e USING (enhet_id)
    WHERE e.ingar_i_forbundstotal
),
filer AS (
    SELECT k.enhet_id, k.datamangd,
           string_agg(DISTINCT c.filnamn || ' (inläst ' || strftime(c.inlast, '%Y-%m-%d') || ')', ', '
                      ORDER BY c.filnamn || ' (inläst ' || strftime(c.inlast, '%Y-%m-%d') || ')') AS filer
    FROM kallor AS k JOIN kalla AS c USING (kalla_id)
    GROUP BY ALL
),
plattformsrader AS (
    SELECT enhet_id, datamangd, status, saknar, NULL::BIGINT AS antal_med, NULL::BIGINT AS antal_vantade
    FROM (SELECT * FROM utfall_status UNION ALL SELECT * FROM enkat_status)
    UNION ALL
    SELECT e.enhet_id, d.datamangd,
           CASE WHEN EXISTS (SELECT 1 FROM ovriga_kallor AS o WHERE o.enhet_id = e.enhet_id AND o.datamangd = d.datamangd)
                THEN 'finns' ELSE 'saknas' END,
           [], NULL, NULL
    FROM enhet AS e CROSS JOIN (VALUES ('budget'), ('rapporterat')) AS d(datamangd)
),
forbundsrader AS (
    SELECT enhet_id, datamangd, status,
           saknade_enheter,
           antal_med, antal_vantade
    FROM forbundets
    UNION ALL
    SELECT 'forbundet', d.datamangd,
           CASE WHEN EXISTS (SELECT 1 FROM ovriga_kallor AS o WHERE o.enhet_id = 'forbundet' AND o.datamangd = d.datamangd)
                THEN 'finns' ELSE 'saknas' END,
           [], NULL, NULL
    FROM (VALUES ('budget'), ('rapporterat'), ('aktualiseringar')) AS d(datamangd)
)
SELECT r.enhet_id,
       coalesce(e.enhet, 'Förbundet') AS enhet,
       coalesce(e.ingar_i_forbundstotal, true) AS ingar_i_forbundstotal,
       r.datamangd,
       r.status,
       r.saknar::VARCHAR[] AS saknar,
       r.antal_med::INTEGER AS antal_med,
       r.antal_vantade::INTEGER AS antal_vantade,
       f.filer,
       coalesce(CASE WHEN r.datamangd = 'utfall' THEN m.antal END, 0)::INTEGER AS motsagda
FROM (SELECT * FROM plattformsrader UNION ALL SELECT * FROM forbundsrader) AS r
LEFT JOIN enhet AS e USING (enhet_id)
LEFT JOIN filer AS f USING (enhet_id, datamangd)
LEFT JOIN deltagare_motsagelse AS m
    ON m.period = $period AND m.plattform_id = CASE WHEN r.enhet_id = 'forbundet' THEN '' ELSE r.enhet_id END
ORDER BY coalesce(e.sortering, 0), r.enhet_id,
         list_position(['utfall', 'enkat', 'budget', 'rapporterat', 'aktualiseringar'], r.datamangd);
