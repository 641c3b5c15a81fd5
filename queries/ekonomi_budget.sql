-- Bilaga 4: utfall och budget i tkr för en period, med summor räknade ur posterna och jämförda med
-- källans egna summor (budget_rapporterat).
-- En rad per post, per avsnitt (Summa <avsnitt>), per redovisningsenhet (Totala kostnader <enhet>,
-- Resultat <enhet>) och en rad Årets resultat; sist eventuella summarader som bara finns i källan.
-- Kolumner: radtyp (post, summa, totala_kostnader, resultat, arets_resultat, bara_i_kallan),
-- slag (intakter, kostnader, resultat), enhet, avsnitt, rad, plattform_id, utfall_tkr, budget_tkr
-- (NULL = ej budgeterat, inte 0), avvikelse_tkr (utfall minus budget som i källans kolumn
-- "Avvikelse utfall-budget"), budget_ur_kallan (budgeten är källans nettobudget för raden eftersom
-- posterna inte är budgeterade), rapporterat_utfall_tkr, rapporterat_budget_tkr, och
-- utfall_avviker / budget_avviker (den beräknade summan, avrundad till hela tkr halvt uppåt,
-- skiljer sig från källans).
-- Regler, som i Bilaga 4: kostnader lagras negativa, så ett avsnitt vars belopp summerar negativt
-- är ett kostnadsavsnitt, övriga är intäktsavsnitt. Avsnittets sista ord är redovisningsenheten
-- (SAMO = förbundet, HFE = det särredovisade projektet). Resultat <enhet> = enhetens intäkter +
-- kostnader; Årets resultat = summan av enheternas resultat (budget bara om alla enheter har en).
-- Källans summarader matchas på namn: "Summa <avsnitt>", "Totala kostnader <enhet>",
-- "Resultat <enhet>", "Årets resultat" (skiftlägesokänsligt).
-- Parametrar: $period (år).
WITH poster AS (
    SELECT
        rowid AS ordning,
        avsnitt,
        post,
        plattform_id,
        CAST(utfall_tkr AS DECIMAL(18, 3)) AS utfall,
        CAST(budget_tkr AS DECIMAL(18, 3)) AS budget,
        regexp_extract(trim(avsnitt), '(\S+)$', 1) AS enhet
    FROM budget
    WHERE period = $period
),
avsnitt AS (
    SELECT
        avsnitt,
        any_value(enhet) AS enhet,
        min(ordning) AS ordning,
        sum(utfall) AS utfall,
        sum(budget) AS budget,
        CASE WHEN sum(utfall) + coalesce(sum(budget), 0) < 0 THEN 'kostnader' ELSE 'intakter' END AS slag
    FROM poster
    GROUP BY avsnitt
),
enheter AS (
    SELECT
        enhet,
        min(ordning) AS ordning,
        sum(utfall) FILTER (WHERE slag = 'kostnader') AS kostnader_utfall,
        sum(budget) FILTER (WHERE slag = 'kostnader') AS kostnader_budget,
        count(*) FILTER (WHERE slag = 'kostnader') > 0 AS har_kostnader,
        sum(utfall) AS resultat_utfall,
        sum(budget) AS resultat_budget
    FROM avsnitt
    GROUP BY enhet
),
rapporterat AS (
    SELECT lower(trim(rad)) AS nyckel, rad,
           CAST(utfall_tkr AS DECIMAL(18, 3)) AS utfall, CAST(budget_tkr AS DECIMAL(18, 3)) AS budget
    FROM budget_rapporterat
    WHERE period = $period
),
-- Resultat per enhet: budgeten ur posterna, eller källans nettobudget när posterna inte är budgeterade.
resultat AS (
    SELECT
        e.enhet,
        e.ordning,
        e.resultat_utfall AS utfall,
        coalesce(e.resultat_budget, r.budget) AS budget,
        e.resultat_budget IS NULL AND r.budget IS NOT NULL AS budget_ur_kallan
    FROM enheter AS e
    LEFT JOIN rapporterat AS r ON r.nyckel = lower('Resultat ' || e.enhet)
),
rader AS (
    -- Poster, i källans ordning inom sitt avsnitt; intäktsavsnitt före kostnadsavsnitt.
    SELECT 1 AS grupp, CASE a.slag WHEN 'intakter' THEN 0 ELSE 1 END AS slagordning, a.ordning AS avsnittsordning,
           p.ordning AS radordning, 'post' AS radtyp, a.slag, p.enhet, p.avsnitt, p.post AS rad, p.plattform_id,
           p.utfall, p.budget, false AS budget_ur_kallan
    FROM poster AS p
    JOIN avsnitt AS a USING (avsnitt)
    UNION ALL
    SELECT 1, CASE slag WHEN 'intakter' THEN 0 ELSE 1 END, ordning, NULL, 'summa', slag, enhet, avsnitt,
           'Summa ' || CASE WHEN avsnitt[2] = lower(avsnitt[2]) THEN lower(avsnitt[1]) || avsnitt[2:] ELSE avsnitt END,
           NULL, utfall, budget, false
    FROM avsnitt
    UNION ALL
    SELECT 2, 0, ordning, NULL, 'totala_kostnader', 'kostnader', enhet, NULL, 'Totala kostnader ' || enhet, NULL,
           kostnader_utfall, kostnader_budget, false
    FROM enheter
    WHERE har_kostnader
    UNION ALL
    SELECT 3, 0, ordning, NULL, 'resultat', 'resultat', enhet, NULL, 'Resultat ' || enhet, NULL,
           utfall, budget, budget_ur_kallan
    FROM resultat
    UNION ALL
    SELECT 4, 0, 0, NULL, 'arets_resultat', 'resultat', NULL, NULL, 'Årets resultat', NULL,
           sum(utfall), CASE WHEN count(budget) = count(*) THEN sum(budget) END, false
    FROM resultat
    HAVING count(*) > 0
),
jamforda AS (
    SELECT
        r.*,
        k.utfall AS rapporterat_utfall,
        k.budget AS rapporterat_budget,
        k.nyckel IS NOT NULL AND floor(r.utfall + 0.5) IS DISTINCT FROM k.utfall AS utfall_avviker,
        k.nyckel IS NOT NULL AND NOT r.budget_ur_kallan
            AND floor(r.budget + 0.5) IS DISTINCT FROM k.budget AS budget_avviker
    FROM rader AS r
    LEFT JOIN rapporterat AS k ON r.radtyp <> 'post' AND k.nyckel = lower(r.rad)
    UNION ALL
    -- Summarader i källan som inte går att räkna fram ur posterna.
    SELECT 5, 0, 0, NULL, 'bara_i_kallan', NULL, NULL, NULL, k.rad, NULL, NULL, NULL, false,
           k.utfall, k.budget, true, k.budget IS NOT NULL
    FROM rapporterat AS k
    WHERE k.nyckel NOT IN (SELECT lower(rad) FROM rader WHERE radtyp <> 'post')
)
SELECT
    radtyp,
    slag,
    enhet,
    avsnitt,
    rad,
    plattform_id,
    CAST(utfall AS DOUBLE) AS utfall_tkr,
    CAST(budget AS DOUBLE) AS budget_tkr,
    CAST(utfall - budget AS DOUBLE) AS avvikelse_tkr,
    budget_ur_kallan,
    CAST(rapporterat_utfall AS DOUBLE) AS rapporterat_utfall_tkr,
    CAST(rapporterat_budget AS DOUBLE) AS rapporterat_budget_tkr,
    utfall_avviker,
    budget_avviker
FROM jamforda
ORDER BY grupp, slagordning, avsnittsordning, radordning NULLS LAST, rad;
