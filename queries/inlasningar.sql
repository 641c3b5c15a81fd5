-- En rad per inläst fil (proveniens), senaste först: datamängd, fil, kontrollsumma, period och
-- plattform när filen gäller en enda, antal rader, när och av vem, om den gäller, och antal varningar.
-- period_text: periodens namn, eller för en deltagarfil (som har datum, inte period) de år dess lagrade
-- deltagare täcker ("2018–2020"); NULL när filen gäller flera perioder eller ingen.
-- Parametrar: inga.
SELECT
    k.kalla_id,
    k.datamangd,
    k.filnamn,
    k.sha256,
    k.period,
    coalesce(
        up.namn,
        CAST(k.period AS VARCHAR),
        (SELECT CASE WHEN min(year(d.startdatum)) = max(year(coalesce(d.slutdatum, d.startdatum)))
                     THEN CAST(min(year(d.startdatum)) AS VARCHAR)
                     ELSE min(year(d.startdatum)) || '–' || max(year(coalesce(d.slutdatum, d.startdatum))) END
         FROM deltagare AS d WHERE d.kalla_id = k.kalla_id)
    ) AS period_text,
    coalesce(p.kortnamn, k.omfattning) AS omfattning,
    k.antal_rader,
    k.inlast,
    k.inlast_av,
    k.aktiv,
    (SELECT count(*) FROM kalla_varning AS v WHERE v.kalla_id = k.kalla_id) AS varningar
FROM kalla AS k
LEFT JOIN plattform AS p ON p.plattform_id = k.omfattning
LEFT JOIN uppfoljningsperiod AS up ON up.period = k.period
ORDER BY k.kalla_id DESC;
