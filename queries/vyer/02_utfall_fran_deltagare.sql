-- Deltagarnivå -> antal. Tabellen utfall_fran_deltagare är en härledd kopia (materialiserad vy): en rad per
-- period, plattform, kommun, mått och kön med antalet räknat ur deltagarna. Tabellen utfall_fran_deltagare_totalt är
-- samma sak för förbundet (projektet) totalt, alltså alla plattformar som ingår i förbundstotalen: en rad per
-- period, mått och kön. Tabellen utfall_fran_deltagare_kommun är samma sak per kommun (förbundets plattformar i
-- kommunen): en rad per period, kommun, mått och kön. Alla tre byggs om här vid varje start och i samma transaktion som varje inläsning eller
-- återställning som ändrar deltagare (uppfoljning.inlasning.harled), så att sidorna och bedömningen läser några
-- tusen färdiga antal i stället för att räkna om en miljon deltagare vid varje fråga. Sanningen är fortfarande
-- tabellen deltagare.

-- Vad "under perioden" betyder. En period går från sitt startdatum S till sitt slutdatum E, och båda dagarna
-- ingår. En rad i deltagare är en inskrivning (startdatum, slutdatum; saknas slutdatum pågår den).
-- Antalen är personer (distinkta deltagar-id), inte inskrivningar: i en plattform (ett delprojekt) och i
-- totalen räknas varje person en gång, också den som skrivits in på nytt eller finns i två delprojekt.
-- Totalen är därför inte summan av plattformarna: en person i två delprojekt räknas i båda men en gång i
-- totalen. Likadant för en kommun: en person i två delprojekt i samma kommun räknas en gång i kommunen. För en person och en enhet (plattformen, eller alla förbundets plattformar för totalen), räknat
-- på personens inskrivningar i enheten:
--   deltagare  personen var inskriven någon dag under perioden: någon inskrivning med startdatum <= E och
--              (slutdatum saknas eller slutdatum >= S)
--   kvar       personen var inskriven vid periodens slut: någon inskrivning under perioden med slutdatum som
--              saknas eller är > E
--   avslutade  personen var inskriven under perioden men inte vid dess slut, alltså lämnade enheten under
--              perioden (alla inskrivningar under perioden slutade mellan S och E). Så deltagare = avslutade +
--              kvar för varje enhet. En person som avslutats i ett delprojekt och är kvar i ett annat är
--              avslutad i det första delprojektet men kvar i totalen (personen har inte lämnat projektet).
--   avslutsorsak  den avslutades orsak är orsaken på den inskrivning som slutade sist (samma dag: den som
--              började sist, sedan plattformens id); en person räknas under en orsak.
--   nya        personens första inskrivning i enheten (över all tid) började mellan S och E. Den som skrivits
--              in på nytt under perioden efter en tidigare inskrivning är inte ny; den som är ny i ett
--              delprojekt men redan deltagit i ett annat är ny i delprojektet men inte i totalen.
--   kön och kommun  från personens senast påbörjade inskrivning under perioden i enheten.
-- Kommunen som enhet: förbundets plattformar (de som ingår i förbundstotalen), och för varje plattform de
-- personer vars kommun där under perioden (se ovan) är kommunen; personens inskrivningar i de plattformarna. Med
-- samma regler är kommunen alltså de distinkta personerna bland kommunens par (plattform, kommun): deltagare om
-- personen är det i något par, kvar om personen är kvar i något (annars avslutad), orsaken från den inskrivning som
-- slutade sist, kön från den senast påbörjade. Ny i kommunen: personens första inskrivning med kommunen (radens
-- kommun, annars plattformens) över all tid började under perioden och personen är ny i varje plattform hen
-- räknas i kommunen genom. Har varje person en kommun per plattform (det vanliga) är det exakt reglerna ovan med
-- kommunens inskrivningar som enhet; en person som bytt kommun inom en plattform räknas där plattformen räknar
-- henne, så att kommunen aldrig har någon som inte finns i dess par.
-- För en person med en enda inskrivning är det samma regler som för raden själv. Mellan en enhet och totalen
-- gäller: totalen <= summan av plattformarna för varje mått, och för deltagare och kvar dessutom totalen >=
-- varje plattform (den som är inskriven i en plattform är inskriven i projektet). För nya, avslutade och
-- orsakerna kan totalen vara mindre än en enskild plattform (se ovan). Samma sak mellan en kommun och dess par
-- (plattform, kommun): kommunen <= summan av paren för varje mått, och för deltagare och kvar kommunen >= varje
-- par. Mellan totalen och kommunerna: totalen <= summan av kommunerna, och för deltagare och kvar totalen >= varje
-- kommun.
--
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

-- Räkningen. De flesta personer har en enda inskrivning: då är raden personen, i plattformen och i totalen,
-- och antalen räknas rad för rad (billigt också för en miljon rader). Bara personer med flera inskrivningar
-- (samma deltagar-id på flera rader) räknas person för person enligt reglerna ovan.
DROP VIEW IF EXISTS v_deltagarperson_period;
DROP VIEW IF EXISTS v_deltagare_period;
CREATE OR REPLACE TEMP TABLE deltagare_per_enhet AS
-- flera: hash av de deltagar-id som finns på flera rader. En krock mellan två id ger bara att två personer med
-- en rad var räknas person för person, vilket ger samma svar.
WITH flera AS (
    SELECT hash(deltagar_id) AS h FROM deltagare GROUP BY h HAVING count(*) > 1
),
inskrivning AS (
    SELECT
        d.deltagar_id, d.plattform_id, coalesce(d.kommun_id, pl.kommun_id) AS kommun_id, d.kon, d.startdatum,
        d.slutdatum, d.avslutsorsak, pl.ingar_i_forbundstotal,
        hash(d.deltagar_id) IN (SELECT h FROM flera) AS flera
    FROM deltagare AS d
    JOIN plattform AS pl USING (plattform_id)
),
-- En inskrivning per person: en rad per inskrivning och period som den var aktiv under.
en AS (
    SELECT
        p.period, i.plattform_id, i.kommun_id, i.ingar_i_forbundstotal, i.kon,
        i.startdatum BETWEEN p.startdatum AND p.slutdatum AS ny,
        coalesce(i.slutdatum BETWEEN p.startdatum AND p.slutdatum, false) AS avslutad,
        i.avslutsorsak
    FROM inskrivning AS i
    JOIN v_periodintervall AS p
        ON i.startdatum <= p.slutdatum AND (i.slutdatum IS NULL OR i.slutdatum >= p.startdatum)
    WHERE NOT i.flera
),
en_grupp AS MATERIALIZED (
    SELECT
        period, plattform_id, kommun_id, ingar_i_forbundstotal, kon,
        CASE WHEN avslutad THEN avslutsorsak END AS orsak,
        count(*) AS deltagare,
        count(*) FILTER (WHERE ny) AS nya,
        count(*) FILTER (WHERE avslutad) AS avslutade,
        count(*) FILTER (WHERE NOT avslutad) AS kvar
    FROM en
    GROUP BY ALL
),
-- Flera inskrivningar: varje inskrivning en gång för plattformen (enhet = plattform_id) och en gång till för
-- totalen (enhet = '') när plattformen ingår i förbundstotalen; forsta_start = personens första startdatum i
-- enheten över all tid (för måttet nya).
fler_rader AS (
    SELECT plattform_id AS enhet, * FROM inskrivning WHERE flera
    UNION ALL
    SELECT '', * FROM inskrivning WHERE flera AND ingar_i_forbundstotal
),
forsta AS (
    SELECT enhet, deltagar_id, min(startdatum) AS forsta_start FROM fler_rader GROUP BY ALL
),
-- En rad per person, enhet och period som personen var inskriven under.
person AS MATERIALIZED (
    SELECT
        p.period,
        r.enhet,
        r.deltagar_id,
        arg_max(r.kommun_id, (r.startdatum, r.plattform_id)) AS kommun_id,
        arg_max(r.kon, (r.startdatum, r.plattform_id)) AS kon,
        any_value(f.forsta_start) BETWEEN any_value(p.startdatum) AND any_value(p.slutdatum) AS ny,
        NOT bool_or(r.slutdatum IS NULL OR r.slutdatum > p.slutdatum) AS avslutad,
        arg_max(r.avslutsorsak, (r.slutdatum, r.startdatum, r.plattform_id)) AS avslutsorsak,
        -- För kommunerna (nedan): ordningen mellan personens plattformar i samma kommun.
        any_value(r.ingar_i_forbundstotal) AS ingar_i_forbundstotal,
        any_value(p.startdatum) AS period_start,
        max(r.startdatum) AS senaste_start,
        -- (slutdatum, startdatum) för inskrivningen som slutade sist, som ett tal (dagar sedan 1970 << 20 + dagar).
        max((epoch(r.slutdatum) // 86400)::BIGINT * 1048576 + (epoch(r.startdatum) // 86400)::BIGINT) AS sista_slut
    FROM fler_rader AS r
    JOIN forsta AS f USING (enhet, deltagar_id)
    JOIN v_periodintervall AS p
        ON r.startdatum <= p.slutdatum AND (r.slutdatum IS NULL OR r.slutdatum >= p.startdatum)
    GROUP BY p.period, r.enhet, r.deltagar_id
),
-- Kommunerna: personens första inskrivning med kommunen över all tid, och en rad per person, kommun och period
-- ur personens plattformar i kommunen (enhet = plattformen i person).
forsta_i_kommun AS (
    SELECT deltagar_id, kommun_id, min(startdatum) AS forsta_start
    FROM inskrivning
    WHERE flera AND ingar_i_forbundstotal
    GROUP BY ALL
),
kommunperson AS (
    SELECT
        r.period,
        r.kommun_id,
        r.deltagar_id,
        arg_max(r.kon, (r.senaste_start, r.enhet)) AS kon,
        bool_and(r.ny) AND coalesce(any_value(f.forsta_start) >= any_value(r.period_start), true) AS ny,
        bool_and(r.avslutad) AS avslutad,
        arg_max(r.avslutsorsak, (r.sista_slut, r.enhet)) AS avslutsorsak
    FROM person AS r
    LEFT JOIN forsta_i_kommun AS f USING (deltagar_id, kommun_id)
    WHERE r.enhet <> '' AND r.ingar_i_forbundstotal
    GROUP BY r.period, r.kommun_id, r.deltagar_id
),
-- niva: 'plattform' (enhet = plattformen), 'total' (förbundet) eller 'kommun' (enhet = ''; kommun_id).
per_grupp AS (
    SELECT 'plattform' AS niva, period, plattform_id AS enhet, kommun_id, kon, orsak, deltagare, nya, avslutade, kvar
    FROM en_grupp
    UNION ALL
    SELECT 'total', period, '', NULL, kon, orsak, sum(deltagare), sum(nya), sum(avslutade), sum(kvar)
    FROM en_grupp
    WHERE ingar_i_forbundstotal
    GROUP BY ALL
    UNION ALL
    -- En person med en enda inskrivning finns i en enda plattform: kommunen är summan av raderna.
    SELECT 'kommun', period, '', kommun_id, kon, orsak, sum(deltagare), sum(nya), sum(avslutade), sum(kvar)
    FROM en_grupp
    WHERE ingar_i_forbundstotal
    GROUP BY ALL
    UNION ALL
    SELECT
        CASE WHEN enhet <> '' THEN 'plattform' ELSE 'total' END, period, enhet,
        CASE WHEN enhet <> '' THEN kommun_id END, kon,
        CASE WHEN avslutad THEN avslutsorsak END,
        count(*), count(*) FILTER (WHERE ny), count(*) FILTER (WHERE avslutad), count(*) FILTER (WHERE NOT avslutad)
    FROM person
    GROUP BY ALL
    UNION ALL
    SELECT
        'kommun', period, '', kommun_id, kon, CASE WHEN avslutad THEN avslutsorsak END,
        count(*), count(*) FILTER (WHERE ny), count(*) FILTER (WHERE avslutad), count(*) FILTER (WHERE NOT avslutad)
    FROM kommunperson
    GROUP BY ALL
),
volym AS (
    SELECT niva, period, enhet, kommun_id, kon,
           sum(deltagare) AS deltagare, sum(nya) AS nya, sum(avslutade) AS avslutade, sum(kvar) AS kvar
    FROM per_grupp
    GROUP BY ALL
)
-- En rad per nyckel (v_utfall_antal räknar med det): en avslutsorsak som mappats till ett volymmått summeras ihop.
SELECT niva, period, enhet, kommun_id, matt_id, kon, sum(antal)::INTEGER AS antal
FROM (
    SELECT niva, period, enhet, kommun_id, matt_id, kon, antal
    FROM volym
    UNPIVOT (antal FOR matt_id IN (deltagare, nya, avslutade, kvar))
    WHERE antal > 0
    UNION ALL
    SELECT niva, period, enhet, kommun_id, orsak, kon, sum(avslutade)
    FROM per_grupp
    WHERE orsak IS NOT NULL
    GROUP BY ALL
)
GROUP BY ALL;

CREATE OR REPLACE TABLE utfall_fran_deltagare AS
SELECT period, enhet AS plattform_id, kommun_id, matt_id, kon, antal
FROM deltagare_per_enhet
WHERE niva = 'plattform';

-- Förbundet (projektet) totalt: distinkta personer i förbundets plattformar (en rad per period, mått och kön).
CREATE OR REPLACE TABLE utfall_fran_deltagare_totalt AS
SELECT period, matt_id, kon, sum(antal)::INTEGER AS antal
FROM deltagare_per_enhet
WHERE niva = 'total'
GROUP BY ALL;

-- Kommunerna: distinkta personer i förbundets plattformar i kommunen (en rad per period, kommun, mått och kön;
-- kommun_id NULL när varken raden eller plattformen har någon kommun).
CREATE OR REPLACE TABLE utfall_fran_deltagare_kommun AS
SELECT period, kommun_id, matt_id, kon, sum(antal)::INTEGER AS antal
FROM deltagare_per_enhet
WHERE niva = 'kommun'
GROUP BY ALL;

DROP TABLE deltagare_per_enhet;

-- Motsägelsefulla deltagare: ett deltagar-id med olika kön på olika lagrade rader (t.ex. i två delprojekts filer;
-- inom en fil avvisas det vid inläsningen, uppfoljning/rimlighet.py). Personen räknas under könet på sin senast
-- påbörjade inskrivning (se ovan), så antalen per kön kan vara fel där hen räknas. En rad per period och enhet
-- (plattform_id; '' för förbundet totalt, bara förbundets plattformar) med sådana personer inskrivna under perioden:
-- antal = hur många personer. Läses av queries/datakvalitet_utfall.sql, som flaggar siffran där den visas. Bara id
-- på flera rader prövas (en gruppering på id:ts hash först), så tabellen är billig också för en miljon rader.
CREATE OR REPLACE TABLE deltagare_motsagelse AS
WITH flera AS (
    SELECT hash(deltagar_id) AS h FROM deltagare GROUP BY h HAVING count(*) > 1
),
motsagda AS (
    SELECT deltagar_id
    FROM deltagare
    WHERE hash(deltagar_id) IN (SELECT h FROM flera)
    GROUP BY deltagar_id
    HAVING count(DISTINCT kon) > 1
),
rader AS (
    SELECT p.period, d.plattform_id, d.deltagar_id, pl.ingar_i_forbundstotal
    FROM deltagare AS d
    JOIN motsagda USING (deltagar_id)
    JOIN plattform AS pl USING (plattform_id)
    JOIN v_periodintervall AS p
        ON d.startdatum <= p.slutdatum AND (d.slutdatum IS NULL OR d.slutdatum >= p.startdatum)
)
SELECT period, plattform_id, count(DISTINCT deltagar_id)::INTEGER AS antal FROM rader GROUP BY ALL
UNION ALL
SELECT period, '', count(DISTINCT deltagar_id)::INTEGER FROM rader WHERE ingar_i_forbundstotal GROUP BY ALL;
