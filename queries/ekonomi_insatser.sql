-- Budget mot utfall per insats för en period, med kostnaderna som positiva belopp i tkr (för diagrammet).
-- En rad per insats: varje post i ett kostnadsavsnitt där någon post hör till en plattform/insats
-- (Bilaga 4: "Insatser SAMO" och "ESF-projekt HFE"). Poster som hör till samma plattform slås ihop
-- och får plattformens kortnamn (HFE:s projektkostnader blir en insats); övriga behåller postens namn.
-- Kolumner: insats, plattform_id, utfall_kostnad_tkr, budget_kostnad_tkr (NULL = ej budgeterat),
-- avvikelse_tkr (utfall minus budget med kostnader negativa, som i källan: positiv = lägre kostnad
-- än budgeterat).
-- Kostnadsavsnitt: avsnitt vars belopp summerar negativt (kostnader lagras negativa, som i Bilaga 4).
-- Parametrar: $period (år).
WITH poster AS (
    SELECT rowid AS ordning, avsnitt, post, plattform_id,
           CAST(utfall_tkr AS DECIMAL(18, 3)) AS utfall, CAST(budget_tkr AS DECIMAL(18, 3)) AS budget
    FROM budget
    WHERE period = $period
),
insatsavsnitt AS (
    SELECT avsnitt
    FROM poster
    GROUP BY avsnitt
    HAVING sum(utfall) + coalesce(sum(budget), 0) < 0 AND count(plattform_id) > 0
),
insatser AS (
    SELECT
        coalesce(pl.kortnamn, p.post) AS insats,
        p.plattform_id,
        min(p.ordning) AS ordning,
        sum(p.utfall) AS utfall,
        sum(p.budget) AS budget
    FROM poster AS p
    JOIN insatsavsnitt USING (avsnitt)
    LEFT JOIN plattform AS pl USING (plattform_id)
    GROUP BY coalesce(pl.kortnamn, p.post), p.plattform_id, CASE WHEN p.plattform_id IS NULL THEN p.ordning END
)
SELECT
    insats,
    plattform_id,
    CAST(-utfall AS DOUBLE) AS utfall_kostnad_tkr,
    CAST(-budget AS DOUBLE) AS budget_kostnad_tkr,
    CAST(utfall - budget AS DOUBLE) AS avvikelse_tkr
FROM insatser
ORDER BY ordning;
