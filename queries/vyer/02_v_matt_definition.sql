-- En rad per (period, mått): den definition som gäller perioden, dvs. den med senaste giltig_fran <= period.
-- Perioderna är alla år som finns i något utfall.
CREATE OR REPLACE VIEW v_period AS
SELECT DISTINCT period FROM utfall
UNION
-- Deltagarnivå: alla år från det första startåret till det senaste år deltagarna täcker (samma som
-- year(min(startdatum)) .. year(max(coalesce(slutdatum, startdatum))) i deltagare, men ur den härledda tabellen).
SELECT DISTINCT unnest(range(min(period), max(period) + 1)) FROM utfall_fran_deltagare
UNION
SELECT DISTINCT period FROM indikator_rapporterat
UNION
SELECT DISTINCT period FROM enkat_resultat;

CREATE OR REPLACE VIEW v_matt_definition AS
SELECT p.period, d.matt_id, d.ingar_i, d.andel_av
FROM v_period AS p
JOIN matt_definition AS d ON d.giltig_fran <= p.period
QUALIFY row_number() OVER (PARTITION BY p.period, d.matt_id ORDER BY d.giltig_fran DESC) = 1;
