-- Förbundets kostnad per deltagare och per avslutad deltagare för varje plattform/insats en period.
-- En rad per plattform som har kostnader i budgeten (poster med plattform_id i kostnadsavsnitt;
-- HFE:s kostnad är summan av dess projektposter). Kostnaden är bara förbundets andel: parternas
-- egna resurser ingår inte.
-- Kolumner: plattform_id, namn, kortnamn, kostnad_tkr (positivt belopp), deltagare och avslutade under
-- året (ur v_utfall_antal, summan av könen; NULL när plattformen inte redovisar deltagare),
-- kr_per_deltagare och kr_per_avslutad (kostnad_tkr * 1000 / antal, hela kronor avrundade halvt
-- uppåt; NULL när antalet är 0 eller saknas), fa_avslutade (färre avslutade än $minsta_avslutade;
-- NULL när plattformen inte redovisar deltagare).
-- Kostnadsavsnitt: avsnitt vars belopp summerar negativt (kostnader lagras negativa, som i Bilaga 4).
-- Parametrar: $period (år), $minsta_avslutade (minsta underlag för avslutade, ur målramverket).
WITH poster AS (
    SELECT avsnitt, plattform_id,
           CAST(utfall_tkr AS DECIMAL(18, 3)) AS utfall, CAST(budget_tkr AS DECIMAL(18, 3)) AS budget
    FROM budget
    WHERE period = $period
),
kostnadsavsnitt AS (
    SELECT avsnitt FROM poster GROUP BY avsnitt HAVING sum(utfall) + coalesce(sum(budget), 0) < 0
),
kostnad AS (
    SELECT plattform_id, -sum(utfall) AS kostnad_tkr
    FROM poster
    JOIN kostnadsavsnitt USING (avsnitt)
    WHERE plattform_id IS NOT NULL
    GROUP BY plattform_id
),
antal AS (
    SELECT
        plattform_id,
        sum(antal) FILTER (WHERE matt_id = 'deltagare') AS deltagare,
        sum(antal) FILTER (WHERE matt_id = 'avslutade') AS avslutade
    FROM v_utfall_antal
    WHERE period = $period
    GROUP BY plattform_id
),
kronor AS (
    SELECT k.plattform_id, k.kostnad_tkr,
           CAST(k.kostnad_tkr * 1000 AS BIGINT) AS kostnad_kr,
           CAST(a.deltagare AS BIGINT) AS deltagare,
           CASE WHEN a.deltagare IS NOT NULL THEN CAST(coalesce(a.avslutade, 0) AS BIGINT) END AS avslutade
    FROM kostnad AS k
    LEFT JOIN antal AS a USING (plattform_id)
)
SELECT
    plattform_id,
    pl.namn,
    pl.kortnamn,
    CAST(kostnad_tkr AS DOUBLE) AS kostnad_tkr,
    deltagare::INTEGER AS deltagare,
    avslutade::INTEGER AS avslutade,
    -- floor(kr / antal + 0.5) i heltalsaritmetik: (2 * kr + antal) // (2 * antal).
    CASE WHEN deltagare > 0 THEN (2 * kostnad_kr + deltagare) // (2 * deltagare) END AS kr_per_deltagare,
    CASE WHEN avslutade > 0 THEN (2 * kostnad_kr + avslutade) // (2 * avslutade) END AS kr_per_avslutad,
    avslutade < $minsta_avslutade AS fa_avslutade
FROM kronor
JOIN plattform AS pl USING (plattform_id)
ORDER BY pl.sortering, plattform_id;
