-- Indikatorvärden som bara finns rapporterade (tidigare års procent, styrelsens ja/nej-svar),
-- per omfattning och kön. Procent avrundas till hel procent, halvt uppåt.
-- Parametrar: $period (år), $indikator (indikator_id).
SELECT
    scope_id,
    kon,
    avrunda_procent(procent)::INTEGER AS procent,
    svar,
    kommentar
FROM indikator_rapporterat
WHERE period = $period AND indikator_id = $indikator
ORDER BY scope_id, kon;
