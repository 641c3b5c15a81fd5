-- Sidan Kvinnor och män: varje utfallsmått för vald period och valda plattformar (summerade), med
-- kvinnor och män sida vid sida.
-- En rad per utfallsmått som har data: antal för kvinnor, män, annat/okänt kön och totalt (härlett ur
-- könen); för mått med en andel (enligt periodens definition i v_matt_definition) basen och andelen per
-- kön i hel procent, halvt uppåt (kvinnornas andel räknas mot kvinnornas bas, männens mot männens).
-- skillnad_procentenheter = andel_kvinnor_procent - andel_man_procent, alltså skillnaden mellan de
-- avrundade andelar som styrelsen ser (72 % - 71 % = 1), inte den oavrundade skillnaden.
-- Könsfördelningen i måttet: kvinnor_av_totalt_procent, man_av_totalt_procent, annat_av_totalt_procent
-- (t.ex. andel kvinnor bland deltagarna).
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
-- Antalen per kön: tabellmakrot antal_per_kon (queries/vyer/04_utfall_per_enhet.sql), summerade över urvalet.
WITH antal AS (
    SELECT * EXCLUDE (enhet_id) FROM antal_per_kon($period, $plattformar, false)
),
rader AS (
    SELECT
        m.matt_id,
        m.namn AS matt,
        m.typ AS matt_typ,
        m.sus_koder,
        m.sortering AS matt_sortering,
        d.ingar_i,
        d.andel_av,
        bm.namn AS andel_av_namn,
        coalesce(a.kvinnor, 0) AS kvinnor,
        coalesce(a.man, 0) AS man,
        coalesce(a.annat, 0) AS annat,
        a.totalt,
        CASE WHEN d.andel_av IS NOT NULL THEN coalesce(b.kvinnor, 0) END AS bas_kvinnor,
        CASE WHEN d.andel_av IS NOT NULL THEN coalesce(b.man, 0) END AS bas_man,
        CASE WHEN d.andel_av IS NOT NULL THEN coalesce(b.annat, 0) END AS bas_annat,
        CASE WHEN d.andel_av IS NOT NULL THEN coalesce(b.totalt, 0) END AS bas_totalt
    FROM utfallsmatt AS m
    JOIN antal AS a ON a.matt_id = m.matt_id
    LEFT JOIN v_matt_definition AS d ON d.matt_id = m.matt_id AND d.period = $period
    LEFT JOIN utfallsmatt AS bm ON bm.matt_id = d.andel_av
    LEFT JOIN antal AS b ON b.matt_id = d.andel_av
),
andelar AS (
    SELECT
        *,
        andel_procent(kvinnor, bas_kvinnor) AS andel_kvinnor,
        andel_procent(man, bas_man) AS andel_man,
        andel_procent(annat, bas_annat) AS andel_annat,
        andel_procent(totalt, bas_totalt) AS andel_totalt
    FROM rader
)
SELECT
    matt_id,
    matt,
    matt_typ,
    sus_koder,
    matt_sortering,
    ingar_i,
    andel_av,
    andel_av_namn,
    kvinnor::INTEGER AS kvinnor,
    man::INTEGER AS man,
    annat::INTEGER AS annat,
    totalt::INTEGER AS totalt,
    bas_kvinnor::INTEGER AS bas_kvinnor,
    bas_man::INTEGER AS bas_man,
    bas_annat::INTEGER AS bas_annat,
    bas_totalt::INTEGER AS bas_totalt,
    andel_kvinnor::INTEGER AS andel_kvinnor_procent,
    andel_man::INTEGER AS andel_man_procent,
    andel_annat::INTEGER AS andel_annat_procent,
    andel_totalt::INTEGER AS andel_procent,
    (andel_kvinnor - andel_man)::INTEGER AS skillnad_procentenheter,
    andel_procent(kvinnor, totalt)::INTEGER AS kvinnor_av_totalt_procent,
    andel_procent(man, totalt)::INTEGER AS man_av_totalt_procent,
    andel_procent(annat, totalt)::INTEGER AS annat_av_totalt_procent
FROM andelar
ORDER BY matt_sortering;
