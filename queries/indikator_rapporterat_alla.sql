-- Samma som indikator_rapporterat.sql för flera indikatorer och perioder i en enda fråga (bedömningen av
-- hela ramverket). En rad per period, indikator, omfattning och kön; procent i hel procent, halvt uppåt.
-- Parametrar: $perioder (lista av år), $indikatorer (lista av indikator_id).
SELECT
    period,
    indikator_id,
    scope_id,
    kon,
    avrunda_procent(procent)::INTEGER AS procent,
    svar,
    kommentar
FROM indikator_rapporterat
WHERE list_contains(CAST($perioder AS INTEGER[]), period)
  AND list_contains(CAST($indikatorer AS VARCHAR[]), indikator_id)
ORDER BY period, indikator_id, scope_id, kon;
