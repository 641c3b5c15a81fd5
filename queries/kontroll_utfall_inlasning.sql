-- Rimlighetskontroll av en utfallsfil före lagring: delar som är större än helheten (fel) och
-- summor som inte stämmer (varningar). Läser de nya raderna ur de registrerade tabellerna
-- ny_utfall (period, plattform_id, matt_id, kon, antal, _rad) och ny_utfall_rapporterat
-- (period, enhet_id, matt_id, kon, antal, _rad: källans Totalt och summarader).
-- En rad per fynd: allvar (fel/varning), rad i källfilen, kolumn och meddelande.
-- Parametrar: inga.
WITH antal AS (
    SELECT u.period, u.plattform_id, u.kon, u.matt_id, u.antal, u._rad, m.typ
    FROM ny_utfall AS u JOIN utfallsmatt AS m USING (matt_id)
),
per_kon AS (
    SELECT period, plattform_id, kon,
        max(antal) FILTER (WHERE matt_id = 'deltagare') AS deltagare,
        max(antal) FILTER (WHERE matt_id = 'nya') AS nya,
        max(antal) FILTER (WHERE matt_id = 'avslutade') AS avslutade,
        max(antal) FILTER (WHERE matt_id = 'kvar') AS kvar,
        sum(antal) FILTER (WHERE typ = 'avslut') AS orsaker,
        min(_rad) FILTER (WHERE matt_id = 'nya') AS rad_nya,
        min(_rad) FILTER (WHERE matt_id = 'avslutade') AS rad_avslutade,
        min(_rad) FILTER (WHERE matt_id = 'kvar') AS rad_kvar,
        min(_rad) FILTER (WHERE typ = 'avslut') AS rad_orsaker
    FROM antal GROUP BY ALL
),
summor AS (
    -- Summamått (positiv lösning) enligt definitionen för filens period, jämfört med källans egen rad.
    SELECT a.period, a.plattform_id, a.kon, d.ingar_i AS matt_id, sum(a.antal) AS delar
    FROM antal AS a
    JOIN matt_definition AS d ON d.matt_id = a.matt_id
     AND d.giltig_fran = (SELECT max(giltig_fran) FROM matt_definition AS d2
                          WHERE d2.matt_id = a.matt_id AND d2.giltig_fran <= a.period)
    WHERE d.ingar_i IS NOT NULL
    GROUP BY ALL
),
totalt AS (
    SELECT period, plattform_id, matt_id, sum(antal) AS summa FROM antal GROUP BY ALL
),
fynd AS (
    SELECT 'fel' AS allvar, rad_nya AS rad, kon AS kolumn,
           'Varav nya (' || nya || ') är fler än antal deltagare (' || deltagare || ').' AS meddelande
    FROM per_kon WHERE nya > deltagare
    UNION ALL
    SELECT 'fel', rad_avslutade, kon,
           'Antal avslutade (' || avslutade || ') är fler än antal deltagare (' || deltagare || ').'
    FROM per_kon WHERE avslutade > deltagare
    UNION ALL
    SELECT 'fel', rad_kvar, kon,
           'Antal kvar (' || kvar || ') är fler än antal deltagare (' || deltagare || ').'
    FROM per_kon WHERE kvar > deltagare
    UNION ALL
    SELECT 'fel', rad_orsaker, kon,
           'Avslutsorsakerna summerar till ' || orsaker || ', fler än antal avslutade (' || avslutade || ').'
    FROM per_kon WHERE orsaker > avslutade
    UNION ALL
    SELECT 'varning', rad_orsaker, kon,
           (avslutade - orsaker) || ' av ' || avslutade || ' avslutade saknar avslutsorsak.'
    FROM per_kon WHERE orsaker < avslutade
    UNION ALL
    SELECT 'varning', rad_kvar, kon,
           'Antal kvar (' || kvar || ') är inte deltagare minus avslutade (' || (deltagare - avslutade) || ').'
    FROM per_kon WHERE kvar IS DISTINCT FROM deltagare - avslutade AND kvar IS NOT NULL AND avslutade IS NOT NULL
    UNION ALL
    SELECT 'fel', r._rad, r.kon,
           'Delarna av ' || m.namn || ' summerar till ' || s.delar || ', fler än källans ' || r.antal || '.'
    FROM ny_utfall_rapporterat AS r
    JOIN summor AS s ON s.period = r.period AND s.plattform_id = r.enhet_id AND s.kon = r.kon AND s.matt_id = r.matt_id
    JOIN utfallsmatt AS m ON m.matt_id = r.matt_id
    WHERE s.delar > r.antal
    UNION ALL
    SELECT 'varning', r._rad, r.kon,
           'Källan anger ' || r.antal || ' för ' || m.namn || ' men delarna summerar till ' || s.delar || '.'
    FROM ny_utfall_rapporterat AS r
    JOIN summor AS s ON s.period = r.period AND s.plattform_id = r.enhet_id AND s.kon = r.kon AND s.matt_id = r.matt_id
    JOIN utfallsmatt AS m ON m.matt_id = r.matt_id
    WHERE s.delar < r.antal
    UNION ALL
    SELECT 'varning', r._rad, 'Totalt',
           'Kolumnen Totalt anger ' || r.antal || ' för ' || m.namn || ' men Kvinnor + Män = '
           || coalesce(t.summa, s.delar, 0) || '. Appen räknar med Kvinnor + Män.'
    FROM ny_utfall_rapporterat AS r
    JOIN utfallsmatt AS m ON m.matt_id = r.matt_id
    LEFT JOIN totalt AS t ON t.period = r.period AND t.plattform_id = r.enhet_id AND t.matt_id = r.matt_id
    LEFT JOIN (SELECT period, plattform_id, matt_id, sum(delar) AS delar FROM summor GROUP BY ALL) AS s
      ON s.period = r.period AND s.plattform_id = r.enhet_id AND s.matt_id = r.matt_id
    WHERE r.kon = 'Totalt' AND r.antal IS DISTINCT FROM coalesce(t.summa, s.delar, 0)
)
SELECT allvar, rad, kolumn, meddelande FROM fynd ORDER BY allvar, rad;
