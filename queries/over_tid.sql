-- Sidan Över tid: en indikators värde för en omfattning (en plattform eller förbundet) varje lagrat kalenderår.
-- En rad per (period i v_period, kön alla/K/M). varde är andelen i hel procent (halvt uppåt) för typ
-- andel_utfall och enkat, antalet för typ volym; NULL när inget värde finns för året.
-- Värdet räknas ur lagrade antal där de finns och är annars ett rapporterat värde:
--   andel_utfall/volym: antal ur utfall_for_urval för $plattformar (förbundet totalt med distinkta deltagare,
--     annars summerade), andelen mot $andel_av eller
--     mot det mått som periodens definition (v_matt_definition) anger för det första måttet i $matt;
--     finns inga antal för året används indikator_rapporterat för ($scope, $indikator).
--   enkat: enkat_resultat för $respondentgrupp/$fraga och $plattformar: ur antal när alla svar finns som
--     antal, annars källans andel om bara en plattform har svarat (andelar går inte att summera); annars
--     indikator_rapporterat för ($scope, $indikator).
-- kalla: 'antal' (räknat här), 'rapporterad_andel' (enkätkällans andel utan antal) eller
-- 'rapporterat_varde' (indikator_rapporterat); rapporterat = kalla <> 'antal'.
-- taljare/namnare = antalen bakom andelen när de finns; andel_av och andel_av_namn = vad andelen räknas mot.
-- kommentar = kommentaren till ett rapporterat värde.
-- Parametrar: $typ (andel_utfall, volym eller enkat), $indikator (indikator_id), $scope (plattform_id
-- eller 'forbundet'), $plattformar (lista av plattform_id vars data räknas), $matt (lista av matt_id,
-- tom för enkat), $andel_av (matt_id eller NULL), $respondentgrupp, $fraga (NULL utom för enkat),
-- $periodtyp ('ar' eller en namngiven periodtyp).
-- Bara perioder av ett slag ($periodtyp): kalenderår ('ar') eller en typ av namngivna perioder ('lagesrapport',
-- 'delar' ...), så att lika jämförs med lika (aldrig ett halvår eller en lägesrapport bredvid ett helt år).
WITH perioder AS (
    SELECT v.period
    FROM v_period AS v
    LEFT JOIN uppfoljningsperiod AS u USING (period)
    WHERE CASE WHEN $periodtyp = 'ar' THEN ar_kalenderar(v.period) ELSE u.typ = $periodtyp END
),
konen AS (
    SELECT unnest(['alla', 'K', 'M']) AS kon
),
definition AS (
    SELECT p.period, coalesce(CAST($andel_av AS VARCHAR), d.andel_av) AS andel_av
    FROM perioder AS p
    LEFT JOIN v_matt_definition AS d
        ON d.period = p.period AND d.matt_id = (CAST($matt AS VARCHAR[]))[1]
),
utfall AS (
    -- Förbundets plattformar: förbundet totalt med distinkta deltagare (utfall_for_urval).
    SELECT u.period, u.kon, u.matt_id, u.antal
    FROM utfall_for_urval($plattformar) AS u
),
andel AS (
    SELECT
        d.period,
        coalesce(u.kon, 'alla') AS kon,
        coalesce(sum(u.antal) FILTER (WHERE list_contains(CAST($matt AS VARCHAR[]), u.matt_id)), 0) AS taljare,
        coalesce(sum(u.antal) FILTER (WHERE u.matt_id = d.andel_av), 0) AS namnare,
        coalesce(sum(u.antal) FILTER (WHERE u.matt_id = 'avslutade'), 0) AS avslutade
    FROM definition AS d
    JOIN utfall AS u ON u.period = d.period
    WHERE $typ IN ('andel_utfall', 'volym')
    GROUP BY GROUPING SETS ((d.period, u.kon), (d.period))
),
berakning_utfall AS (
    SELECT
        period,
        kon,
        CASE WHEN $typ = 'volym' THEN taljare ELSE andel_procent(taljare, namnare) END AS varde,
        taljare,
        namnare,
        'antal' AS kalla
    FROM andel
    WHERE taljare > 0 OR namnare > 0 OR avslutade > 0
),
svar AS (
    SELECT r.*
    FROM enkat_resultat AS r
    WHERE $typ = 'enkat'
      AND r.respondentgrupp = $respondentgrupp AND r.fraga_id = $fraga
      AND list_contains($plattformar, r.plattform_id)
),
per_fraga AS (
    SELECT period, count(DISTINCT plattform_id) AS plattformar, bool_and(antal_svar IS NOT NULL) AS alla_antal
    FROM svar
    GROUP BY period
),
berakning_enkat AS (
    SELECT
        s.period,
        s.kon,
        CASE WHEN p.alla_antal THEN andel_procent(sum(s.antal_positiva), sum(s.antal_svar))
             ELSE avrunda_procent(max(s.andel_rapporterad)) END AS varde,
        sum(s.antal_positiva) AS taljare,
        sum(s.antal_svar) AS namnare,
        CASE WHEN p.alla_antal THEN 'antal' ELSE 'rapporterad_andel' END AS kalla
    FROM svar AS s
    JOIN per_fraga AS p USING (period)
    WHERE p.alla_antal OR p.plattformar = 1
    GROUP BY s.period, s.kon, p.alla_antal
),
berakning AS (
    SELECT * FROM berakning_utfall
    UNION ALL
    SELECT * FROM berakning_enkat
),
rapporterat AS (
    SELECT period, kon, avrunda_procent(procent) AS varde, kommentar
    FROM indikator_rapporterat
    WHERE scope_id = $scope AND indikator_id = $indikator AND procent IS NOT NULL
)
SELECT
    p.period,
    k.kon,
    coalesce(b.varde, r.varde)::INTEGER AS varde,
    CASE WHEN b.varde IS NOT NULL THEN b.taljare END::INTEGER AS taljare,
    CASE WHEN b.varde IS NOT NULL THEN b.namnare END::INTEGER AS namnare,
    CASE WHEN b.varde IS NOT NULL THEN b.kalla WHEN r.varde IS NOT NULL THEN 'rapporterat_varde' END AS kalla,
    coalesce(b.varde IS NULL OR b.kalla <> 'antal', false) AND coalesce(b.varde, r.varde) IS NOT NULL
        AS rapporterat,
    CASE WHEN $typ IN ('andel_utfall', 'volym') THEN d.andel_av END AS andel_av,
    CASE WHEN $typ IN ('andel_utfall', 'volym') THEN m.namn END AS andel_av_namn,
    CASE WHEN b.varde IS NULL THEN r.kommentar END AS kommentar
FROM perioder AS p
CROSS JOIN konen AS k
LEFT JOIN berakning AS b ON b.period = p.period AND b.kon = k.kon
LEFT JOIN rapporterat AS r ON r.period = p.period AND r.kon = k.kon
LEFT JOIN definition AS d ON d.period = p.period
LEFT JOIN utfallsmatt AS m ON m.matt_id = d.andel_av
ORDER BY p.period, CASE k.kon WHEN 'alla' THEN 0 WHEN 'K' THEN 1 ELSE 2 END;
