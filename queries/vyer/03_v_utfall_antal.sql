-- Utfallsantal per period, plattform, kommun, mått och kön, oavsett om de lästs in som
-- sammanställd tabell (utfall) eller räknats fram ur deltagarnivå (deltagare).
-- Summamått (positiv lösning) härleds här ur avslutsorsakerna enligt periodens definition.

CREATE OR REPLACE VIEW v_deltagare_period AS
-- En rad per deltagare och år då deltagaren var aktuell.
SELECT
    p.period,
    d.deltagar_id,
    d.plattform_id,
    coalesce(d.kommun_id, pl.kommun_id) AS kommun_id,
    d.kon,
    year(d.startdatum) = p.period AS ny,
    d.slutdatum IS NOT NULL AND year(d.slutdatum) = p.period AS avslutad,
    d.avslutsorsak
FROM deltagare AS d
JOIN plattform AS pl USING (plattform_id)
JOIN (SELECT DISTINCT period FROM v_period) AS p
  ON year(d.startdatum) <= p.period
 AND (d.slutdatum IS NULL OR year(d.slutdatum) >= p.period);

CREATE OR REPLACE VIEW v_utfall_bas AS
SELECT period, plattform_id, coalesce(u.kommun_id, pl.kommun_id) AS kommun_id, matt_id, kon, antal
FROM utfall AS u
JOIN plattform AS pl USING (plattform_id)
UNION ALL
SELECT period, plattform_id, kommun_id, 'deltagare' AS matt_id, kon, count(*)::INTEGER AS antal
FROM v_deltagare_period GROUP BY ALL
UNION ALL
SELECT period, plattform_id, kommun_id, 'nya', kon, count(*)::INTEGER
FROM v_deltagare_period WHERE ny GROUP BY ALL
UNION ALL
SELECT period, plattform_id, kommun_id, 'avslutade', kon, count(*)::INTEGER
FROM v_deltagare_period WHERE avslutad GROUP BY ALL
UNION ALL
SELECT period, plattform_id, kommun_id, avslutsorsak, kon, count(*)::INTEGER
FROM v_deltagare_period WHERE avslutad GROUP BY ALL
UNION ALL
SELECT period, plattform_id, kommun_id, 'kvar', kon, count(*)::INTEGER
FROM v_deltagare_period WHERE NOT avslutad GROUP BY ALL;

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
