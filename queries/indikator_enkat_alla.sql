-- Indikatorer av typ enkat för flera frågor och perioder i en enda fråga (bedömningen av hela ramverket).
-- Reglerna står i makrot indikator_enkat (queries/vyer/06_indikatorer.sql), som också indikator_enkat.sql använder.
-- En rad per period, respondentgrupp, fråga, omfattning och kön.
-- Parametrar: $perioder (lista av perioder), $respondentgrupper, $fragor (fraga_id), en plats per fråga.
SELECT * FROM indikator_enkat($perioder, $respondentgrupper, $fragor)
ORDER BY period, respondentgrupp, fraga_id, scope_id, kon;
