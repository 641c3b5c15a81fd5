-- Indikatorer av typ andel_utfall och volym: antal avslutade till ett eller flera utfallsmått och
-- andelen av basen, för varje plattform och för förbundet (plattformar som ingår i förbundstotalen).
-- En rad per omfattning (scope_id) och kön (K, M, annat, samt alla = summan av könen).
-- Andelen räknas mot $andel_av, eller om den är NULL mot det mått som periodens definition anger
-- för det första måttet i $matt (2020: varav-andelar mot positiv lösning).
-- avslutade följer med för regeln om minsta underlag. Samma regler som hela ramverkets fråga: makrot
-- indikator_andel i queries/vyer/06_indikatorer.sql.
-- Parametrar: $period (år eller periodens heltal), $matt (lista av matt_id), $andel_av (matt_id eller NULL).
SELECT scope_id, kon, taljare, namnare, avslutade, procent, andel_av
FROM indikator_andel([$period], ['indikatorn'], [$matt], [CAST($andel_av AS VARCHAR)])
ORDER BY scope_id, kon;
