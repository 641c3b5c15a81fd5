-- En rad per enhet (plattform, insats, delprojekt) som sidornas väljare erbjuder för perioden: alla enheter i
-- referensdata utom de avvecklade som saknar data för perioden. En avvecklad enhets historik går alltså
-- fortfarande att välja, men den erbjuds inte för perioder efter avvecklingen där den inte har något.
-- Data = utfall (sammanställt eller räknat ur deltagarna), enkätsvar, svarsfrekvens eller rapporterat värde.
-- Parametrar: $period (perioden; NULL = någon period, för sidor utan vald period som Över tid),
-- $med_avvecklade (false = inga avvecklade alls, för en ny uppladdning som ändå vägrar dem).
WITH med_data AS (
    SELECT plattform_id, period FROM utfall
    UNION SELECT plattform_id, period FROM utfall_fran_deltagare
    UNION SELECT plattform_id, period FROM enkat_resultat
    UNION SELECT plattform_id, period FROM enkat_svarsfrekvens
    UNION SELECT scope_id, period FROM indikator_rapporterat
)
SELECT p.plattform_id
FROM plattform AS p
LEFT JOIN referens_avvecklad AS a ON a.tabell = 'plattform' AND a.id = p.plattform_id
WHERE a.id IS NULL
   OR ($med_avvecklade AND EXISTS (SELECT 1 FROM med_data AS m
                                   WHERE m.plattform_id = p.plattform_id AND ($period IS NULL OR m.period = $period)))
ORDER BY p.sortering, p.plattform_id;
