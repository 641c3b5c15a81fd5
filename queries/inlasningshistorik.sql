-- Inläsningar och återställningar, senaste först (för sidan Data; hela loggen visas bara för admin).
-- Parametrar: inga.
SELECT handelse_id, tid, anvandare, typ, beskrivning, kalla_id
FROM handelse
WHERE typ IN ('inläsning', 'återställning')
ORDER BY handelse_id DESC;
