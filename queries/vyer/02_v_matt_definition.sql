-- En rad per period som har något lagrat: kalenderår och namngivna perioder (uppfoljning/perioder.py).
-- definitionsar: året vars definitioner (matt_definition.giltig_fran) gäller perioden: året självt, eller
-- startåret för en namngiven period (en projektperiod sep 2019 – aug 2022 räknas med 2019 års definition).
CREATE OR REPLACE VIEW v_period AS
WITH med_data AS (
    SELECT DISTINCT period FROM utfall
    UNION
    -- Deltagarnivå: alla år från det första startåret till det senaste år deltagarna täcker (samma som
    -- year(min(startdatum)) .. year(max(coalesce(slutdatum, startdatum))) i deltagare, men ur den härledda
    -- tabellen), och de namngivna perioder som fått antal.
    SELECT DISTINCT unnest(range(min(period), max(period) + 1)) FROM utfall_fran_deltagare WHERE ar_kalenderar(period)
    UNION
    SELECT DISTINCT period FROM utfall_fran_deltagare WHERE NOT ar_kalenderar(period)
    UNION
    SELECT DISTINCT period FROM indikator_rapporterat
    UNION
    SELECT DISTINCT period FROM enkat_resultat
)
SELECT m.period, coalesce(year(p.startdatum), CASE WHEN ar_kalenderar(m.period) THEN m.period END) AS definitionsar
FROM med_data AS m
LEFT JOIN uppfoljningsperiod AS p USING (period);

-- En rad per (period, mått): den definition som gäller perioden, dvs. den med senaste giltig_fran <= periodens
-- definitionsår.
CREATE OR REPLACE VIEW v_matt_definition AS
SELECT p.period, d.matt_id, d.ingar_i, d.andel_av
FROM v_period AS p
JOIN matt_definition AS d ON d.giltig_fran <= p.definitionsar
QUALIFY row_number() OVER (PARTITION BY p.period, d.matt_id ORDER BY d.giltig_fran DESC) = 1;
