-- En rad per period som har något lagrat utfall, enkätresultat eller rapporterat indikatorvärde, senaste först
-- (efter slutdatum; vid samma slut den längre perioden först). Namngivna perioder har ramverkets namn och datum,
-- ett kalenderår sitt årtal. forra: perioden som perioden jämförs med (jamfor_med, året innan för ett år).
-- Parametrar: inga.
SELECT
    v.period,
    coalesce(p.id, v.period::VARCHAR) AS id,
    coalesce(p.namn, v.period::VARCHAR) AS namn,
    coalesce(p.startdatum, make_date(v.period, 1, 1)) AS startdatum,
    coalesce(p.slutdatum, make_date(v.period, 12, 31)) AS slutdatum,
    coalesce(p.typ, 'ar') AS typ,
    CASE WHEN p.period IS NOT NULL THEN p.jamfor_med WHEN ar_kalenderar(v.period) THEN v.period - 1 END AS forra
FROM v_period AS v
LEFT JOIN uppfoljningsperiod AS p USING (period)
-- En namngiven period som inte längre finns i ramverket visas inte (dess data finns kvar).
WHERE ar_kalenderar(v.period) OR p.period IS NOT NULL
ORDER BY slutdatum DESC, startdatum ASC, typ = 'projektperiod' DESC, namn;
