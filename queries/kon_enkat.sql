-- Sidan Kvinnor och män: enkätsvaren (social redovisning) per fråga och svarandes kön för vald period
-- och valda plattformar.
-- En rad per (respondentgrupp, fråga, kön i enkat_kon) som har något svar: andelen positiva i hel
-- procent, halvt uppåt. Ingen könskategori tas bort: "Annat alternativ", "Osäker" och "Vill ej svara"
-- följer med när de finns.
-- procent räknas ur antalen när alla valda plattformars svar på frågan finns som antal (summerade över
-- plattformarna); finns bara källans rapporterade andel används den (avrundad halvt uppåt), men bara när
-- en enda plattform har svarat på frågan, eftersom rapporterade andelar inte går att summera. Annars är
-- procent NULL och ej_summerbar = true. rapporterad = true när värdet är källans andel, inte räknat.
-- grupp = respondentgruppens namn (referensdatan). Parametrar: $period (år), $plattformar (lista av plattform_id).
WITH svar AS (
    SELECT r.*
    FROM enkat_resultat AS r
    WHERE r.period = $period AND list_contains($plattformar, r.plattform_id)
),
per_fraga AS (
    SELECT
        respondentgrupp,
        fraga_id,
        count(DISTINCT plattform_id) AS plattformar,
        bool_and(antal_svar IS NOT NULL) AS alla_antal
    FROM svar
    GROUP BY ALL
),
per_kon AS (
    SELECT
        respondentgrupp,
        fraga_id,
        kon,
        sum(antal_svar) AS antal_svar,
        sum(antal_positiva) AS antal_positiva,
        max(andel_rapporterad) AS andel_rapporterad,
        bool_and(antal_svar IS NOT NULL) AS har_antal
    FROM svar
    GROUP BY ALL
)
SELECT
    k.respondentgrupp,
    k.fraga_id,
    coalesce(g.namn, k.respondentgrupp) AS grupp,
    f.text AS fraga,
    f.svarstyp,
    f.sortering AS fraga_sortering,
    k.kon,
    ek.namn AS kon_namn,
    ek.sortering AS kon_sortering,
    CASE
        WHEN p.alla_antal THEN andel_procent(k.antal_positiva, k.antal_svar)
        WHEN p.plattformar = 1 THEN coalesce(andel_procent(k.antal_positiva, k.antal_svar),
                                             avrunda_procent(k.andel_rapporterad))
    END::INTEGER AS procent,
    CASE WHEN p.alla_antal OR p.plattformar = 1 THEN k.antal_svar END::INTEGER AS antal_svar,
    CASE WHEN p.alla_antal OR p.plattformar = 1 THEN k.antal_positiva END::INTEGER AS antal_positiva,
    NOT k.har_antal AND p.plattformar = 1 AS rapporterad,
    NOT p.alla_antal AND p.plattformar > 1 AS ej_summerbar
FROM per_kon AS k
JOIN per_fraga AS p USING (respondentgrupp, fraga_id)
JOIN enkatfraga AS f USING (respondentgrupp, fraga_id)
JOIN enkat_kon AS ek ON ek.kon = k.kon
LEFT JOIN respondentgrupp AS g USING (respondentgrupp)
ORDER BY f.sortering, ek.sortering;
