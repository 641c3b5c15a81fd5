-- En rad per enhet (plattform, delprojekt) i referensdata, i organisationens ordning: id, namn, kortnamn, kommunens
-- namn, typ, om den ingår i totalen, om den är avvecklad, och andra källors namn för den (kommaseparerade).
-- Parametrar: inga.
SELECT
    p.plattform_id,
    p.namn,
    p.kortnamn,
    k.namn AS kommun,
    p.typ,
    p.ingar_i_forbundstotal,
    a.id IS NOT NULL AS avvecklad,
    (SELECT string_agg(e.namn, ', ' ORDER BY e.namn) FROM enhetsnamn AS e WHERE e.plattform_id = p.plattform_id)
        AS andra_namn
FROM plattform AS p
LEFT JOIN kommun AS k USING (kommun_id)
LEFT JOIN referens_avvecklad AS a ON a.tabell = 'plattform' AND a.id = p.plattform_id
ORDER BY p.sortering, p.plattform_id;
