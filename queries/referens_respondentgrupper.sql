-- En rad per respondentgrupp i enkäterna (referensdata), i sorteringsordning: id, namn, antal frågor, antal
-- lagrade enkätresultat och svarsfrekvenser (rader), och om gruppen är avvecklad.
-- Parametrar: inga.
SELECT
    g.respondentgrupp,
    g.namn,
    (SELECT count(*) FROM enkatfraga AS f WHERE f.respondentgrupp = g.respondentgrupp) AS fragor,
    (SELECT count(*) FROM enkat_resultat AS r WHERE r.respondentgrupp = g.respondentgrupp)
        + (SELECT count(*) FROM enkat_svarsfrekvens AS s WHERE s.respondentgrupp = g.respondentgrupp) AS rader,
    a.id IS NOT NULL AS avvecklad
FROM respondentgrupp AS g
LEFT JOIN referens_avvecklad AS a ON a.tabell = 'respondentgrupp' AND a.id = g.respondentgrupp
ORDER BY g.sortering, g.respondentgrupp;
