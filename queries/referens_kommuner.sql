-- En rad per kommun i referensdata, i namnordning: id, namn och om den är avvecklad.
-- Parametrar: inga.
SELECT k.kommun_id, k.namn, a.id IS NOT NULL AS avvecklad
FROM kommun AS k
LEFT JOIN referens_avvecklad AS a ON a.tabell = 'kommun' AND a.id = k.kommun_id
ORDER BY k.namn, k.kommun_id;
