-- Indikatorernas regler på ett ställe, som tabellmakron över perioder och indikatorer. Bedömningen av hela
-- ramverket (queries/indikator_*_alla.sql) och frågorna för en indikator och en period (queries/indikator_*.sql)
-- är båda tunna anrop hit, så att reglerna inte kan glida isär. En period är ett årtal eller en namngiven
-- periods heltal (uppfoljning/perioder.py); antalen för namngivna perioder räknas i 02_utfall_fran_deltagare.sql.

-- Typ andel_utfall och volym: antal avslutade till ett eller flera utfallsmått och andelen av basen, för varje
-- plattform och för förbundet (plattformar som ingår i förbundstotalen). En rad per period, indikator, omfattning
-- (scope_id) och kön (K, M, annat, samt alla = summan av könen). Indikatorerna ges som lika långa listor, en plats
-- per indikator: p_indikatorer (id), p_matt (listan av matt_id) och p_andel_av (matt_id eller NULL = periodens
-- definition för det första måttet, 2020: varav-andelar mot positiv lösning). avslutade följer med för regeln om
-- minsta underlag. Antalen per omfattning är färdigsummerade (05_utfall_per_omfattning.sql).
CREATE OR REPLACE MACRO indikator_andel(p_perioder, p_indikatorer, p_matt, p_andel_av) AS TABLE
    WITH indikator AS (
        SELECT
            unnest(p_indikatorer) AS indikator_id,
            unnest(CAST(p_matt AS VARCHAR[][])) AS matt,
            unnest(CAST(p_andel_av AS VARCHAR[])) AS andel_av
    ),
    period AS (
        SELECT DISTINCT unnest(CAST(p_perioder AS INTEGER[])) AS period
    ),
    definition AS (
        SELECT p.period, i.indikator_id, i.matt, coalesce(i.andel_av, d.andel_av) AS andel_av
        FROM period AS p
        CROSS JOIN indikator AS i
        LEFT JOIN v_matt_definition AS d ON d.period = p.period AND d.matt_id = i.matt[1]
    ),
    -- Antalen per omfattning är färdigsummerade i den härledda tabellen (queries/vyer/05_utfall_per_omfattning.sql).
    per_scope AS (
        SELECT period, scope_id, kon, matt_id, antal
        FROM utfall_per_omfattning
        WHERE list_contains(CAST(p_perioder AS INTEGER[]), period)
    ),
    -- Varje indikators mått i sin roll (täljare, bas, avslutade), så att bara de antal som behövs läses.
    roll AS (
        SELECT DISTINCT period, indikator_id, unnest(matt) AS matt_id, 'taljare' AS roll FROM definition
        UNION ALL
        SELECT period, indikator_id, andel_av, 'namnare' FROM definition WHERE andel_av IS NOT NULL
        UNION ALL
        SELECT period, indikator_id, 'avslutade', 'avslutade' FROM definition
    ),
    per_kon AS (
        SELECT
            r.period, r.indikator_id, s.scope_id, s.kon,
            sum(s.antal) FILTER (WHERE r.roll = 'taljare') AS taljare,
            sum(s.antal) FILTER (WHERE r.roll = 'namnare') AS namnare,
            sum(s.antal) FILTER (WHERE r.roll = 'avslutade') AS avslutade
        FROM roll AS r
        JOIN per_scope AS s ON s.period = r.period AND s.matt_id = r.matt_id
        GROUP BY ALL
    ),
    -- Varje omfattning och kön som har något antal perioden får en rad per indikator, också med bara nollor.
    nyckel AS (
        SELECT DISTINCT period, scope_id, kon FROM per_scope
    ),
    summor AS (
        SELECT
            n.period,
            d.indikator_id,
            d.andel_av,
            n.scope_id,
            coalesce(n.kon, 'alla') AS kon,
            coalesce(sum(k.taljare), 0) AS taljare,
            coalesce(sum(k.namnare), 0) AS namnare,
            coalesce(sum(k.avslutade), 0) AS avslutade
        FROM nyckel AS n
        JOIN definition AS d ON d.period = n.period
        LEFT JOIN per_kon AS k
            ON k.period = n.period AND k.indikator_id = d.indikator_id AND k.scope_id = n.scope_id AND k.kon = n.kon
        GROUP BY GROUPING SETS ((n.period, d.indikator_id, d.andel_av, n.scope_id, n.kon),
                                (n.period, d.indikator_id, d.andel_av, n.scope_id))
    )
    SELECT
        period,
        indikator_id,
        scope_id,
        kon,
        taljare::INTEGER AS taljare,
        namnare::INTEGER AS namnare,
        avslutade::INTEGER AS avslutade,
        andel_procent(taljare, namnare)::INTEGER AS procent,
        andel_av
    FROM summor;

-- Typ enkat: andel positiva svar på en fråga per plattform och kön (alla, K, M, annat alternativ, osäker, vill ej
-- svara). Procent ur antal när antal finns (hel procent, halvt uppåt), annars källans rapporterade andel avrundad
-- på samma sätt; rapporterad = true säger vilket. För förbundet summeras antalen, men bara när alla plattformars
-- svar finns som antal. Frågorna som lika långa listor p_respondentgrupper och p_fragor.
CREATE OR REPLACE MACRO indikator_enkat(p_perioder, p_respondentgrupper, p_fragor) AS TABLE
    WITH fraga AS (
        SELECT DISTINCT unnest(CAST(p_respondentgrupper AS VARCHAR[])) AS respondentgrupp,
                        unnest(CAST(p_fragor AS VARCHAR[])) AS fraga_id
    ),
    svar AS (
        SELECT r.*, p.ingar_i_forbundstotal
        FROM enkat_resultat AS r
        JOIN plattform AS p USING (plattform_id)
        JOIN fraga AS f USING (respondentgrupp, fraga_id)
        WHERE list_contains(CAST(p_perioder AS INTEGER[]), r.period)
    )
    SELECT
        period,
        respondentgrupp,
        fraga_id,
        plattform_id AS scope_id,
        kon,
        coalesce(andel_procent(antal_positiva, antal_svar), avrunda_procent(andel_rapporterad))::INTEGER AS procent,
        antal_svar,
        antal_positiva,
        antal_svar IS NULL AS rapporterad
    FROM svar
    UNION ALL
    SELECT
        period,
        respondentgrupp,
        fraga_id,
        'forbundet',
        kon,
        andel_procent(sum(antal_positiva), sum(antal_svar))::INTEGER,
        sum(antal_svar)::INTEGER,
        sum(antal_positiva)::INTEGER,
        false
    FROM svar
    WHERE ingar_i_forbundstotal
    GROUP BY period, respondentgrupp, fraga_id, kon
    HAVING bool_and(antal_svar IS NOT NULL);

-- Värden som bara finns rapporterade (tidigare års procent, styrelsens ja/nej-svar), per omfattning och kön.
-- Procent i hel procent, halvt uppåt.
CREATE OR REPLACE MACRO indikator_rapporterade(p_perioder, p_indikatorer) AS TABLE
    SELECT
        period,
        indikator_id,
        scope_id,
        kon,
        avrunda_procent(procent)::INTEGER AS procent,
        svar,
        kommentar
    FROM indikator_rapporterat
    WHERE list_contains(CAST(p_perioder AS INTEGER[]), period)
      AND list_contains(CAST(p_indikatorer AS VARCHAR[]), indikator_id);
