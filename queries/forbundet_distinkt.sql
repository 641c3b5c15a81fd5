-- Räknas förbundets (projektets) total för perioden ur deltagarnivån, alltså som distinkta deltagare (en person
-- i två plattformar, eller inskriven flera gånger, räknas en gång; se 02_utfall_fran_deltagare.sql)? Då är
-- totalen inte summan av plattformarna, och sidorna säger det.
-- En rad: distinkt = true när någon plattform i förbundstotalen har deltagarnivå för perioden; storre_summa =
-- true när summan av plattformarna är större än totalen för något mått och kön (någon räknas i flera).
-- Parametrar: $period (år eller en namngiven periods heltal).
WITH total AS (
    SELECT matt_id, kon, antal FROM utfall_fran_deltagare_totalt WHERE period = $period
),
summa AS (
    SELECT u.matt_id, u.kon, sum(u.antal) AS antal
    FROM utfall_fran_deltagare AS u
    JOIN plattform AS p USING (plattform_id)
    WHERE u.period = $period AND p.ingar_i_forbundstotal
    GROUP BY ALL
)
SELECT
    (SELECT count(*) FROM total) > 0 AS distinkt,
    coalesce((SELECT bool_or(s.antal > coalesce(t.antal, 0)) FROM summa AS s LEFT JOIN total AS t USING (matt_id, kon)),
             false) AS storre_summa;
