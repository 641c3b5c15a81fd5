-- Golvet för bedömningen: en enda GROUP BY över deltagartabellen som räknar alla antal som
-- målramverkets andels- och volymindikatorer behöver för ett år på en gång: deltagare, nya, avslutade,
-- kvar och varje avslutsorsak, per plattform och kön. (Prestandamätningens jämförelsepunkt, inte produkten.)
-- En rad per (plattform, kön). Parametrar: $ar.
SELECT
    plattform_id,
    kon,
    count(*) AS deltagare,
    count(*) FILTER (WHERE year(startdatum) = $ar) AS nya,
    count(*) FILTER (WHERE year(slutdatum) = $ar) AS avslutade,
    count(*) FILTER (WHERE slutdatum IS NULL OR year(slutdatum) > $ar) AS kvar,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'arbete') AS arbete,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'extratjanst') AS extratjanst,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'studier') AS studier,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'fortsatt_rehab') AS fortsatt_rehab,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'saknar_arbetsformaga') AS saknar_arbetsformaga,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'avbrott_halsa') AS avbrott_halsa,
    count(*) FILTER (WHERE year(slutdatum) = $ar AND avslutsorsak = 'ovriga_avbrott') AS ovriga_avbrott
FROM deltagare
WHERE year(startdatum) <= $ar
  AND coalesce(year(slutdatum), (SELECT max(year(coalesce(slutdatum, startdatum))) FROM deltagare)) >= $ar
GROUP BY plattform_id, kon
