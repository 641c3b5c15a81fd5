-- Rapporterade indikatorvärden för flera indikatorer och perioder i en enda fråga (bedömningen av hela ramverket).
-- Reglerna står i makrot indikator_rapporterade (queries/vyer/06_indikatorer.sql), som också
-- indikator_rapporterat.sql använder. En rad per period, indikator, omfattning och kön.
-- Parametrar: $perioder (lista av perioder), $indikatorer (lista av indikator_id).
SELECT * FROM indikator_rapporterade($perioder, $indikatorer)
ORDER BY period, indikator_id, scope_id, kon;
