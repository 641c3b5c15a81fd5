-- Varningarna som visades när en fil lästes in och sparades med den.
-- Parametrar: $kalla_id.
SELECT meddelande FROM kalla_varning WHERE kalla_id = $kalla_id ORDER BY ALL;
