-- Indikatorer av typ enkat: andel positiva svar på en fråga, per plattform och kön
-- (alla, K, M, annat alternativ, osäker, vill ej svara).
-- Procent räknas ur antal när antal finns (hel procent, halvt uppåt), annars är det källans
-- rapporterade andel avrundad på samma sätt; rapporterad = true säger vilket.
-- För förbundet summeras antalen, men bara när alla plattformars svar finns som antal.
-- Samma regler som hela ramverkets fråga: makrot indikator_enkat i queries/vyer/06_indikatorer.sql.
-- Parametrar: $period (år eller periodens heltal), $respondentgrupp, $fraga (fraga_id).
SELECT scope_id, kon, procent, antal_svar, antal_positiva, rapporterad
FROM indikator_enkat([$period], [$respondentgrupp], [$fraga])
ORDER BY scope_id, kon;
