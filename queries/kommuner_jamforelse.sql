-- Kommunerna sida vid sida för en period (sidan Kommuner): samma mått som plattformar_jamforelse.sql
-- men per kommun. Kommunen är radens egen (deltagarens kommun på deltagarnivå), annars
-- plattformens kommun (se v_utfall_antal). Bara de plattformar som anges i $plattformar räknas;
-- sidan skickar förbundets plattformar (ingar_i_forbundstotal), så särredovisade insatser ingår inte.
-- Är $plattformar förbundets plattformar räknas kommunen på deltagarnivå som distinkta personer (en person i två
-- plattformar i samma kommun räknas en gång, som förbundets total; v_utfall_kommun i 03_v_utfall_antal.sql),
-- annars är kommunen summan av urvalets plattformar i den.
-- En rad per (kommun, utfallsmått) för kommuner med utfall perioden och de mått som någon av dem har;
-- ett mått som en kommun saknar blir 0. Kolumner som i plattformar_jamforelse.sql, plus
-- plattformar = de plattformar vars utfall ingår i kommunens siffror, i förbundets ordning.
-- Rader utan kommun samlas under enhet_id 'okand' ("Kommun saknas").
-- Parametrar: $period (år), $plattformar (lista av plattform_id), $kommun (kommun_id, eller NULL för alla).
WITH urval AS (
    SELECT coalesce(u.kommun_id, 'okand') AS enhet_id, u.plattform_id, u.matt_id, u.kon, u.antal
    FROM v_utfall_antal AS u
    WHERE u.period = $period
      AND list_contains($plattformar, u.plattform_id)
      AND (CAST($kommun AS VARCHAR) IS NULL OR u.kommun_id = CAST($kommun AS VARCHAR))
),
-- Kommunernas antal: distinkta personer (v_utfall_kommun) när urvalet är förbundets plattformar, annars urvalets
-- summa (utfall_plattform_kommun.sql jämför med samma regel).
per_kommun AS (
    SELECT coalesce(u.kommun_id, 'okand') AS enhet_id, u.matt_id, u.kon, u.antal
    FROM v_utfall_kommun AS u
    WHERE u.period = $period AND ar_forbundet($plattformar)
      AND (CAST($kommun AS VARCHAR) IS NULL OR u.kommun_id = CAST($kommun AS VARCHAR))
    UNION ALL
    SELECT enhet_id, matt_id, kon, antal FROM urval WHERE NOT ar_forbundet($plattformar)
),
antal AS (
    SELECT
        enhet_id,
        matt_id,
        sum(antal) FILTER (WHERE kon = 'K') AS kvinnor,
        sum(antal) FILTER (WHERE kon = 'M') AS man,
        sum(antal) FILTER (WHERE kon NOT IN ('K', 'M')) AS annat,
        sum(antal) AS totalt
    FROM per_kommun
    GROUP BY ALL
),
plattformar AS (
    SELECT e.enhet_id, string_agg(p.kortnamn, ', ' ORDER BY p.sortering) AS plattformar
    FROM (SELECT DISTINCT enhet_id, plattform_id FROM urval WHERE antal > 0) AS e
    JOIN plattform AS p USING (plattform_id)
    GROUP BY e.enhet_id
),
rutnat AS (
    SELECT
        e.enhet_id,
        m.matt_id,
        coalesce(a.kvinnor, 0) AS kvinnor,
        coalesce(a.man, 0) AS man,
        coalesce(a.annat, 0) AS annat,
        coalesce(a.totalt, 0) AS totalt
    FROM (SELECT DISTINCT enhet_id FROM antal) AS e
    CROSS JOIN (SELECT DISTINCT matt_id FROM antal) AS m
    LEFT JOIN antal AS a ON a.enhet_id = e.enhet_id AND a.matt_id = m.matt_id
),
kommuner AS (
    -- Förbundets ordning: efter kommunens första plattform, annars efter namn.
    SELECT k.kommun_id AS enhet_id, k.namn,
           row_number() OVER (ORDER BY min(p.sortering) NULLS LAST, k.namn) AS sortering
    FROM kommun AS k
    LEFT JOIN plattform AS p ON p.kommun_id = k.kommun_id
    GROUP BY k.kommun_id, k.namn
)
SELECT
    r.enhet_id,
    coalesce(k.namn, 'Kommun saknas') AS enhet,
    coalesce(k.sortering, 1000000)::INTEGER AS enhet_sortering,
    pl.plattformar,
    r.matt_id,
    um.namn AS matt,
    um.typ AS matt_typ,
    um.sortering AS matt_sortering,
    d.andel_av,
    bm.namn AS andel_av_namn,
    r.kvinnor::INTEGER AS kvinnor,
    r.man::INTEGER AS man,
    r.annat::INTEGER AS annat,
    r.totalt::INTEGER AS totalt,
    b.totalt::INTEGER AS bas,
    andel_procent(r.totalt, b.totalt)::INTEGER AS andel_procent,
    andel_procent(r.kvinnor, r.totalt)::INTEGER AS andel_kvinnor_procent,
    coalesce(av.totalt, 0)::INTEGER AS avslutade
FROM rutnat AS r
LEFT JOIN kommuner AS k ON k.enhet_id = r.enhet_id
LEFT JOIN plattformar AS pl ON pl.enhet_id = r.enhet_id
JOIN utfallsmatt AS um ON um.matt_id = r.matt_id
LEFT JOIN v_matt_definition AS d ON d.period = $period AND d.matt_id = r.matt_id
LEFT JOIN utfallsmatt AS bm ON bm.matt_id = d.andel_av
LEFT JOIN rutnat AS b ON b.enhet_id = r.enhet_id AND b.matt_id = d.andel_av
LEFT JOIN rutnat AS av ON av.enhet_id = r.enhet_id AND av.matt_id = 'avslutade'
ORDER BY um.sortering, enhet_sortering;
