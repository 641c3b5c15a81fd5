-- Sidan Kvinnor och män: enkätens svarsfrekvens per plattform och respondentgrupp för vald period och
-- valda plattformar, så att den alltid kan visas bredvid svaren.
-- En rad per (plattform, respondentgrupp): svarsfrekvens = svarande av inbjudna i hel procent (halvt
-- uppåt) när antalen finns, annars källans rapporterade svarsfrekvens avrundad på samma sätt.
-- redovisas_ej = källan redovisar inte gruppen för att för få har svarat. grupp = gruppens namn. Grupperna
-- kommer i referensdatans ordning (deltagare, medarbetare, chefer).
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
SELECT
    s.plattform_id,
    p.kortnamn AS plattform,
    s.respondentgrupp,
    coalesce(rg.namn, s.respondentgrupp) AS grupp,
    coalesce(andel_procent(s.antal_svar, s.antal_inbjudna), avrunda_procent(s.svarsfrekvens_rapporterad))::INTEGER
        AS svarsfrekvens,
    s.antal_svar,
    s.antal_inbjudna,
    s.redovisas_ej
FROM enkat_svarsfrekvens AS s
JOIN plattform AS p USING (plattform_id)
LEFT JOIN respondentgrupp AS rg USING (respondentgrupp)
LEFT JOIN (SELECT respondentgrupp, min(sortering) AS sortering FROM enkatfraga GROUP BY ALL) AS g
    USING (respondentgrupp)
WHERE s.period = $period AND list_contains($plattformar, s.plattform_id)
ORDER BY p.sortering, rg.sortering NULLS LAST, g.sortering NULLS LAST, s.respondentgrupp;
