-- En rad per plattform/insats i referensdata, i förbundets ordning.
-- ingar_i_forbundstotal säger om plattformen räknas med när förbundet summeras.
-- Parametrar: inga.
SELECT plattform_id, namn, kortnamn, kommun_id, typ, ingar_i_forbundstotal, sortering
FROM plattform
ORDER BY sortering, plattform_id;
