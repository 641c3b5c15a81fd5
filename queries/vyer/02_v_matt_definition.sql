-- En rad per (period, mått): den definition som gäller perioden, dvs. den med senaste giltig_fran <= period.
-- Perioderna är alla år som finns i något utfall.
CREATE OR REPLACE VIEW v_period AS
SELECT DISTINCT period FROM utfall
UNION
SELECT DISTINCT year(startdatum) FROM deltagare
UNION
SELECT DISTINCT year(slutdatum) FROM deltagare WHERE slutdatum IS NOT NULL
UNION
SELECT DISTINCT period FROM indikator_rapporterat
UNION
SELECT DISTINCT period FROM enkat_resultat;

CREATE OR REPLACE VIEW v_matt_definition AS
SELECT p.period, d.matt_id, d.ingar_i, d.andel_av
FROM v_period AS p
JOIN matt_definition AS d
  ON d.giltig_fran = (
      SELECT max(d2.giltig_fran) FROM matt_definition AS d2
      WHERE d2.giltig_fran <= p.period AND d2.matt_id = d.matt_id
  );
