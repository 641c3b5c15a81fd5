-- Plattformarna sida vid sida för en period (sidan Plattformar, jämförelsetabellen i Bilaga 3).
-- En rad per (plattform, utfallsmått) för de valda plattformar som har utfall perioden och de mått
-- som någon av dem har; ett mått som en plattform saknar blir 0, så att plattformarna går att jämföra.
-- Kolumner: antal för kvinnor, män, annat/okänt kön och totalt (härlett ur könen); bas = antalet i det
-- mått som periodens definition (v_matt_definition) räknar andelen mot; andel_procent = totalt av bas;
-- andel_kvinnor_procent = kvinnornas andel av måttets totalt; avslutade = plattformens antal avslutade
-- (för regeln om minsta underlag). Procent i hel procent, halvt uppåt (makrot andel_procent).
-- Enhetskolumnerna (enhet_id, enhet, enhet_sortering) har samma namn som i kommuner_jamforelse.sql.
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
-- Antalen per kön: tabellmakrot antal_per_kon (queries/vyer/04_utfall_per_enhet.sql), en enhet per plattform.
WITH antal AS (
    SELECT * FROM antal_per_kon($period, $plattformar, true)
),
rutnat AS (
    SELECT
        e.enhet_id,
        m.matt_id,
        coalesce(a.kvinnor, 0) AS kvinnor,
        coalesce(a.man, 0) AS man,
        coalesce(a.annat, 0) AS annat,
        coalesce(a.totalt, 0) AS totalt
    FROM (SELECT DISTINCT enhet_id FROM antal) AS e
    CROSS JOIN (SELECT DISTINCT matt_id FROM antal) AS m
    LEFT JOIN antal AS a ON a.enhet_id = e.enhet_id AND a.matt_id = m.matt_id
)
SELECT
    r.enhet_id,
    p.kortnamn AS enhet,
    p.sortering AS enhet_sortering,
    p.ingar_i_forbundstotal,
    r.matt_id,
    um.namn AS matt,
    um.typ AS matt_typ,
    um.sortering AS matt_sortering,
    d.andel_av,
    bm.namn AS andel_av_namn,
    r.kvinnor::INTEGER AS kvinnor,
    r.man::INTEGER AS man,
    r.annat::INTEGER AS annat,
    r.totalt::INTEGER AS totalt,
    b.totalt::INTEGER AS bas,
    andel_procent(r.totalt, b.totalt)::INTEGER AS andel_procent,
    andel_procent(r.kvinnor, r.totalt)::INTEGER AS andel_kvinnor_procent,
    coalesce(av.totalt, 0)::INTEGER AS avslutade
FROM rutnat AS r
JOIN plattform AS p ON p.plattform_id = r.enhet_id
JOIN utfallsmatt AS um ON um.matt_id = r.matt_id
LEFT JOIN v_matt_definition AS d ON d.period = $period AND d.matt_id = r.matt_id
LEFT JOIN utfallsmatt AS bm ON bm.matt_id = d.andel_av
LEFT JOIN rutnat AS b ON b.enhet_id = r.enhet_id AND b.matt_id = d.andel_av
LEFT JOIN rutnat AS av ON av.enhet_id = r.enhet_id AND av.matt_id = 'avslutade'
ORDER BY um.sortering, p.sortering;
