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

-- Förbundet (projektet) totalt per period, mått och kön: plattformarna som ingår i förbundstotalen. På
-- deltagarnivå är det distinkta personer (utfall_fran_deltagare_totalt: en person i två plattformar eller med
-- två inskrivningar räknas en gång), så totalen kan vara mindre än summan av plattformarna. En plattform som bara
-- har en sammanställd tabell för perioden läggs till med sina antal (personer där går inte att känna igen).
-- Summamåtten härleds som i v_utfall_antal.
CREATE OR REPLACE VIEW v_utfall_forbundet AS
WITH bas AS (
    SELECT period, matt_id, kon, antal FROM utfall_fran_deltagare_totalt
    UNION ALL
    SELECT s.period, s.matt_id, s.kon, s.antal
    FROM v_utfall_sammanstallt AS s
    JOIN plattform AS p USING (plattform_id)
    WHERE p.ingar_i_forbundstotal
)
SELECT period, matt_id, kon, sum(antal)::INTEGER AS antal
FROM bas
GROUP BY ALL
UNION ALL
SELECT b.period, d.ingar_i AS matt_id, b.kon, sum(b.antal)::INTEGER AS antal
FROM bas AS b
JOIN v_matt_definition AS d ON d.period = b.period AND d.matt_id = b.matt_id
WHERE d.ingar_i IS NOT NULL
GROUP BY ALL;

-- Varje kommun per period, mått och kön: förbundets plattformar (de som ingår i förbundstotalen) i kommunen. På
-- deltagarnivå är det distinkta personer (utfall_fran_deltagare_kommun: en person i två plattformar i samma kommun
-- räknas en gång, se 02_utfall_fran_deltagare.sql), så kommunen kan vara mindre än summan av sina plattformar. En
-- plattform som bara har en sammanställd tabell för perioden läggs till med sina antal. kommun_id NULL när varken
-- raden eller plattformen har kommun. Summamåtten härleds som i v_utfall_antal.
CREATE OR REPLACE VIEW v_utfall_kommun AS
WITH bas AS (
    SELECT period, kommun_id, matt_id, kon, antal FROM utfall_fran_deltagare_kommun
    UNION ALL
    SELECT s.period, s.kommun_id, s.matt_id, s.kon, s.antal
    FROM v_utfall_sammanstallt AS s
    JOIN plattform AS p USING (plattform_id)
    WHERE p.ingar_i_forbundstotal
)
SELECT period, kommun_id, matt_id, kon, sum(antal)::INTEGER AS antal
FROM bas
GROUP BY ALL
UNION ALL
SELECT b.period, b.kommun_id, d.ingar_i AS matt_id, b.kon, sum(b.antal)::INTEGER AS antal
FROM bas AS b
JOIN v_matt_definition AS d ON d.period = b.period AND d.matt_id = b.matt_id
WHERE d.ingar_i IS NOT NULL
GROUP BY ALL;

-- Är urvalet precis förbundets plattformar (de som ingår i förbundstotalen)? Då är urvalet förbundet och dess
-- antal läses ur v_utfall_forbundet (distinkta personer), annars summeras urvalets plattformar.
CREATE OR REPLACE MACRO ar_forbundet(valda_plattformar) AS
    list_sort(list_distinct(CAST(valda_plattformar AS VARCHAR[])))
        = (SELECT coalesce(list_sort(list(plattform_id)), []) FROM plattform WHERE ingar_i_forbundstotal);

-- Antalen för ett urval av plattformar per period, mått och kön: förbundet totalt (distinkta personer) när
-- urvalet är förbundets plattformar, annars summan av urvalets plattformar.
CREATE OR REPLACE MACRO utfall_for_urval(valda_plattformar) AS TABLE
SELECT period, matt_id, kon, antal
FROM v_utfall_forbundet
WHERE ar_forbundet(valda_plattformar)
UNION ALL
SELECT period, matt_id, kon, antal
FROM v_utfall_antal
WHERE NOT ar_forbundet(valda_plattformar) AND list_contains(valda_plattformar, plattform_id);

