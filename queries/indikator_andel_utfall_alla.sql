-- Indikatorer av typ andel_utfall och volym för flera indikatorer och perioder i en enda fråga: bedömningen av hela
-- ramverket läser utfallen en gång i stället för en gång per indikator och period. Reglerna står i makrot
-- indikator_andel (queries/vyer/06_indikatorer.sql), som också indikator_andel_utfall.sql använder.
-- En rad per period, indikator, omfattning (scope_id) och kön (K, M, annat, samt alla = summan av könen).
-- Parametrar: $perioder (lista av perioder), $indikatorer (id), $matt (lista av listor av matt_id), $andel_av
-- (matt_id eller NULL), en plats per indikator.
-- Ingen ORDER BY: bedömningen slår upp raderna på nyckel, och sorteringen var en tredjedel av frågans tid.
SELECT * FROM indikator_andel($perioder, $indikatorer, $matt, $andel_av);
