-- En rad per utfallsmått i referensdata (det indikatorer av typen andel_utfall och volym räknar), i
-- referensdatans ordning: id, namn, typ (volym, avslut, summa) och SUS-koder.
-- Parametrar: inga.
SELECT matt_id, namn, typ, sus_koder, sortering
FROM utfallsmatt
ORDER BY sortering, matt_id;
