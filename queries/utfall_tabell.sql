-- Bilaga 3:s tabell för vald period och valda plattformar (summerade).
-- En rad per utfallsmått som har data: antal för kvinnor, män, annat/okänt kön och totalt
-- (totalt härleds alltid ur könen), samt andelen i hel procent (halvt uppåt) av det mått som
-- periodens definition räknar andelen mot (avslutade eller positiv lösning).
-- Regeln står i tabellmakrot utfall_per_enhet (queries/vyer/04_utfall_per_enhet.sql).
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
SELECT * EXCLUDE (enhet_id, sortering)
FROM utfall_per_enhet($period, $plattformar, false)
ORDER BY sortering;
