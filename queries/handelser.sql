-- Händelselogg: en rad per inläsning och återställning, senaste först.
-- Parametrar: inga.
SELECT handelse_id, tid, anvandare, typ, beskrivning, kalla_id
FROM handelse
ORDER BY handelse_id DESC;
