-- En rad per år som har något lagrat utfall, enkätresultat eller rapporterat indikatorvärde, senaste först.
-- Parametrar: inga.
SELECT period FROM v_period ORDER BY period DESC;
