-- En rad per annat namn för en enhet (som det står i SUS eller en annan källa): namnet och enhetens id och namn.
-- Parametrar: inga.
SELECT e.namn, e.plattform_id, p.namn AS enhet
FROM enhetsnamn AS e
JOIN plattform AS p USING (plattform_id)
ORDER BY p.sortering, e.namn;
