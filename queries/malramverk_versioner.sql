-- En rad per sparad version av målramverket, senaste först: versionen, när den sparades, hur (fil = läst från
-- goals.yaml; redigerad, importerad, aterstalld eller mall = sparad i appen), vem och varför (tomt för en version
-- som lästs från goals.yaml), och styrelsens eller styrgruppens antaganden av den som text ("styrelsen 2021-03-12 § 7").
-- Parametrar: inga.
SELECT
    v.version,
    v.sparad,
    coalesce(a.ursprung, 'fil') AS ursprung,
    a.sparad_av,
    a.kommentar,
    (SELECT string_agg(t.organ || ' ' || strftime(t.datum, '%Y-%m-%d') || ' ' || t.paragraf, '; '
                       ORDER BY t.datum, t.registrerad)
     FROM malramverk_antagande AS t WHERE t.version = v.version) AS antagen
FROM malramverk_version AS v
LEFT JOIN malramverk_andring AS a USING (version)
ORDER BY v.version DESC;
