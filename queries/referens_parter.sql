-- En rad per remitterande part i referensdata, i sorteringsordning: id och namn.
-- Parametrar: inga.
SELECT part_id, namn
FROM remitterande_part
ORDER BY sortering, part_id;
