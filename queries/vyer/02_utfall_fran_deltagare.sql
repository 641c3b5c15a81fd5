-- Deltagarnivå -> antal. Tabellen utfall_fran_deltagare är en härledd kopia (materialiserad vy): en rad per
-- period, plattform, kommun, mått och kön med antalet räknat ur deltagarna. Den byggs om här vid varje start
-- och i samma transaktion som varje inläsning eller återställning som ändrar deltagare
-- (uppfoljning.inlasning.harled), så att sidorna och bedömningen läser några tusen färdiga antal i stället
-- för att räkna om en miljon deltagare vid varje fråga. Sanningen är fortfarande tabellen deltagare.

CREATE OR REPLACE VIEW v_deltagare_period AS
-- En rad per deltagare och år då deltagaren var aktuell: från startåret till slutåret, eller för
-- den som inte avslutats till det senaste år som deltagarfilerna täcker.
WITH senaste AS (
    SELECT max(greatest(year(startdatum), coalesce(year(slutdatum), 0))) AS ar FROM deltagare
),
ar AS (
    SELECT
        d.*,
        unnest(range(year(d.startdatum), coalesce(year(d.slutdatum), (SELECT ar FROM senaste)) + 1)) AS period
    FROM deltagare AS d
)
SELECT
    ar.period,
    ar.deltagar_id,
    ar.plattform_id,
    coalesce(ar.kommun_id, pl.kommun_id) AS kommun_id,
    ar.kon,
    year(ar.startdatum) = ar.period AS ny,
    ar.slutdatum IS NOT NULL AND year(ar.slutdatum) = ar.period AS avslutad,
    ar.avslutsorsak
FROM ar
JOIN plattform AS pl USING (plattform_id);

-- Volymmåtten (deltagare, nya, avslutade, kvar) och varje avslutsorsak, per period, plattform, kommun och kön.
CREATE OR REPLACE TABLE utfall_fran_deltagare AS
WITH per_grupp AS (
    SELECT
        period, plattform_id, kommun_id, kon,
        CASE WHEN avslutad THEN avslutsorsak END AS orsak,
        count(*) AS deltagare,
        count(*) FILTER (WHERE ny) AS nya,
        count(*) FILTER (WHERE avslutad) AS avslutade,
        count(*) FILTER (WHERE NOT avslutad) AS kvar
    FROM v_deltagare_period
    GROUP BY ALL
),
volym AS (
    SELECT period, plattform_id, kommun_id, kon,
           sum(deltagare) AS deltagare, sum(nya) AS nya, sum(avslutade) AS avslutade, sum(kvar) AS kvar
    FROM per_grupp
    GROUP BY ALL
)
-- En rad per nyckel (v_utfall_antal räknar med det): en avslutsorsak som mappats till ett volymmått summeras ihop.
SELECT period, plattform_id, kommun_id, matt_id, kon, sum(antal)::INTEGER AS antal
FROM (
    SELECT period, plattform_id, kommun_id, matt_id, kon, antal
    FROM volym
    UNPIVOT (antal FOR matt_id IN (deltagare, nya, avslutade, kvar))
    WHERE antal > 0
    UNION ALL
    SELECT period, plattform_id, kommun_id, orsak, kon, sum(avslutade)
    FROM per_grupp
    WHERE orsak IS NOT NULL
    GROUP BY ALL
)
GROUP BY ALL;
