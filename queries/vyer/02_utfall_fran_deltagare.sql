-- Deltagarnivå -> antal. Tabellen utfall_fran_deltagare är en härledd kopia (materialiserad vy): en rad per
-- period, plattform, kommun, mått och kön med antalet räknat ur deltagarna. Den byggs om här vid varje start
-- och i samma transaktion som varje inläsning eller återställning som ändrar deltagare
-- (uppfoljning.inlasning.harled), så att sidorna och bedömningen läser några tusen färdiga antal i stället
-- för att räkna om en miljon deltagare vid varje fråga. Sanningen är fortfarande tabellen deltagare.

-- Vad "under perioden" betyder. En period går från sitt startdatum S till sitt slutdatum E, och båda dagarna
-- ingår. För en deltagare med startdatum och slutdatum (saknas slutdatum är deltagaren inte avslutad):
--   deltagare  inskriven någon dag under perioden: startdatum <= E och (slutdatum saknas eller slutdatum >= S)
--   nya        startdatum mellan S och E (den som börjar på periodens första dag är ny)
--   avslutade  slutdatum mellan S och E, med sin avslutsorsak (den som slutar på sista dagen är avslutad)
--   kvar       inskriven vid periodens slut: slutdatum saknas eller slutdatum > E
-- Perioderna (v_periodintervall): varje kalenderår från det första startåret till det senaste år deltagarfilerna
-- täcker, och varje namngiven period i målramverket (tabellen uppfoljningsperiod: projektperiod, lägesrapport,
-- delår ...) som börjar senast den sista dag deltagarfilerna täcker. Kumulativ uppföljning ("från projektstart
-- till slutet av lägesrapport 4") är en period som börjar vid projektstart: samma regler, inget särfall.
-- Här är den enda platsen där reglerna står; årens och de namngivna periodernas antal räknas i samma fråga.
CREATE OR REPLACE VIEW v_periodintervall AS
WITH tackning AS (
    SELECT min(startdatum) AS forsta, max(coalesce(slutdatum, startdatum)) AS sista FROM deltagare
)
SELECT ar AS period, make_date(ar, 1, 1) AS startdatum, make_date(ar, 12, 31) AS slutdatum
FROM (SELECT unnest(range(year(forsta), year(sista) + 1)) AS ar FROM tackning)
UNION ALL
SELECT p.period, p.startdatum, p.slutdatum
FROM uppfoljningsperiod AS p, tackning AS t
WHERE NOT ar_kalenderar(p.period) AND p.startdatum <= t.sista;

CREATE OR REPLACE VIEW v_deltagare_period AS
-- En rad per deltagare och period som deltagaren var inskriven under.
SELECT
    p.period,
    d.deltagar_id,
    d.plattform_id,
    coalesce(d.kommun_id, pl.kommun_id) AS kommun_id,
    d.kon,
    d.startdatum BETWEEN p.startdatum AND p.slutdatum AS ny,
    coalesce(d.slutdatum BETWEEN p.startdatum AND p.slutdatum, false) AS avslutad,
    d.avslutsorsak
FROM deltagare AS d
JOIN v_periodintervall AS p
    ON d.startdatum <= p.slutdatum AND (d.slutdatum IS NULL OR d.slutdatum >= p.startdatum)
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
