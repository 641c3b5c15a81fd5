"""PostgreSQL som lagring (UPPFOLJNING_DB=postgresql://…): för flera appinstanser och maskiner på samma data.

PostgreSQL är systemet där datan lagras: samma tabeller och begränsningar som den inbäddade databasen
(uppfoljning/schema.sql, översatt), ett versionsnummer som ökar vid varje ändring (tabellen lagring_version) och
samma händelselogg. Frågorna i queries/ är DuckDB-SQL, så varje process läser en ögonblicksbild av PostgreSQL in
i en DuckDB i minnet (ladda) och kör frågorna oförändrade där; appen laddar om när versionen ändrats, vid nästa
sidvisning.

En skrivning (skrivning) tar ett advisory-lås i PostgreSQL (den som väntar ser vem som skriver), laddar en färsk
ögonblicksbild, låter blocket skriva i den med samma kod som den inbäddade lagringen, och skriver sedan tillbaka
det som ändrats i en enda PostgreSQL-transaktion tillsammans med sekvenserna och ett nytt versionsnummer: bara de
primärnycklar eller inläsningar (kalla_id) vars rader ändrats, annars hela tabellen (DELETE + COPY). Dör skrivaren
rullar PostgreSQL tillbaka transaktionen och släpper låset. Varje tabell har en egen version (lagring_tabell), så en
process som laddar en ny ögonblicksbild hämtar bara de tabeller som skrivits sedan förra gången.
"""

from __future__ import annotations

import atexit
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

LAS_NYCKEL = 7_317_001  # advisory-låsets nummer: "uppföljningens skrivlås"
_SYSTEMTABELLER = {"lagring_version", "lagring_tabell"}
# Versionen då varje tabell senast skrevs: en process som laddar en ny ögonblicksbild hämtar bara tabellerna som
# ändrats sedan dess förra (övriga tas ur _CACHE). En tabell utan rad här hämtas alltid.
_LAGRING_TABELL = """CREATE TABLE IF NOT EXISTS lagring_tabell (
    tabell  VARCHAR PRIMARY KEY,
    version BIGINT NOT NULL
)"""
# Processens senast hämtade tabeller per adress: {tabell: (tabellens version, Arrow-tabell)}. Arrow är oföränderligt,
# så en ny ögonblicksbild kan läsa in en oförändrad tabell härifrån i stället för från PostgreSQL.
_CACHE: dict[str, dict[str, tuple[int, object]]] = {}
_CACHE_LAS = threading.Lock()


def ar_adress(adress: str) -> bool:
    return adress.startswith(("postgresql://", "postgres://"))


def _anslut(adress: str, autocommit: bool = True):
    import adbc_driver_postgresql.dbapi as pg

    return pg.connect(adress, autocommit=autocommit)


# Lediga anslutningar per (adress, autocommit): en ny anslutning kostar mer än det mesta som görs över den (en ny
# serverprocess, och den första till en ny databas läser in katalogen), så ögonblicksbilderna, skrivlåset och
# skrivningarnas tillbakaskrivning lånar en här. Skrivlåsets anslutningar hålls för sig (_lanad med las=True).
_LEDIGA: dict[tuple[str, bool, bool], list] = {}
_LEDIGA_LAS = threading.Lock()
_LEDIGA_HOGST = 4


def _stang(con) -> None:
    try:
        con.close()
    except Exception:
        pass


def _slapp_laset(con) -> bool:
    """Skrivlåsets anslutning tillbaka i viloläge: transaktionen avslutad, låset släppt och namnet återställt. Sant
    bara om anslutningen därefter inte håller något advisory-lås (annars stängs den, och låset släpps med den)."""
    with con.cursor() as cur:
        cur.execute("ROLLBACK")
        cur.execute("SELECT pg_advisory_unlock_all()")
        cur.execute("SELECT set_config('application_name', '', false)")
        cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        return cur.fetchone()[0] == 0


@contextmanager
def _lanad(adress: str, autocommit: bool = True, las: bool = False) -> Iterator[object]:
    """En anslutning ur processens lediga (samma adress och läge) eller en ny. Tillbaka bland de lediga när blocket
    gått igenom (med autocommit=False har blocket avslutat sin transaktion), annars stängd. En ledig anslutning som
    inte längre svarar (servern omstartad, databasen borttagen) stängs, och en ny tas.

    [las]: skrivlåsets anslutning (skrivlas). Den lämnas tillbaka bara om låset bevisligen är släppt (_slapp_laset),
    annars stängs den, och PostgreSQL släpper låset med anslutningen; också när blocket fallerat."""
    nyckel = (adress, autocommit, las)
    con = None
    with _LEDIGA_LAS:
        if _LEDIGA.get(nyckel):
            con = _LEDIGA[nyckel].pop()
    if con is not None:
        try:
            with con.cursor() as cur:
                cur.execute("SELECT 1")
                cur.fetchone()
            if not autocommit:
                con.rollback()
        except Exception:
            _stang(con)
            con = None
    if con is None:
        con = _anslut(adress, autocommit)
    klar = False
    try:
        yield con
        klar = True
    finally:
        if las:
            try:
                klar = _slapp_laset(con)
            except Exception:
                klar = False
        if klar:
            with _LEDIGA_LAS:
                lediga = _LEDIGA.setdefault(nyckel, [])
                if len(lediga) < _LEDIGA_HOGST:
                    lediga.append(con)
                    con = None
        if con is not None:
            _stang(con)


def _fel(fel: BaseException):
    from .databas import DatabasFel

    return DatabasFel(f"PostgreSQL-databasen gick inte att nå eller använda: {str(fel).splitlines()[0]}. "
                      "Inget har sparats.")


def pg_schema() -> str:
    """schema.sql som PostgreSQL-SQL: samma tabeller, nycklar, UNIQUE och CHECK. Främmande nycklar kontrolleras
    vid COMMIT (en ändrad referenstabell skrivs om i samma transaktion som tabellerna som pekar på den)."""
    from .databas import SCHEMA

    sql = SCHEMA.read_text(encoding="utf-8")
    sql = re.sub(r"\bDOUBLE\b(?! PRECISION)", "DOUBLE PRECISION", sql)
    sql = sql.replace("current_localtimestamp()", "LOCALTIMESTAMP")
    sql = re.sub(r"(REFERENCES \w+ \([\w, ]+\))", r"\1 DEFERRABLE INITIALLY DEFERRED", sql)
    return sql + _LAGRING_TABELL + """;
CREATE TABLE IF NOT EXISTS lagring_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    andrad  TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);
"""


_VERSIONSANSLUTNING: dict[str, object] = {}
_VERSIONSLAS = threading.Lock()
_VERSIONSFRAGA = "SELECT version FROM lagring_version WHERE id = 1"


def version(adress: str) -> int | None:
    """Versionsnumret (ökar vid varje skrivning), eller None om databasen ännu är tom. Frågas en gång per
    sidvisning (ui._lasaren), över en anslutning som processen behåller (en ny anslutning kostar mer än frågan):
    en enda fråga när tabellen finns, annars först om tabellen finns."""
    with _VERSIONSLAS:
        for forsok in range(2):
            con = _VERSIONSANSLUTNING.get(adress)
            try:
                if con is None:
                    con = _anslut(adress)
                    cur = con.cursor()
                    cur.execute("SELECT to_regclass('lagring_version') IS NOT NULL")
                    if not cur.fetchone()[0]:
                        con.close()
                        return None  # ingen anslutning behålls förrän tabellen finns
                    _VERSIONSANSLUTNING[adress] = con
                cur = con.cursor()
                cur.execute(_VERSIONSFRAGA)
                rad = cur.fetchone()
                return rad[0] if rad else None
            except Exception as fel:
                _VERSIONSANSLUTNING.pop(adress, None)
                try:
                    if con is not None:
                        con.close()
                except Exception:
                    pass
                if forsok:  # en gång till med en ny anslutning (servern kan ha startats om, tabellen tagits bort)
                    raise _fel(fel) from None
    return None


def stang_anslutningar() -> None:
    """Stänger processens behållna anslutningar (testerna, innan en databas tas bort)."""
    with _VERSIONSLAS:
        for con in _VERSIONSANSLUTNING.values():
            _stang(con)
        _VERSIONSANSLUTNING.clear()
    with _LEDIGA_LAS:
        for lediga in _LEDIGA.values():
            for con in lediga:
                _stang(con)
        _LEDIGA.clear()


# Vid processens slut (t.ex. kommandoradens report): stängd här, inte av skräpsamlingen när modulerna redan rivits
# (då skriver adbc "Exception ignored … Traceback" på standard fel).
atexit.register(stang_anslutningar)


def _i_schemats_ordning(tabeller) -> list[str]:
    """Tabellerna i schema.sql:s ordning (en refererad tabell före den som pekar på den), sedan övriga."""
    from .databas import SCHEMA

    ordning = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA.read_text(encoding="utf-8"))
    tabeller = set(tabeller)
    return [t for t in ordning if t in tabeller] + sorted(tabeller - set(ordning))


def _pg_kodversion(adress: str) -> str | None:
    with _lanad(adress) as pg, pg.cursor() as cur:
        cur.execute("SELECT varde FROM databas_info WHERE nyckel = 'kodversion'")
        rad = cur.fetchone()
        return rad[0] if rad else None


def _tabeller(cur) -> list[str]:
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE'")
    return _i_schemats_ordning(r[0] for r in cur.fetchall() if r[0] not in _SYSTEMTABELLER)


def _sekvenser(cur) -> dict[str, int]:
    cur.execute("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = current_schema()")
    return {namn: int(varde) for namn, varde in cur.fetchall()}


_TABELL = re.compile(r"^\s*CREATE OR REPLACE (TEMP )?TABLE (\w+)", re.IGNORECASE)


def _skapa_vyer(duck: duckdb.DuckDBPyConnection, laddade: set[str]) -> None:
    """Vyer och makron ur queries/vyer. En härledd tabell som redan lästs från PostgreSQL räknas inte om (det tar
    längst tid av allt vid en miljon deltagare): en fil vars alla tabeller finns körs utan sina tabellsatser."""
    from . import fragor

    for namn in fragor.vyer():
        satser = []
        for sats in duckdb.extract_statements(fragor.sql(namn)):
            utan_kommentarer = "\n".join(r for r in sats.query.splitlines() if not r.lstrip().startswith("--"))
            satser.append((sats.query, _TABELL.match(utan_kommentarer)))
        tabeller = {m.group(2) for _, m in satser if m and not m.group(1)}
        if not tabeller or not tabeller <= laddade:
            duck.execute(fragor.sql(namn))
            continue
        for sql, m in satser:
            if m is None and not sql.lstrip().upper().startswith("DROP TABLE"):
                duck.execute(sql)


def _duckdb_schema(sekvenser: dict[str, int]) -> str:
    """schema.sql för DuckDB i minnet, med sekvenserna där PostgreSQL står. Utan främmande nycklar: PostgreSQL
    prövar dem när en skrivning bekräftas, och i DuckDB kostar de mest av allt när en miljon deltagare läses in
    (23 s mot 1,5 s). Nycklar, UNIQUE och CHECK finns kvar i båda."""
    from .databas import SCHEMA

    sql = SCHEMA.read_text(encoding="utf-8")
    sql = re.sub(r"^\s*FOREIGN KEY \([\w, ]+\) REFERENCES \w+ \([\w, ]+\),?\n", "", sql, flags=re.MULTILINE)
    sql = re.sub(r"\s*REFERENCES \w+ \([\w, ]+\)", "", sql)
    for namn, varde in sekvenser.items():
        sql = re.sub(rf"CREATE SEQUENCE IF NOT EXISTS {namn} START 1\b",
                     f"CREATE SEQUENCE IF NOT EXISTS {namn} START {varde + 1}", sql)
    return sql


def ladda(adress: str) -> tuple[duckdb.DuckDBPyConnection, int]:
    duck, version, _ = _ladda(adress)
    return duck, version


_Lasta = dict[str, tuple[int | None, object]]  # {tabell: (tabellens version eller None, Arrow)}


def _ladda(adress: str) -> tuple[duckdb.DuckDBPyConnection, int, _Lasta]:
    """En ögonblicksbild av PostgreSQL (REPEATABLE READ: alla tabeller från samma ögonblick) i en DuckDB i
    minnet, med vyer och makron; returnerar den, versionsnumret den motsvarar och tabellerna som de lästes
    ({tabell: (tabellens version eller None, Arrow)}). En tabell som inte skrivits sedan processens förra
    hämtning tas ur processens cache."""
    with ExitStack() as stack:
        try:
            pg = stack.enter_context(_lanad(adress, autocommit=False))
        except Exception as fel:
            raise _fel(fel) from None
        cur = stack.enter_context(pg.cursor())
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT version FROM lagring_version WHERE id = 1")
        version = cur.fetchone()[0]
        tabeller = _tabeller(cur)
        tabellversioner: dict[str, int] = {}
        cur.execute("SELECT to_regclass('lagring_tabell') IS NOT NULL")
        if cur.fetchone()[0]:
            cur.execute("SELECT tabell, version FROM lagring_tabell")
            tabellversioner = dict(cur.fetchall())
        with _CACHE_LAS:
            cachade = dict(_CACHE.get(adress, {}))
        hamtade: dict[str, tuple[int, object]] = {}
        lasta: dict[str, tuple[int | None, object]] = {}
        duck = duckdb.connect(":memory:")
        duck.execute(_duckdb_schema(_sekvenser(cur)))
        i_schemat = {r[0] for r in duck.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for tabell in tabeller:
            tv = tabellversioner.get(tabell)
            if tv is not None and tabell in cachade and cachade[tabell][0] == tv:
                data = cachade[tabell][1]
            else:
                cur.execute(f'SELECT * FROM "{tabell}"')
                data = cur.fetch_arrow_table()
            if tv is not None:
                hamtade[tabell] = (tv, data)
            lasta[tabell] = (tv, data)
            if tabell in i_schemat:
                duck.execute(f'INSERT INTO "{tabell}" BY NAME SELECT * FROM data')
            else:
                duck.execute(f'CREATE TABLE "{tabell}" AS SELECT * FROM data')
        pg.rollback()
        with _CACHE_LAS:
            _CACHE[adress] = hamtade
    _skapa_vyer(duck, set(tabeller))
    return duck, version, lasta


# Avtrycket av en tabell i en viss version (samma data ger samma avtryck): räknas en gång per process.
_AVTRYCK: dict[tuple[str, str], tuple[int, tuple]] = {}


def _avtryck_fore(adress: str, duck: duckdb.DuckDBPyConnection, lasta: dict) -> dict[str, tuple]:
    """Avtrycken för de lästa tabellerna innan blocket skriver; för en tabell vars version redan räknats tas
    avtrycket ur _AVTRYCK (hashen över en miljon rader kostar ~1 s)."""
    ut = {}
    for tabell in _i_schemats_ordning(lasta):
        tv = lasta[tabell][0]
        kand = _AVTRYCK.get((adress, tabell))
        if tv is not None and kand is not None and kand[0] == tv:
            ut[tabell] = kand[1]
            continue
        ut[tabell] = _ett_avtryck(duck, tabell)
        if tv is not None:
            _AVTRYCK[(adress, tabell)] = (tv, ut[tabell])
    return ut


def _ett_avtryck(duck: duckdb.DuckDBPyConnection, tabell: str) -> tuple:
    return tuple(duck.execute(f'SELECT count(*), sum(hash(t))::VARCHAR FROM main."{tabell}" t').fetchall()[0])


def _avtryck(duck: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Antal rader och en summa av radernas hash per tabell: vilka tabeller en skrivning ändrade."""
    tabeller = [r[0] for r in duck.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary "
        "AND schema_name = 'main'"
    ).fetchall()]
    return {t: tuple(duck.execute(f'SELECT count(*), sum(hash(t))::VARCHAR FROM "{t}" t').fetchall()[0])
            for t in _i_schemats_ordning(tabeller)}


def _hallare(cur) -> tuple[str, str]:
    cur.execute("SELECT a.application_name, to_char(a.xact_start, 'HH24:MI:SS') FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.objid = $1", [LAS_NYCKEL])
    rad = cur.fetchone()
    return (rad[0] or "en annan skrivning", rad[1] or "?") if rad else ("en annan skrivning", "?")


@contextmanager
def skrivlas(adress: str, vad: str, meddela: Callable[[str], None] | None, vanta_s: float) -> Iterator[object]:
    """Advisory-låset i PostgreSQL (sessionslås: släpps efter blocket, och alltid när anslutningen stängs eller
    processen dör)."""
    from . import personnummer
    from .databas import DatabasFel

    with ExitStack() as stack:
        try:
            pg = stack.enter_context(_lanad(adress, autocommit=True, las=True))
        except Exception as fel:
            raise _fel(fel) from None
        cur = stack.enter_context(pg.cursor())
        start, meddelat = time.monotonic(), False
        while True:
            cur.execute("SELECT pg_try_advisory_lock($1)", [LAS_NYCKEL])
            if cur.fetchone()[0]:
                break
            annan, sedan = _hallare(cur)
            if time.monotonic() - start >= vanta_s:
                raise DatabasFel(
                    f"Databasen är upptagen: {annan} skriver sedan klockan {sedan}, och {vad} väntade "
                    f"{round(time.monotonic() - start)} s utan att få skriva. Inget har sparats; försök igen "
                    "om en stund.")
            if not meddelat and meddela is not None:
                meddela(f"Väntar på att en annan skrivning ska bli klar: {annan} (sedan klockan {sedan}). "
                        f"Väntar högst {round(vanta_s)} s.")
                meddelat = True
            time.sleep(0.1)
        # Den som väntar läser vad som skrivs i pg_stat_activity.
        cur.execute("SELECT set_config('application_name', $1, false)", [personnummer.maskera(vad)[:63]])
        cur.execute("BEGIN")
        cur.execute("SELECT 1")  # xact_start: sedan när
        yield pg


_FORE = "_fore_rader"  # tabellen före blocket (Arrow, som den hämtades), registrerad när skillnaden räknas


def _primarnycklar(cur) -> dict[str, list[str]]:
    cur.execute("SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indisprimary AND n.nspname = current_schema() GROUP BY c.relname")
    return {namn: list(kolumner) for namn, kolumner in cur.fetchall()}


def _skriv_radvis(cur, duck: duckdb.DuckDBPyConnection, tabell: str, nyckel: list[str], fore) -> bool:
    """Bara det som ändrats, grupp för grupp: en grupp är en primärnyckel, eller i en tabell utan primärnyckel
    allt från en inläsning (kalla_id). Grupper vars (antal, summa av radhash) skiljer sig från före blocket tas
    bort i PostgreSQL och skrivs in igen som de är nu. Returnerar False om tabellen måste skrivas om hel."""
    kolumner = duck.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
                            "AND table_name = ? ORDER BY column_index", [tabell]).fetchall()
    if {f.name for f in fore.schema} != {k for k, _ in kolumner} or not set(nyckel) <= {k for k, _ in kolumner}:
        return False  # blocket ändrade tabellens kolumner
    lista = ", ".join(f'"{k}"' for k, _ in kolumner)
    # Tabellen före, med samma kolumnordning och typer som i DuckDB (radhashen jämförs).
    fore_sql = "(SELECT " + ", ".join(f'CAST("{k}" AS {typ}) AS "{k}"' for k, typ in kolumner) + f" FROM {_FORE})"
    nycklar = ", ".join(f'"{k}"' for k in nyckel)
    duck.register(_FORE, fore)
    try:
        grupper = (f"SELECT {nycklar}, count(*) AS n, sum(hash(t))::VARCHAR AS h FROM {{}} t "
                   f"GROUP BY {nycklar}")
        andrade = duck.sql(
            f"SELECT DISTINCT {nycklar} FROM (({grupper.format(fore_sql)} EXCEPT {grupper.format(f'main.{tabell}')}) "
            f"UNION ALL ({grupper.format(f'main.{tabell}')} EXCEPT {grupper.format(fore_sql)}))").to_arrow_table()
    finally:
        duck.unregister(_FORE)
    if not andrade.num_rows:
        return True
    if any(andrade.column(k).null_count for k in nyckel):
        return False  # NULL i gruppens nyckel: = träffar den inte i PostgreSQL
    duck.register("_andrade_grupper", andrade)
    try:
        nya = duck.sql(f'SELECT {lista} FROM main."{tabell}" SEMI JOIN _andrade_grupper USING ({nycklar})'
                       ).to_arrow_table()
    finally:
        duck.unregister("_andrade_grupper")
    if nya.num_rows > fore.num_rows // 2:
        return False  # mer än halva tabellen: att skriva om den hel är billigare
    cur.execute(f'CREATE TEMP TABLE "_bort_{tabell}" ON COMMIT DROP AS SELECT {nycklar} FROM "{tabell}" '
                "WITH NO DATA")
    cur.adbc_ingest(f"_bort_{tabell}", andrade, mode="append", temporary=True)
    lika = " AND ".join(f't."{k}" = b."{k}"' for k in nyckel)
    cur.execute(f'DELETE FROM "{tabell}" t USING "_bort_{tabell}" b WHERE {lika}')
    if nya.num_rows:
        cur.execute(f'CREATE TEMP TABLE "_ny_{tabell}" (LIKE "{tabell}") ON COMMIT DROP')
        cur.adbc_ingest(f"_ny_{tabell}", nya, mode="append", temporary=True)
        cur.execute(f'INSERT INTO "{tabell}" ({lista}) SELECT {lista} FROM "_ny_{tabell}"')
    return True


def _skriv_tillbaka(adress: str, duck: duckdb.DuckDBPyConnection, andrade: list[str], ny_version: bool = True,
                    tomma_forst: bool = False, fore: dict[str, object] | None = None) -> int:
    """De ändrade tabellerna till PostgreSQL i en transaktion, med sekvenserna och ett nytt versionsnummer. En
    tabell vars innehåll före blocket finns i [fore] skrivs grupp för grupp (_skriv_radvis: bara de primärnycklar
    eller inläsningar, kalla_id, som ändrats); övriga skrivs om hela (DELETE + COPY)."""
    with _lanad(adress, autocommit=False) as pg, pg.cursor() as cur:
        try:
            return _skriv_tabellerna(pg, cur, duck, andrade, tomma_forst, fore)
        except BaseException:
            pg.rollback()
            raise


def _skriv_tabellerna(pg, cur, duck: duckdb.DuckDBPyConnection, andrade: list[str], tomma_forst: bool,
                      fore: dict[str, object] | None) -> int:
    """_skriv_tillbaka i dess transaktion ([pg], [cur]); bekräftar den och ger det nya versionsnumret."""
    befintliga = set(_tabeller(cur))
    fore = fore or {}
    nycklar = _primarnycklar(cur) if fore else {}
    if tomma_forst:
        for tabell in befintliga:
            cur.execute(f'DELETE FROM "{tabell}"')
    for tabell in andrade:
        nyckel = nycklar.get(tabell) or ["kalla_id"]
        if tabell in fore and tabell in befintliga:
            if _skriv_radvis(cur, duck, tabell, nyckel, fore[tabell]):
                continue
        data = duck.sql(f'SELECT * FROM "{tabell}"').to_arrow_table()
        if tabell in befintliga:
            if not tomma_forst:
                cur.execute(f'DELETE FROM "{tabell}"')
            kolumner = ", ".join(f'"{k}"' for k in data.column_names)
            cur.execute(f'CREATE TEMP TABLE "_ny_{tabell}" (LIKE "{tabell}") ON COMMIT DROP')
            cur.adbc_ingest(f"_ny_{tabell}", data, mode="append", temporary=True)
            cur.execute(f'INSERT INTO "{tabell}" ({kolumner}) SELECT {kolumner} FROM "_ny_{tabell}"')
        else:
            cur.adbc_ingest(tabell, data, mode="create")
    for namn, varde in duck.execute("SELECT sequence_name, last_value FROM duckdb_sequences()").fetchall():
        if varde is not None:
            cur.execute(f"SELECT setval('{namn}', $1)", [int(varde)])
    if paus := os.environ.get("UPPFOLJNING_TEST_PAUS_FORE_PG_COMMIT"):
        # Felinjektion för testerna: stå mitt i PostgreSQL-transaktionen (tabellerna omskrivna, inte bekräftade).
        print("(test) pausar före COMMIT i PostgreSQL", file=sys.stderr, flush=True)
        time.sleep(float(paus))
    cur.execute("INSERT INTO lagring_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE "
                "SET version = lagring_version.version + 1, andrad = LOCALTIMESTAMP RETURNING version")
    version = cur.fetchone()[0]
    # Vilken version varje skriven tabell nu har (läsarna hämtar bara dessa på nytt); en tabell som ännu
    # saknar rad får den här versionen, så att den kan cachas från och med nu.
    cur.execute(_LAGRING_TABELL)
    skrivna = (befintliga | set(andrade)) if tomma_forst else set(andrade)
    for tabell in sorted(befintliga | set(andrade)):
        cur.execute("INSERT INTO lagring_tabell (tabell, version) VALUES ($1, $2) ON CONFLICT (tabell) "
                    + ("DO UPDATE SET version = EXCLUDED.version" if tabell in skrivna else "DO NOTHING"),
                    [tabell, version])
    pg.commit()
    return version


def _skapa_schema(adress: str) -> None:
    pg = _anslut(adress)
    try:
        cur = pg.cursor()
        utan_kommentarer = "\n".join(r for r in pg_schema().splitlines() if not r.lstrip().startswith("--"))
        for sats in utan_kommentarer.split(";\n"):
            if sats.strip():
                cur.execute(sats)
    finally:
        pg.close()


def _migrera_villkor(adress: str) -> None:
    """Villkoren som schemaversion 3 ändrade (uppfoljning/migrering.py), i en PostgreSQL-databas från en tidigare
    version: CHECK på tre respondentgrupper i enkatfraga bort, referens_avvecklad tar respondentgrupper och
    remitterande parter, främmande nycklar till respondentgrupp. Nycklarna läggs NOT VALID (befintliga rader prövas
    inte nu; gruppernas rader skrivs i samma skrivning som migreringen i DuckDB) och prövas vid COMMIT för nya rader.
    Gör ingenting i en databas som redan har villkoren."""
    pg = _anslut(adress, autocommit=False)
    try:
        cur = pg.cursor()

        def villkor(tabell: str, typ: str) -> list[tuple[str, str]]:
            cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                        "to_regclass($1) AND contype = $2", [tabell, typ])
            return cur.fetchall()

        for namn, definition in villkor("enkatfraga", "c"):
            if "chefer" in definition:
                cur.execute(f'ALTER TABLE enkatfraga DROP CONSTRAINT "{namn}"')
        for namn, definition in villkor("referens_avvecklad", "c"):
            if "utfallsmatt" in definition and "respondentgrupp" not in definition:
                cur.execute(f'ALTER TABLE referens_avvecklad DROP CONSTRAINT "{namn}"')
                cur.execute("ALTER TABLE referens_avvecklad ADD CHECK (tabell IN ('plattform', 'kommun', "
                            "'utfallsmatt', 'remitterande_part', 'respondentgrupp'))")
        for tabell in ("enkatfraga", "enkat_resultat", "enkat_svarsfrekvens"):
            if not any("REFERENCES respondentgrupp(respondentgrupp)" in d.replace(" (", "(")
                       for _, d in villkor(tabell, "f")):
                cur.execute(f"ALTER TABLE {tabell} ADD FOREIGN KEY (respondentgrupp) REFERENCES respondentgrupp "
                            "(respondentgrupp) DEFERRABLE INITIALLY DEFERRED NOT VALID")
        pg.commit()
    except BaseException:
        pg.rollback()
        raise
    finally:
        pg.close()


@contextmanager
def skrivning(adress: str, vad: str, meddela: Callable[[str], None] | None, vanta_s: float,
              fran: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """En skrivning: blocket får en DuckDB med en färsk ögonblicksbild (eller säkerhetskopian [fran]); det som
    ändrats skrivs tillbaka i en PostgreSQL-transaktion när blocket gått igenom."""
    from .databas import _ar_diskfel, _diskfel, _uppdatera

    with skrivlas(adress, vad, meddela, vanta_s):
        if fran is not None:
            duck = duckdb.connect(":memory:")
            duck.execute(f"ATTACH '{fran}' AS kopia (READ_ONLY)")
            duck.execute("COPY FROM DATABASE kopia TO memory")
            duck.execute("DETACH kopia")
            fore: dict[str, tuple] = {}
        else:
            duck, _, laddade = _ladda(adress)
            # En härledd tabell som räknades fram vid laddningen (den saknades i PostgreSQL) ska skrivas.
            fore = _avtryck_fore(adress, duck, laddade)
        try:
            yield duck
            efter = _avtryck(duck)
            andrade = [t for t in efter if fore.get(t) != efter[t]]
            if not andrade and fran is None:
                return  # inget ändrat: ingen ny version (läsarna behöver inte ladda om)
            _skriv_tillbaka(adress, duck, andrade, tomma_forst=fran is not None,
                            fore=None if fran is not None else {t: d for t, (_, d) in laddade.items()})
        except duckdb.Error:
            raise
        except Exception as fel:
            if _ar_diskfel(fel) or "No space left" in str(fel):
                raise _diskfel(vad) from None
            if type(fel).__module__.startswith("adbc_driver"):
                raise _fel(fel) from None
            raise
        finally:
            duck.close()


def sakerstall(adress: str, vanta_s: float, datasets: Path | None = None) -> None:
    """Schemat och standarddatan i en tom PostgreSQL-databas (byggs som den inbäddade, från datasets/ eller
    [datasets], t.ex. mallen för en tom installation), och schemat uppdaterat för den här versionen av koden."""
    import tempfile

    from .databas import _las_kodversion, bygg_databas, kodversion, _uppdatera

    if version(adress) is not None:
        if _pg_kodversion(adress) == kodversion():
            return
        _skapa_schema(adress)
        _migrera_villkor(adress)
        with skrivning(adress, "uppdateringen av databasen till den här versionen", None, vanta_s) as duck:
            if _las_kodversion(duck) != kodversion():
                _uppdatera(duck, Path("postgresql"))
        return
    with skrivlas(adress, "bygget av databasen från standarddata", None, vanta_s):
        if version(adress) is not None:
            return
        with tempfile.TemporaryDirectory() as katalog:
            fil = Path(katalog) / "standard.duckdb"
            bygg_databas(fil, datasets)
            fyll_fran_fil(adress, fil)


def fyll_fran_fil(adress: str, fil: Path) -> None:
    """En tom PostgreSQL-databas får schemat och innehållet i databasfilen [fil] (som den är, utan händelse i
    loggen): standarddatan vid första start, och testernas egna databaser (tests/conftest.py)."""
    _skapa_schema(adress)
    duck = duckdb.connect(":memory:")
    try:
        duck.execute(f"ATTACH '{fil}' AS kopia (READ_ONLY)")
        duck.execute("COPY FROM DATABASE kopia TO memory")
        duck.execute("DETACH kopia")
        tabeller = list(_avtryck(duck))
        _skriv_tillbaka(adress, duck, tabeller)
    finally:
        duck.close()


def sakerhetskopiera(adress: str, mal: Path) -> None:
    """En ögonblicksbild av PostgreSQL (REPEATABLE READ) som en DuckDB-fil: samma format som den inbäddade
    lagringens säkerhetskopia, så att en kopia kan återställas i båda."""
    duck, _ = ladda(adress)
    try:
        mal.unlink(missing_ok=True)
        duck.execute(f"ATTACH '{mal}' AS kopia")
        duck.execute("COPY FROM DATABASE memory TO kopia")
        duck.execute("DETACH kopia")
    finally:
        duck.close()


def tagen(fil: Path) -> datetime:
    return datetime.fromtimestamp(fil.stat().st_mtime)
