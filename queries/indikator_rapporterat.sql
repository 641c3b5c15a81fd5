-- Indikatorvärden som bara finns rapporterade (tidigare års procent, styrelsens ja/nej-svar),
-- per omfattning och kön. Procent avrundas till hel procent, halvt uppåt. Samma regler som hela ramverkets
-- fråga: makrot indikator_rapporterade i queries/vyer/06_indikatorer.sql.
-- Parametrar: $period (år eller periodens heltal), $indikator (indikator_id).
SELECT scope_id, kon, procent, svar, kommentar
FROM indikator_rapporterade([$period], [$indikator])
ORDER BY scope_id, kon;
