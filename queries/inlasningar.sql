-- En rad per inläst fil (proveniens), senaste först: datamängd, fil, kontrollsumma, period och
-- plattform när filen gäller en enda, antal rader, när och av vem, om den gäller, och antal varningar.
-- Parametrar: inga.
SELECT
    k.kalla_id,
    k.datamangd,
    k.filnamn,
    k.sha256,
    k.period,
    coalesce(p.kortnamn, k.omfattning) AS omfattning,
    k.antal_rader,
    k.inlast,
    k.inlast_av,
    k.aktiv,
    (SELECT count(*) FROM kalla_varning AS v WHERE v.kalla_id = k.kalla_id) AS varningar
FROM kalla AS k
LEFT JOIN plattform AS p ON p.plattform_id = k.omfattning
ORDER BY k.kalla_id DESC;
