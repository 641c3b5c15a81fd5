-- Sidan Över tid: var definitionen bakom en indikator av typ andel_utfall/volym ändras mellan två
-- på varandra följande lagrade år (v_period), enligt de lagrade definitionerna per period (v_matt_definition).
-- En rad per ändring:
--   typ 'andel_av': det mått som andelen räknas mot har bytts (2019 varav-andelar mot avslutade,
--     2020 mot positiv lösning). Gäller det första måttet i $matt och bara när $andel_av är NULL
--     (en fast bas i målramverket påverkas inte av definitionen).
--   typ 'delar': vilka avslutsorsaker som ingår i ett summamått har ändrats, för måtten i $matt och för
--     måttet som andelen räknas mot.
-- Kolumner: period (året då den nya definitionen gäller), forra_period, typ, matt_id, matt (namn),
-- fore_id/efter_id (andel_av: matt_id; delar: NULL), fore/efter (namnen, delarna kommaseparerade).
-- Parametrar: $matt (lista av matt_id), $andel_av (matt_id eller NULL).
WITH perioder AS (
    SELECT period, lag(period) OVER (ORDER BY period) AS forra_period FROM v_period WHERE ar_kalenderar(period)
),
bas AS (
    SELECT p.period, p.forra_period, d.andel_av
    FROM perioder AS p
    JOIN v_matt_definition AS d ON d.period = p.period AND d.matt_id = (CAST($matt AS VARCHAR[]))[1]
),
delar AS (
    SELECT d.period, d.ingar_i AS matt_id,
           list(d.matt_id ORDER BY d.matt_id) AS delar,
           string_agg(m.namn, ', ' ORDER BY m.sortering) AS text
    FROM v_matt_definition AS d
    JOIN utfallsmatt AS m ON m.matt_id = d.matt_id
    WHERE d.ingar_i IS NOT NULL
    GROUP BY ALL
),
berorda AS (
    SELECT p.period, p.forra_period, unnest(CAST($matt AS VARCHAR[])) AS matt_id
    FROM perioder AS p
    UNION
    SELECT period, forra_period, coalesce(CAST($andel_av AS VARCHAR), andel_av) FROM bas
),
andel_av_byte AS (
    SELECT e.period, e.forra_period, 'andel_av' AS typ, (CAST($matt AS VARCHAR[]))[1] AS matt_id,
           f.andel_av AS fore_id, e.andel_av AS efter_id, mf.namn AS fore, me.namn AS efter
    FROM bas AS e
    JOIN bas AS f ON f.period = e.forra_period
    JOIN utfallsmatt AS mf ON mf.matt_id = f.andel_av
    JOIN utfallsmatt AS me ON me.matt_id = e.andel_av
    WHERE CAST($andel_av AS VARCHAR) IS NULL AND e.andel_av <> f.andel_av
),
delar_byte AS (
    SELECT b.period, b.forra_period, 'delar' AS typ, b.matt_id,
           NULL AS fore_id, NULL AS efter_id, f.text AS fore, e.text AS efter
    FROM berorda AS b
    LEFT JOIN delar AS e ON e.period = b.period AND e.matt_id = b.matt_id
    LEFT JOIN delar AS f ON f.period = b.forra_period AND f.matt_id = b.matt_id
    WHERE b.forra_period IS NOT NULL
      AND (e.delar IS NOT NULL OR f.delar IS NOT NULL)
      AND e.delar IS DISTINCT FROM f.delar
      -- Bara när båda åren har definitioner (ett år före den första definitionen är ingen ändring).
      AND EXISTS (SELECT 1 FROM v_matt_definition AS x WHERE x.period = b.forra_period)
)
SELECT c.period::INTEGER AS period, c.forra_period::INTEGER AS forra_period, c.typ, c.matt_id, m.namn AS matt,
       c.fore_id, c.efter_id, c.fore, c.efter
FROM (SELECT * FROM andel_av_byte UNION ALL SELECT * FROM delar_byte) AS c
JOIN utfallsmatt AS m ON m.matt_id = c.matt_id
ORDER BY c.period, c.typ, m.sortering;
