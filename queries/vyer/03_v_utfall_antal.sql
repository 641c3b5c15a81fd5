-- Utfallsantal per period, plattform, kommun, mått och kön, oavsett om de lästs in som
-- sammanställd tabell (utfall) eller räknats fram ur deltagarnivå (deltagare).
-- Summamått (positiv lösning) härleds här ur avslutsorsakerna enligt periodens definition.

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

CREATE OR REPLACE VIEW v_utfall_bas AS
WITH volym AS (
    SELECT
        period, plattform_id, kommun_id, kon,
        count(*) AS deltagare,
        count(*) FILTER (WHERE ny) AS nya,
        count(*) FILTER (WHERE avslutad) AS avslutade,
        count(*) FILTER (WHERE NOT avslutad) AS kvar
    FROM v_deltagare_period
    GROUP BY ALL
)
-- Finns deltagarnivå för en plattform och ett år räknas antalen därifrån; en sammanställd tabell för
-- samma plattform och år används då inte, så att ingenting räknas två gånger.
SELECT period, plattform_id, coalesce(u.kommun_id, pl.kommun_id) AS kommun_id, matt_id, kon, antal
FROM utfall AS u
JOIN plattform AS pl USING (plattform_id)
WHERE NOT EXISTS (
    SELECT 1 FROM volym AS v WHERE v.period = u.period AND v.plattform_id = u.plattform_id
)
UNION ALL
SELECT period, plattform_id, kommun_id, matt_id, kon, antal::INTEGER
FROM volym
UNPIVOT (antal FOR matt_id IN (deltagare, nya, avslutade, kvar))
WHERE antal > 0
UNION ALL
SELECT period, plattform_id, kommun_id, avslutsorsak, kon, count(*)::INTEGER
FROM v_deltagare_period
WHERE avslutad
GROUP BY ALL;

CREATE OR REPLACE VIEW v_utfall_antal AS
SELECT period, plattform_id, kommun_id, matt_id, kon, sum(antal)::INTEGER AS antal
FROM v_utfall_bas
GROUP BY ALL
UNION ALL
SELECT b.period, b.plattform_id, b.kommun_id, d.ingar_i AS matt_id, b.kon, sum(b.antal)::INTEGER AS antal
FROM v_utfall_bas AS b
JOIN v_matt_definition AS d ON d.period = b.period AND d.matt_id = b.matt_id
WHERE d.ingar_i IS NOT NULL
GROUP BY ALL;
