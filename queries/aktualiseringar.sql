-- Aktualiseringar till samverkan per remitterande part och kommun för en period (sidan Kommuner,
-- jämförelsetabellen efter Bilaga 3). En rad per (part, kommun) och sist en rad Totalt (part_id NULL).
-- antal = kvinnor + män + annat/okänt (härlett ur könen); andel_kvinnor_procent och andel_man_procent
-- = kvinnor respektive män av antal.
-- andel_ja_procent = andel som fått ja i beredning: ur antal_ja när antalet finns, annars källans
-- rapporterade procent avrundad till hel procent halvt uppåt (71,5 -> 72); ja_rapporterad säger vilket
-- och andel_ja_rapporterad är källans värde med decimal. Totalraden får en andel ja bara när alla
-- raderna har antal (rapporterade procent går inte att summera).
-- Parter utan kommun (t.ex. Arbetsförmedlingen) gäller hela förbundet och tas med bara när $kommun är NULL.
-- Parametrar: $period (år), $kommun (kommun_id, eller NULL för alla).
WITH antal AS (
    SELECT
        part_id,
        kommun_id,
        sum(antal) FILTER (WHERE kon = 'K') AS kvinnor,
        sum(antal) FILTER (WHERE kon = 'M') AS man,
        sum(antal) FILTER (WHERE kon NOT IN ('K', 'M')) AS annat,
        sum(antal) AS antal
    FROM aktualisering
    WHERE period = $period
    GROUP BY ALL
),
beredning AS (
    SELECT part_id, kommun_id, sum(antal_ja) AS antal_ja, max(andel_ja_rapporterad) AS andel_ja_rapporterad
    FROM aktualisering_beredning
    WHERE period = $period
    GROUP BY ALL
),
rader AS (
    SELECT
        coalesce(a.part_id, b.part_id) AS part_id,
        coalesce(a.kommun_id, b.kommun_id) AS kommun_id,
        coalesce(a.kvinnor, 0) AS kvinnor,
        coalesce(a.man, 0) AS man,
        coalesce(a.annat, 0) AS annat,
        coalesce(a.antal, 0) AS antal,
        b.antal_ja,
        b.andel_ja_rapporterad
    FROM antal AS a
    FULL JOIN beredning AS b ON b.part_id = a.part_id AND b.kommun_id IS NOT DISTINCT FROM a.kommun_id
    WHERE CAST($kommun AS VARCHAR) IS NULL
       OR coalesce(a.kommun_id, b.kommun_id) = CAST($kommun AS VARCHAR)
),
kommuner AS (
    SELECT k.kommun_id, k.namn,
           row_number() OVER (ORDER BY min(p.sortering) NULLS LAST, k.namn) AS sortering
    FROM kommun AS k
    LEFT JOIN plattform AS p ON p.kommun_id = k.kommun_id
    GROUP BY k.kommun_id, k.namn
)
SELECT
    r.part_id,
    rp.namn AS part,
    r.kommun_id,
    k.namn AS kommun,
    rp.namn || coalesce(' ' || k.namn, '') AS remitterande,
    r.antal::INTEGER AS antal,
    r.kvinnor::INTEGER AS kvinnor,
    r.man::INTEGER AS man,
    r.annat::INTEGER AS annat,
    andel_procent(r.kvinnor, r.antal)::INTEGER AS andel_kvinnor_procent,
    andel_procent(r.man, r.antal)::INTEGER AS andel_man_procent,
    r.antal_ja::INTEGER AS antal_ja,
    coalesce(andel_procent(r.antal_ja, r.antal), avrunda_procent(r.andel_ja_rapporterad))::INTEGER
        AS andel_ja_procent,
    r.antal_ja IS NULL AND r.andel_ja_rapporterad IS NOT NULL AS ja_rapporterad,
    r.andel_ja_rapporterad,
    false AS totalrad,
    rp.sortering AS part_sortering,
    coalesce(k.sortering, 0)::INTEGER AS kommun_sortering
FROM rader AS r
JOIN remitterande_part AS rp USING (part_id)
LEFT JOIN kommuner AS k USING (kommun_id)
UNION ALL
SELECT
    NULL, 'Totalt', NULL, NULL, 'Totalt',
    sum(antal)::INTEGER,
    sum(kvinnor)::INTEGER,
    sum(man)::INTEGER,
    sum(annat)::INTEGER,
    andel_procent(sum(kvinnor), sum(antal))::INTEGER,
    andel_procent(sum(man), sum(antal))::INTEGER,
    CASE WHEN bool_and(antal_ja IS NOT NULL) THEN sum(antal_ja)::INTEGER END,
    CASE WHEN bool_and(antal_ja IS NOT NULL) THEN andel_procent(sum(antal_ja), sum(antal))::INTEGER END,
    false,
    NULL,
    true,
    1000000,
    0
FROM rader
HAVING count(*) > 0
ORDER BY totalrad, part_sortering, kommun_sortering;
