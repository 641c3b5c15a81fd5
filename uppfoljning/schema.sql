-- Lagringsmodellen. Varje datatabell bär kalla_id: vilken fil en rad kom från (tabellen kalla).
-- Antal lagras per kön; totaler härleds alltid i frågorna, aldrig lagras som sanning.
-- Vid inläsning prövas varje tabell mot kolumnerna, typerna, nycklarna och CHECK-villkoren här, och mot det
-- schemat inte kan säga (en rad per nyckel, rimliga datum och år, enkätdelar mot helheten) i rimlighet.py.

-- Referensdata: vad ett förbund har, inte kod.
CREATE TABLE IF NOT EXISTS kommun (
    kommun_id VARCHAR PRIMARY KEY,
    namn      VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS plattform (
    plattform_id          VARCHAR PRIMARY KEY,
    namn                  VARCHAR NOT NULL,
    kortnamn              VARCHAR NOT NULL,
    kommun_id             VARCHAR REFERENCES kommun (kommun_id),
    typ                   VARCHAR NOT NULL,
    -- Ingår plattformen när förbundet summerar sina insatser? Särredovisade projekt (HFE) gör det inte.
    ingar_i_forbundstotal BOOLEAN NOT NULL,
    sortering             INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kon (
    kon       VARCHAR PRIMARY KEY,
    namn      VARCHAR NOT NULL,
    sortering INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS utfallsmatt (
    matt_id   VARCHAR PRIMARY KEY,
    namn      VARCHAR NOT NULL,
    -- volym: deltagare, nya, avslutade, kvar; avslut: en avslutsorsak; summa: härleds ur avslutsorsaker
    typ       VARCHAR NOT NULL CHECK (typ IN ('volym', 'avslut', 'summa')),
    sus_koder VARCHAR,
    sortering INTEGER NOT NULL
);
-- Per period: vilka avslutsorsaker som ingår i en summa (positiv lösning) och vad andelen räknas mot.
-- En definition gäller från sitt år tills en senare ersätter den.
CREATE TABLE IF NOT EXISTS matt_definition (
    giltig_fran INTEGER NOT NULL,
    matt_id     VARCHAR NOT NULL REFERENCES utfallsmatt (matt_id),
    ingar_i     VARCHAR REFERENCES utfallsmatt (matt_id),
    andel_av    VARCHAR NOT NULL REFERENCES utfallsmatt (matt_id),
    PRIMARY KEY (giltig_fran, matt_id)
);
-- Hur radrubriker, fritext och SUS-koder i användarnas filer översätts till utfallsmått.
-- varde jämförs efter normalisering (gemener, utan accenter och skiljetecken).
CREATE TABLE IF NOT EXISTS kategorimappning (
    varde   VARCHAR PRIMARY KEY,
    matt_id VARCHAR NOT NULL REFERENCES utfallsmatt (matt_id)
);
-- Enkäternas respondentgrupper (deltagare, medarbetare, chefer ...): läggs till, byter namn och avvecklas på sidan
-- Referensdata. Tillkom i schemaversion 3 (före den ett CHECK-villkor på tre namn i enkatfraga).
CREATE TABLE IF NOT EXISTS respondentgrupp (
    respondentgrupp VARCHAR PRIMARY KEY,
    namn            VARCHAR NOT NULL,
    sortering       INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS enkatfraga (
    respondentgrupp VARCHAR NOT NULL REFERENCES respondentgrupp (respondentgrupp),
    fraga_id        VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,
    svarstyp        VARCHAR NOT NULL CHECK (svarstyp IN ('sexgradig', 'ja_nej')),
    sortering       INTEGER NOT NULL,
    PRIMARY KEY (respondentgrupp, fraga_id)
);
CREATE TABLE IF NOT EXISTS enkat_kon (
    kon       VARCHAR PRIMARY KEY,
    namn      VARCHAR NOT NULL,
    sortering INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS remitterande_part (
    part_id   VARCHAR PRIMARY KEY,
    namn      VARCHAR NOT NULL,
    sortering INTEGER NOT NULL
);

-- Andra källors namn för enheterna (SUS, ekonomisystemet ...): en fil som använder namnet läses som enheten.
-- Läggs till på sidan Referensdata eller direkt när en uppladdning vägras för ett okänt namn. namn jämförs efter
-- normalisering (gemener, utan accenter och skiljetecken), som plattformarnas egna namn.
CREATE TABLE IF NOT EXISTS enhetsnamn (
    namn         VARCHAR PRIMARY KEY,
    plattform_id VARCHAR NOT NULL
);
-- Avvecklade enheter, kommuner, kategorier och respondentgrupper: de finns kvar med sin historik men tar inte emot
-- nya data och kan inte väljas i målramverket. tabell är referenstabellens namn.
CREATE TABLE IF NOT EXISTS referens_avvecklad (
    tabell     VARCHAR NOT NULL CHECK (tabell IN ('plattform', 'kommun', 'utfallsmatt', 'remitterande_part',
                                                  'respondentgrupp')),
    id         VARCHAR NOT NULL,
    avvecklad  TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    avvecklad_av VARCHAR NOT NULL,
    PRIMARY KEY (tabell, id)
);

-- Proveniens: en rad per inläst fil.
CREATE SEQUENCE IF NOT EXISTS kalla_seq START 1;
CREATE TABLE IF NOT EXISTS kalla (
    kalla_id   INTEGER PRIMARY KEY DEFAULT nextval('kalla_seq'),
    datamangd  VARCHAR NOT NULL,
    filnamn    VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    blad       VARCHAR,
    antal_rader INTEGER NOT NULL,
    inlast     TIMESTAMP NOT NULL,
    inlast_av  VARCHAR NOT NULL,
    -- Vad inläsningen gäller (för ersättning): period och plattform när filen avser en enda.
    period     INTEGER,
    omfattning VARCHAR,
    -- false när en senare inläsning ersatt den; raderna ligger då i arkivtabellerna.
    aktiv      BOOLEAN NOT NULL DEFAULT true
);
-- Kolumner som tillkom efter första versionen (äldre databasfiler får dem här).
ALTER TABLE kalla ADD COLUMN IF NOT EXISTS period INTEGER;
ALTER TABLE kalla ADD COLUMN IF NOT EXISTS omfattning VARCHAR;
ALTER TABLE kalla ADD COLUMN IF NOT EXISTS aktiv BOOLEAN DEFAULT true;

-- Varningar som visades vid inläsningen och sparas med data.
CREATE TABLE IF NOT EXISTS kalla_varning (
    kalla_id   INTEGER NOT NULL,
    meddelande VARCHAR NOT NULL
);
-- Händelser: inläsning, ersättning, återställning. Skrivs bara av appen, ändras aldrig.
CREATE SEQUENCE IF NOT EXISTS handelse_seq START 1;
CREATE TABLE IF NOT EXISTS handelse (
    handelse_id INTEGER PRIMARY KEY DEFAULT nextval('handelse_seq'),
    tid         TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    anvandare   VARCHAR NOT NULL,
    typ         VARCHAR NOT NULL,
    beskrivning VARCHAR NOT NULL,
    kalla_id    INTEGER
);

-- Utfall per plattform i Bilaga 3:s form, per kön.
CREATE TABLE IF NOT EXISTS utfall (
    period       INTEGER NOT NULL,
    plattform_id VARCHAR NOT NULL REFERENCES plattform (plattform_id),
    kommun_id    VARCHAR REFERENCES kommun (kommun_id),
    matt_id      VARCHAR NOT NULL REFERENCES utfallsmatt (matt_id),
    kon          VARCHAR NOT NULL REFERENCES kon (kon),
    antal        INTEGER NOT NULL CHECK (antal >= 0),
    kalla_id     INTEGER NOT NULL
);
-- Det källan själv angav som totaler (kolumnen Totalt, förbundets summatabell).
-- Sparas bara för att kunna visa var källan motsäger sig själv.
CREATE TABLE IF NOT EXISTS utfall_rapporterat (
    period   INTEGER NOT NULL,
    enhet_id VARCHAR NOT NULL,
    matt_id  VARCHAR NOT NULL REFERENCES utfallsmatt (matt_id),
    kon      VARCHAR NOT NULL,
    antal    INTEGER NOT NULL CHECK (antal >= 0),
    kalla_id INTEGER NOT NULL
);
-- Deltagarnivå: pseudonymt id, aldrig personnummer.
CREATE TABLE IF NOT EXISTS deltagare (
    deltagar_id  VARCHAR NOT NULL,
    plattform_id VARCHAR NOT NULL REFERENCES plattform (plattform_id),
    kommun_id    VARCHAR REFERENCES kommun (kommun_id),
    kon          VARCHAR NOT NULL REFERENCES kon (kon),
    startdatum   DATE NOT NULL,
    slutdatum    DATE,
    avslutsorsak VARCHAR REFERENCES utfallsmatt (matt_id),
    kalla_id     INTEGER NOT NULL,
    CHECK (slutdatum IS NULL OR slutdatum >= startdatum),
    CHECK ((slutdatum IS NULL) = (avslutsorsak IS NULL))
);
-- Enkätresultat (social redovisning). Antal där de finns, annars den rapporterade andelen i procent.
CREATE TABLE IF NOT EXISTS enkat_resultat (
    period            INTEGER NOT NULL,
    plattform_id      VARCHAR NOT NULL REFERENCES plattform (plattform_id),
    respondentgrupp   VARCHAR NOT NULL REFERENCES respondentgrupp (respondentgrupp),
    fraga_id          VARCHAR NOT NULL,
    kon               VARCHAR NOT NULL REFERENCES enkat_kon (kon),
    antal_svar        INTEGER CHECK (antal_svar >= 0),
    antal_positiva    INTEGER CHECK (antal_positiva >= 0 AND antal_positiva <= antal_svar),
    andel_rapporterad DOUBLE CHECK (andel_rapporterad BETWEEN 0 AND 100),
    kalla_id          INTEGER NOT NULL,
    FOREIGN KEY (respondentgrupp, fraga_id) REFERENCES enkatfraga (respondentgrupp, fraga_id),
    CHECK (antal_svar IS NOT NULL OR andel_rapporterad IS NOT NULL)
);
CREATE TABLE IF NOT EXISTS enkat_svarsfrekvens (
    period                    INTEGER NOT NULL,
    plattform_id              VARCHAR NOT NULL REFERENCES plattform (plattform_id),
    respondentgrupp           VARCHAR NOT NULL REFERENCES respondentgrupp (respondentgrupp),
    antal_inbjudna            INTEGER CHECK (antal_inbjudna >= 0),
    antal_svar                INTEGER CHECK (antal_svar >= 0),
    svarsfrekvens_rapporterad DOUBLE CHECK (svarsfrekvens_rapporterad BETWEEN 0 AND 100),
    -- Källan redovisar inte gruppen för att för få svarat.
    redovisas_ej              BOOLEAN NOT NULL,
    kalla_id                  INTEGER NOT NULL
);
-- Värden som bara finns som rapporterade procent eller styrelsens ja/nej (tidigare års utfall).
CREATE TABLE IF NOT EXISTS indikator_rapporterat (
    period       INTEGER NOT NULL,
    scope_id     VARCHAR NOT NULL,
    indikator_id VARCHAR NOT NULL,
    kon          VARCHAR NOT NULL,
    procent      DOUBLE CHECK (procent BETWEEN 0 AND 100),
    svar         VARCHAR CHECK (svar IN ('Ja', 'Delvis', 'Nej')),
    kommentar    VARCHAR,
    kalla_id     INTEGER NOT NULL,
    CHECK (procent IS NOT NULL OR svar IS NOT NULL)
);
-- Aktualiseringar per remitterande part (och kommun för kommunala parter), per kön.
CREATE TABLE IF NOT EXISTS aktualisering (
    period    INTEGER NOT NULL,
    part_id   VARCHAR NOT NULL REFERENCES remitterande_part (part_id),
    kommun_id VARCHAR REFERENCES kommun (kommun_id),
    kon       VARCHAR NOT NULL REFERENCES kon (kon),
    antal     INTEGER NOT NULL CHECK (antal >= 0),
    kalla_id  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS aktualisering_beredning (
    period               INTEGER NOT NULL,
    part_id              VARCHAR NOT NULL REFERENCES remitterande_part (part_id),
    kommun_id            VARCHAR REFERENCES kommun (kommun_id),
    antal_ja             INTEGER CHECK (antal_ja >= 0),
    andel_ja_rapporterad DOUBLE CHECK (andel_ja_rapporterad BETWEEN 0 AND 100),
    kalla_id             INTEGER NOT NULL
);
-- Budget och utfall per post i tkr, med kostnader negativa som i Bilaga 4.
CREATE TABLE IF NOT EXISTS budget (
    period       INTEGER NOT NULL,
    avsnitt      VARCHAR NOT NULL,
    post         VARCHAR NOT NULL,
    plattform_id VARCHAR REFERENCES plattform (plattform_id),
    utfall_tkr   DOUBLE NOT NULL,
    budget_tkr   DOUBLE,
    kalla_id     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS budget_rapporterat (
    period     INTEGER NOT NULL,
    rad        VARCHAR NOT NULL,
    utfall_tkr DOUBLE NOT NULL,
    budget_tkr DOUBLE,
    kalla_id   INTEGER NOT NULL
);
-- Styrelsens bedömning per mål och scope; avsnitt 0 är den samlade bedömningen, 1-3 viktningsavsnitten.
-- Varje ändring blir en ny version; den senaste gäller.
CREATE TABLE IF NOT EXISTS styrelsens_bedomning (
    period    INTEGER NOT NULL,
    mal_id    VARCHAR NOT NULL,
    scope_id  VARCHAR NOT NULL,
    avsnitt   INTEGER NOT NULL CHECK (avsnitt BETWEEN 0 AND 3),
    farg      VARCHAR CHECK (farg IN ('gron', 'gul', 'rod', 'ej_bedomd')),
    text      VARCHAR,
    version   INTEGER NOT NULL DEFAULT 1,
    sparad    TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    sparad_av VARCHAR NOT NULL DEFAULT 'standarddata',
    kalla_id  INTEGER
);

-- Senast giltiga målramverk: appen fortsätter på det om goals.yaml ändras till något ogiltigt.
CREATE SEQUENCE IF NOT EXISTS malramverk_seq START 1;
CREATE TABLE IF NOT EXISTS malramverk_version (
    version INTEGER PRIMARY KEY DEFAULT nextval('malramverk_seq'),
    sha256  VARCHAR NOT NULL,
    text    VARCHAR NOT NULL,
    sparad  TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- Versioner av målramverket som sparats i appen (redigerade, importerade, återställda, från en mall): vem, när och
-- varför. En version utan rad här lästes från goals.yaml. Den senaste versionen med en rad här gäller i appen
-- (uppfoljning/ramverksredigering.py), före goals.yaml.
CREATE TABLE IF NOT EXISTS malramverk_andring (
    version   INTEGER PRIMARY KEY,
    ursprung  VARCHAR NOT NULL CHECK (ursprung IN ('redigerad', 'importerad', 'aterstalld', 'mall')),
    sparad_av VARCHAR NOT NULL,
    kommentar VARCHAR NOT NULL
);
-- Styrelsens (styrgruppens) beslut att anta en version av målramverket.
CREATE TABLE IF NOT EXISTS malramverk_antagande (
    version        INTEGER NOT NULL,
    organ          VARCHAR NOT NULL,
    datum          DATE NOT NULL,
    paragraf       VARCHAR NOT NULL,
    registrerad    TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    registrerad_av VARCHAR NOT NULL
);

-- Målramverkets uppföljningsperioder (goals.yaml): kalenderår och namngivna perioder med datum. Skrivs av
-- uppfoljning.perioder.synka när ramverket läses; deltagarnivån räknas per period ur den
-- (queries/vyer/02_utfall_fran_deltagare.sql). period är årtalet eller den namngivna periodens heltal.
CREATE TABLE IF NOT EXISTS uppfoljningsperiod (
    period     INTEGER PRIMARY KEY,
    id         VARCHAR NOT NULL,
    namn       VARCHAR NOT NULL,
    startdatum DATE NOT NULL,
    slutdatum  DATE NOT NULL,
    typ        VARCHAR NOT NULL,
    -- Perioden som "förra perioden" avser (jamfor_med; året innan för ett kalenderår).
    jamfor_med INTEGER,
    CHECK (slutdatum >= startdatum)
);

-- Om databasfilen: t.ex. vilken datamapp den byggdes från.
CREATE TABLE IF NOT EXISTS databas_info (
    nyckel VARCHAR PRIMARY KEY,
    varde  VARCHAR NOT NULL
);
