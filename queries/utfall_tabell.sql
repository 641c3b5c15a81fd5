-- Bilaga 3:s tabell för vald period och valda plattformar (summerade).
-- En rad per utfallsmått som har data: antal för kvinnor, män, annat/okänt kön och totalt
-- (totalt härleds alltid ur könen), samt andelen i hel procent (halvt uppåt) av det mått som
-- periodens definition räknar andelen mot (avslutade eller positiv lösning).
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
WITH antal AS (
    SELECT
        matt_id,
        sum(antal) FILTER (WHERE kon = 'K') AS kvinnor,
        sum(antal) FILTER (WHERE kon = 'M') AS man,
        sum(antal) FILTER (WHERE kon NOT IN ('K', 'M')) AS annat,
        sum(antal) AS totalt
    FROM v_utfall_antal
    WHERE period = $period AND list_contains($plattformar, plattform_id)
    GROUP BY matt_id
)
SELECT
    m.matt_id,
    m.namn,
    m.typ,
    m.sus_koder,
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
LEFT JOIN v_matt_definition AS d ON d.matt_id = m.matt_id AND d.period = $period
LEFT JOIN antal AS b ON b.matt_id = d.andel_av
ORDER BY m.sortering;
