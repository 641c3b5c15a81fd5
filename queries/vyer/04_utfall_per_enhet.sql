-- Antalen per kön och totalt (härlett ur könen) för valda plattformar ett år, per utfallsmått: för urvalet
-- (enhet_id 'urval'; är urvalet förbundets plattformar är det förbundet totalt, med distinkta deltagare, se
-- utfall_for_urval i 03_v_utfall_antal.sql) eller per plattform (enhet_id = plattformen). Används av
-- utfall_per_enhet här och av queries/kon_jamforelse.sql och queries/plattformar_jamforelse.sql.
CREATE OR REPLACE MACRO antal_per_kon(valt_ar, valda_plattformar, per_plattform) AS TABLE
WITH rader AS (
    SELECT plattform_id AS enhet_id, matt_id, kon, antal
    FROM v_utfall_antal
    WHERE per_plattform AND period = valt_ar AND list_contains(valda_plattformar, plattform_id)
    UNION ALL
    SELECT 'urval', matt_id, kon, antal
    FROM utfall_for_urval(valda_plattformar)
    WHERE NOT per_plattform AND period = valt_ar
)
SELECT
    enhet_id,
    matt_id,
    sum(antal) FILTER (WHERE kon = 'K') AS kvinnor,
    sum(antal) FILTER (WHERE kon = 'M') AS man,
    sum(antal) FILTER (WHERE kon NOT IN ('K', 'M')) AS annat,
    sum(antal) AS totalt
FROM rader
GROUP BY ALL;

-- Bilaga 3:s tabell som tabellmakro, så att regeln finns på ett ställe: queries/utfall_tabell.sql
-- summerar de valda plattformarna till en tabell, queries/utfall_tabell_per_plattform.sql ger en
-- tabell per plattform i samma fråga (mötesunderlaget har en per plattform).
-- En rad per enhet och utfallsmått som har data: antal för kvinnor, män, annat/okänt kön och totalt
-- (totalt härleds alltid ur könen), samt andelen i hel procent (halvt uppåt) av det mått som
-- periodens definition räknar andelen mot (avslutade eller positiv lösning), totalt och per kön.
-- enhet_id är plattformen när per_plattform är sant, annars 'urval'.
CREATE OR REPLACE MACRO utfall_per_enhet(valt_ar, valda_plattformar, per_plattform) AS TABLE
WITH antal AS (
    SELECT * FROM antal_per_kon(valt_ar, valda_plattformar, per_plattform)
)
SELECT
    a.enhet_id,
    m.matt_id,
    m.namn,
    m.typ,
    m.sus_koder,
    m.sortering,
    d.ingar_i,
    d.andel_av,
    coalesce(a.kvinnor, 0)::INTEGER AS kvinnor,
    coalesce(a.man, 0)::INTEGER AS man,
    coalesce(a.annat, 0)::INTEGER AS annat,
    a.totalt::INTEGER AS totalt,
    b.totalt::INTEGER AS bas,
    andel_procent(a.totalt, b.totalt)::INTEGER AS andel_procent,
    andel_procent(a.kvinnor, b.kvinnor)::INTEGER AS andel_procent_kvinnor,
    andel_procent(a.man, b.man)::INTEGER AS andel_procent_man
FROM utfallsmatt AS m
JOIN antal AS a ON a.matt_id = m.matt_id
LEFT JOIN v_matt_definition AS d ON d.matt_id = m.matt_id AND d.period = valt_ar
LEFT JOIN antal AS b ON b.enhet_id = a.enhet_id AND b.matt_id = d.andel_av;
