-- En rad per enkätfråga i referensdata (det indikatorer av typen enkat pekar på): respondentgrupp, id, frågans
-- text och svarstyp, i referensdatans ordning.
-- Parametrar: inga.
SELECT respondentgrupp, fraga_id, text, svarstyp, sortering
FROM enkatfraga
ORDER BY respondentgrupp, sortering, fraga_id;
