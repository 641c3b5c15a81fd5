-- Vilka plattformar som har deltagare i vilka kommuner ett år (samma par som kolumnen plattformar i
-- kommuner_jamforelse.sql visar): skyddet för små tal (uppfoljning/smatal.py) knyter kommunernas och
-- plattformarnas tal till varandra genom paren.
-- En rad per (plattform, kommun) med något antal över noll; kommun 'okand' när raden saknar kommun.
-- fran_deltagare: plattformens antal perioden räknas ur deltagarnivån (då är förbundet totalt distinkta personer,
-- inte summan av plattformarna; se 02_utfall_fran_deltagare.sql).
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
SELECT DISTINCT
    plattform_id,
    coalesce(kommun_id, 'okand') AS kommun_id,
    plattform_id IN (SELECT plattform_id FROM utfall_fran_deltagare WHERE period = $period) AS fran_deltagare
FROM v_utfall_antal
WHERE period = $period AND list_contains($plattformar, plattform_id) AND antal > 0
ORDER BY plattform_id, kommun_id;
