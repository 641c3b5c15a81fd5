-- Utfallsantal per period, plattform, kommun, mått och kön, oavsett om de lästs in som
-- sammanställd tabell (utfall) eller räknats fram ur deltagarnivå (deltagare, via den härledda
-- tabellen utfall_fran_deltagare i 02_utfall_fran_deltagare.sql).
-- Summamått (positiv lösning) härleds här ur avslutsorsakerna enligt periodens definition.

CREATE OR REPLACE VIEW v_utfall_sammanstallt AS
-- Finns deltagarnivå för en plattform och ett år räknas antalen därifrån; en sammanställd tabell för
-- samma plattform och år används då inte, så att ingenting räknas två gånger.
SELECT period, plattform_id, coalesce(u.kommun_id, pl.kommun_id) AS kommun_id, matt_id, kon, antal
FROM utfall AS u
JOIN plattform AS pl USING (plattform_id)
WHERE NOT EXISTS (
    SELECT 1 FROM utfall_fran_deltagare AS v WHERE v.period = u.period AND v.plattform_id = u.plattform_id
);

CREATE OR REPLACE VIEW v_utfall_bas AS
SELECT period, plattform_id, kommun_id, matt_id, kon, antal
FROM v_utfall_sammanstallt
UNION ALL
SELECT period, plattform_id, kommun_id, matt_id, kon, antal
FROM utfall_fran_deltagare;

CREATE OR REPLACE VIEW v_utfall_antal AS
SELECT period, plattform_id, kommun_id, matt_id, kon, sum(antal)::INTEGER AS antal
FROM v_utfall_sammanstallt
GROUP BY ALL
UNION ALL
-- Deltagarnivån har redan en rad per nyckel och delar ingen (period, plattform) med raderna ovan.
SELECT period, plattform_id, kommun_id, matt_id, kon, antal
FROM utfall_fran_deltagare
UNION ALL
SELECT b.period, b.plattform_id, b.kommun_id, d.ingar_i AS matt_id, b.kon, sum(b.antal)::INTEGER AS antal
FROM v_utfall_bas AS b
JOIN v_matt_definition AS d ON d.period = b.period AND d.matt_id = b.matt_id
WHERE d.ingar_i IS NOT NULL
GROUP BY ALL;
