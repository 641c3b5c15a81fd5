-- Datakvalitetsfynd i utfallen för vald period och valda plattformar: var källan motsäger sig själv.
-- En rad per fynd: enhet (plattform eller förbundet), mått, kön, källans värde, det beräknade
-- värdet som sidorna visar, och en mening som förklarar fyndet.
-- Fyndtyper: källans Totalt (eller K/M) skiljer sig från summan av könen; förbundets summatabell
-- skiljer sig från summan av plattformarna; avslutade skiljer sig från summan av avslutsorsakerna;
-- deltagare minus avslutade skiljer sig från antal kvar; på deltagarnivå en person (deltagar-id) med olika kön på
-- olika rader, på måttet deltagare (Totalt) för varje plattform och förbundet där personen räknas perioden
-- (källans värde = hur många sådana personer, beräknat värde = enhetens deltagare; se deltagare_motsagelse i
-- 02_utfall_fran_deltagare.sql).
-- Parametrar: $period (år), $plattformar (lista av plattform_id), $forbund (true när urvalet är hela förbundet).
WITH per_plattform AS (
    SELECT plattform_id, matt_id, kon, sum(antal) AS antal
    FROM v_utfall_antal
    WHERE period = $period AND list_contains($plattformar, plattform_id)
    GROUP BY ALL
),
per_plattform_totalt AS (
    SELECT plattform_id, matt_id, 'Totalt' AS kon, sum(antal) AS antal FROM per_plattform GROUP BY ALL
    UNION ALL
    SELECT * FROM per_plattform
),
forbund AS (
    SELECT 'forbundet' AS enhet_id, matt_id, kon, sum(antal) AS antal
    FROM per_plattform_totalt GROUP BY ALL
),
mot_rapporterat AS (
    SELECT r.enhet_id, r.matt_id, r.kon, r.antal AS kallans_varde, coalesce(b.antal, 0) AS beraknat_varde,
           CASE WHEN r.enhet_id = 'forbundet'
                THEN 'Förbundets summatabell anger ' || r.antal || ' men plattformarna summerar till '
                     || coalesce(b.antal, 0) || '.'
                WHEN r.kon = 'Totalt'
                THEN 'Källans kolumn Totalt anger ' || r.antal || ' men Kvinnor + Män = '
                     || coalesce(b.antal, 0) || '.'
                ELSE 'Källan anger ' || r.antal || ' men summan av avslutsorsakerna är '
                     || coalesce(b.antal, 0) || '.'
           END AS beskrivning
    FROM utfall_rapporterat AS r
    LEFT JOIN (
        SELECT plattform_id AS enhet_id, matt_id, kon, antal FROM per_plattform_totalt
        UNION ALL
        SELECT * FROM forbund
    ) AS b USING (enhet_id, matt_id, kon)
    WHERE r.period = $period
      AND (list_contains($plattformar, r.enhet_id) OR (r.enhet_id = 'forbundet' AND $forbund))
      AND r.antal IS DISTINCT FROM coalesce(b.antal, 0)
),
avslut AS (
    SELECT p.plattform_id, p.kon,
           sum(p.antal) FILTER (WHERE p.matt_id = 'avslutade') AS avslutade,
           sum(p.antal) FILTER (WHERE m.typ = 'avslut') AS orsaker,
           sum(p.antal) FILTER (WHERE p.matt_id = 'deltagare') AS deltagare,
           sum(p.antal) FILTER (WHERE p.matt_id = 'kvar') AS kvar
    FROM per_plattform AS p JOIN utfallsmatt AS m USING (matt_id)
    GROUP BY ALL
),
inre AS (
    SELECT plattform_id AS enhet_id, 'avslutade' AS matt_id, kon, avslutade AS kallans_varde,
           orsaker AS beraknat_varde,
           'Antal avslutade är ' || avslutade || ' men avslutsorsakerna summerar till ' || orsaker || '.'
    FROM avslut WHERE avslutade IS DISTINCT FROM orsaker AND orsaker IS NOT NULL
    UNION ALL
    SELECT plattform_id, 'kvar', kon, kvar, deltagare - avslutade,
           'Antal kvar är ' || kvar || ' men deltagare minus avslutade är ' || (deltagare - avslutade) || '.'
    FROM avslut WHERE kvar IS DISTINCT FROM deltagare - avslutade AND kvar IS NOT NULL
),
motsagda AS (
    SELECT CASE WHEN m.plattform_id = '' THEN 'forbundet' ELSE m.plattform_id END AS enhet_id,
           'deltagare' AS matt_id, 'Totalt' AS kon, m.antal AS kallans_varde,
           coalesce(CASE WHEN m.plattform_id = '' THEN f.antal ELSE p.antal END, 0) AS beraknat_varde,
           m.antal || ' deltagare har olika kön på olika rader i de inlästa filerna (samma deltagar-id). '
           || CASE WHEN m.antal = 1 THEN 'Personen räknas' ELSE 'De räknas' END
           || ' under könet på sin senast påbörjade inskrivning, så antalen för kvinnor och män kan vara fel. '
           || 'Rätta filen där könet är fel och läs in den igen.' AS beskrivning
    FROM deltagare_motsagelse AS m
    LEFT JOIN per_plattform_totalt AS p
        ON p.plattform_id = m.plattform_id AND p.matt_id = 'deltagare' AND p.kon = 'Totalt'
    LEFT JOIN forbund AS f ON f.matt_id = 'deltagare' AND f.kon = 'Totalt'
    WHERE m.period = $period
      AND (list_contains($plattformar, m.plattform_id) OR (m.plattform_id = '' AND $forbund))
)
SELECT f.enhet_id,
       coalesce(pl.kortnamn, 'Förbundet') AS enhet,
       f.matt_id,
       m.namn AS matt,
       f.kon,
       f.kallans_varde::INTEGER AS kallans_varde,
       f.beraknat_varde::INTEGER AS beraknat_varde,
       f.beskrivning
FROM (SELECT * FROM mot_rapporterat UNION ALL SELECT * FROM inre UNION ALL SELECT * FROM motsagda) AS f
LEFT JOIN plattform AS pl ON pl.plattform_id = f.enhet_id
JOIN utfallsmatt AS m USING (matt_id)
ORDER BY coalesce(pl.sortering, 0), m.sortering, f.kon;
