-- En rad per namn i källornas filer (radrubrik, fritext, SUS-formulering) som läses som en kategori: namnet och
-- kategorins id och namn, i kategoriernas ordning.
-- Parametrar: inga.
SELECT c.varde, c.matt_id, m.namn AS kategori
FROM kategorimappning AS c
JOIN utfallsmatt AS m USING (matt_id)
ORDER BY m.sortering, c.varde;
