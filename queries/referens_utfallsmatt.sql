-- En rad per utfallsmått (kategori) i referensdata (det indikatorer av typen andel_utfall och volym räknar), i
-- referensdatans ordning: id, namn, typ (volym, avslut, summa), SUS-koder och om den är avvecklad.
-- Parametrar: inga.
SELECT m.matt_id, m.namn, m.typ, m.sus_koder, m.sortering, a.id IS NOT NULL AS avvecklad
FROM utfallsmatt AS m
LEFT JOIN referens_avvecklad AS a ON a.tabell = 'utfallsmatt' AND a.id = m.matt_id
ORDER BY m.sortering, m.matt_id;
