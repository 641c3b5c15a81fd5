-- Avrundningsregeln i förbundets egna rapporter: hel procent, halvt uppåt (29 av 40 = 72,5 -> 73 %).
-- Heltalsaritmetik så att 72,5 aldrig blir 72,4999.
CREATE OR REPLACE MACRO andel_procent(taljare, namnare) AS
    CASE WHEN namnare > 0 THEN (200 * CAST(taljare AS BIGINT) + namnare) // (2 * CAST(namnare AS BIGINT)) END;

-- Samma regel för procent som redan är rapporterade med decimal (71,5 % -> 72 %).
CREATE OR REPLACE MACRO avrunda_procent(procent) AS
    CAST(floor(CAST(procent AS DECIMAL(9, 4)) + 0.5) AS INTEGER);

-- Ett kalenderår (2020) eller en namngiven period (heltal från 10 000 000, uppfoljning.perioder.heltal)?
CREATE OR REPLACE MACRO ar_kalenderar(period) AS period < 10000000;
