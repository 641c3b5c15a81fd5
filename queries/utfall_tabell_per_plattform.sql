-- Bilaga 3:s tabell för varje vald plattform för sig, i en fråga (mötesunderlagets utfall per plattform).
-- Samma kolumner som queries/utfall_tabell.sql och en kolumn plattform_id; samma regel (tabellmakrot
-- utfall_per_enhet i queries/vyer/04_utfall_per_enhet.sql).
-- Parametrar: $period (år), $plattformar (lista av plattform_id).
SELECT enhet_id AS plattform_id, * EXCLUDE (enhet_id, sortering)
FROM utfall_per_enhet($period, $plattformar, true)
ORDER BY plattform_id, sortering;
