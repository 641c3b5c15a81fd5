-- Vilka plattformar som har deltagare i vilka kommuner ett år (samma par som kolumnen plattformar i
-- kommuner_jamforelse.sql visar): skyddet för små tal (uppfoljning/smatal.py) knyter kommunernas och
-- plattformarnas tal till varandra genom paren.
-- En rad per (plattform, kommun) med något antal över noll; kommun 'okand' när raden saknar kommun.
-- fran_deltagare: plattformens antal perioden räknas ur deltagarnivån (då är förbundet totalt distinkta personer,
-- inte summan av plattformarna; se 02_utfall_fran_deltagare.sql).
-- kommun_distinkt: kommunens antal (distinkta personer på deltagarnivå, v_utfall_kommun) är inte summan av dess
-- par för något mått och kön (någon räknas i två plattformar i kommunen); samma värde på kommunens alla rader.
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
WITH rader AS (
    SELECT plattform_id, coalesce(kommun_id, 'okand') AS kommun_id, matt_id, kon, antal
    FROM v_utfall_antal
    WHERE period = $period AND list_contains($plattformar, plattform_id)
),
par_summa AS (
    SELECT kommun_id, matt_id, kon, sum(antal) AS antal FROM rader GROUP BY ALL
),
-- Kommunen som kommuner_jamforelse.sql räknar den: distinkta personer när urvalet är förbundets plattformar.
kommun AS (
    SELECT coalesce(kommun_id, 'okand') AS kommun_id, matt_id, kon, sum(antal) AS antal
    FROM v_utfall_kommun
    WHERE period = $period AND ar_forbundet($plattformar)
    GROUP BY ALL
    UNION ALL
    SELECT * FROM par_summa WHERE NOT ar_forbundet($plattformar)
),
distinkt AS (
    SELECT DISTINCT kommun_id
    FROM par_summa AS s FULL JOIN kommun AS k USING (kommun_id, matt_id, kon)
    WHERE coalesce(s.antal, 0) <> coalesce(k.antal, 0)
)
SELECT DISTINCT
    plattform_id,
    kommun_id,
    plattform_id IN (SELECT plattform_id FROM utfall_fran_deltagare WHERE period = $period) AS fran_deltagare,
    kommun_id IN (SELECT kommun_id FROM distinkt) AS kommun_distinkt
FROM rader
WHERE antal > 0
ORDER BY plattform_id, kommun_id;
