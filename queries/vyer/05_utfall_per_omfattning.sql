-- Antal per omfattning -> härledd tabell. utfall_per_omfattning är en materialiserad kopia av
-- v_utfall_antal summerad per period, omfattning (scope_id: plattformen, och 'forbundet' för de plattformar
-- som ingår i förbundstotalen, med distinkta deltagare ur v_utfall_forbundet), kön och mått. Indikatorfrågorna (indikator_andel_utfall*.sql) läser den i
-- stället för att summera vyerna vid varje bedömning: vyernas kedja är mest fast kostnad i DuckDB, och
-- bedömningen av ett nationellt ramverk tog annars lika lång tid bara för den summeringen som hela golvet.
-- Byggs om här vid varje start och i samma transaktion som varje inläsning eller återställning som ändrar
-- en tabell den räknas ur (uppfoljning.inlasning.HARLEDDA). Sanningen är fortfarande tabellerna.
CREATE OR REPLACE TABLE utfall_per_omfattning AS
WITH antal AS (
    SELECT u.period, u.plattform_id, u.kon, u.matt_id, u.antal, p.ingar_i_forbundstotal
    FROM v_utfall_antal AS u
    JOIN plattform AS p USING (plattform_id)
)
SELECT period, scope_id, kon, matt_id, sum(antal)::INTEGER AS antal
FROM (
    SELECT period, plattform_id AS scope_id, kon, matt_id, antal FROM antal
    UNION ALL
    -- Förbundet totalt: distinkta deltagare på deltagarnivå (v_utfall_forbundet i 03_v_utfall_antal.sql).
    SELECT period, 'forbundet', kon, matt_id, antal FROM v_utfall_forbundet
)
GROUP BY ALL;
