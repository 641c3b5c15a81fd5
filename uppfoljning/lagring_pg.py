"""PostgreSQL som lagring (UPPFOLJNING_DB=postgresql://…): för flera appinstanser och maskiner på samma data.

PostgreSQL är systemet där datan lagras: samma tabeller och begränsningar som den inbäddade databasen
(uppfoljning/schema.sql, översatt), ett versionsnummer som ökar vid varje ändring (tabellen lagring_version) och
samma händelselogg. Frågorna i queries/ är DuckDB-SQL, så varje process läser en ögonblicksbild av PostgreSQL in
i en DuckDB i minnet (ladda) och kör frågorna oförändrade där; appen laddar om när versionen ändrats, vid nästa
sidvisning.

En skrivning (skrivning) tar ett advisory-lås i PostgreSQL (den som väntar ser vem som skriver), laddar en färsk
ögonblicksbild, låter blocket skriva i den med samma kod som den inbäddade lagringen, och skriver sedan tillbaka
de tabeller som ändrats i en enda PostgreSQL-transaktion (DELETE + COPY) tillsammans med sekvenserna och ett nytt
versionsnummer. Dör skrivaren rullar PostgreSQL tillbaka transaktionen och släpper låset.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

LAS_NYCKEL = 7_317_001  # advisory-låsets nummer: "uppföljningens skrivlås"
_SYSTEMTABELLER = {"lagring_version"}


def ar_adress(adress: str) -> bool:
    return adress.startswith(("postgresql://", "postgres://"))


def _anslut(adress: str, autocommit: bool = True):
    import adbc_driver_postgresql.dbapi as pg

    return pg.connect(adress, autocommit=autocommit)


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
    return sql + """
CREATE TABLE IF NOT EXISTS lagring_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    andrad  TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP
);
"""


_VERSIONSANSLUTNING: dict[str, object] = {}
_VERSIONSLAS = threading.Lock()


def version(adress: str) -> int | None:
    """Versionsnumret (ökar vid varje skrivning), eller None om databasen ännu är tom. Frågas vid varje
    sidvisning, över en anslutning som processen behåller (en ny anslutning kostar mer än frågan)."""
    with _VERSIONSLAS:
        for forsok in range(2):
            con = _VERSIONSANSLUTNING.get(adress)
            try:
                if con is None:
                    con = _VERSIONSANSLUTNING[adress] = _anslut(adress)
                cur = con.cursor()
                cur.execute("SELECT to_regclass('lagring_version') IS NOT NULL")
                if not cur.fetchone()[0]:
                    return None
                cur.execute("SELECT version FROM lagring_version WHERE id = 1")
                rad = cur.fetchone()
                return rad[0] if rad else None
            except Exception as fel:
                _VERSIONSANSLUTNING.pop(adress, None)
                try:
                    if con is not None:
                        con.close()
                except Exception:
                    pass
                if forsok:  # en gång till med en ny anslutning (servern kan ha startats om)
                    raise _fel(fel) from None
    return None


def stang_anslutningar() -> None:
    """Stänger processens behållna anslutningar (testerna, innan en databas tas bort)."""
    with _VERSIONSLAS:
        for con in _VERSIONSANSLUTNING.values():
            try:
                con.close()
            except Exception:
                pass
        _VERSIONSANSLUTNING.clear()


def _i_schemats_ordning(tabeller) -> list[str]:
    """Tabellerna i schema.sql:s ordning (en refererad tabell före den som pekar på den), sedan övriga."""
    from .databas import SCHEMA

    ordning = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA.read_text(encoding="utf-8"))
    tabeller = set(tabeller)
    return [t for t in ordning if t in tabeller] + sorted(tabeller - set(ordning))


def _pg_kodversion(adress: str) -> str | None:
    pg = _anslut(adress)
    try:
        cur = pg.cursor()
        cur.execute("SELECT varde FROM databas_info WHERE nyckel = 'kodversion'")
        rad = cur.fetchone()
        return rad[0] if rad else None
    finally:
        pg.close()


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


def _ladda(adress: str) -> tuple[duckdb.DuckDBPyConnection, int, set[str]]:
    """En ögonblicksbild av PostgreSQL (REPEATABLE READ: alla tabeller från samma ögonblick) i en DuckDB i
    minnet, med vyer och makron; returnerar den och versionsnumret den motsvarar."""
    try:
        pg = _anslut(adress, autocommit=False)
    except Exception as fel:
        raise _fel(fel) from None
    try:
        cur = pg.cursor()
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT version FROM lagring_version WHERE id = 1")
        version = cur.fetchone()[0]
        tabeller = _tabeller(cur)
        duck = duckdb.connect(":memory:")
        duck.execute(_duckdb_schema(_sekvenser(cur)))
        for tabell in tabeller:
            cur.execute(f'SELECT * FROM "{tabell}"')
            data = cur.fetch_arrow_table()  # noqa: F841 - läses av DuckDB via namnet
            if duck.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [tabell]).fetchall()[0][0]:
                duck.execute(f'INSERT INTO "{tabell}" BY NAME SELECT * FROM data')
            else:
                duck.execute(f'CREATE TABLE "{tabell}" AS SELECT * FROM data')
        pg.rollback()
    finally:
        pg.close()
    _skapa_vyer(duck, set(tabeller))
    return duck, version, set(tabeller)


def _avtryck(duck: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Antal rader och en summa av radernas hash per tabell: vilka tabeller en skrivning ändrade."""
    tabeller = [r[0] for r in duck.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary"
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
    """Advisory-låset i PostgreSQL (sessionslås: släpps när anslutningen stängs eller processen dör)."""
    from . import personnummer
    from .databas import DatabasFel

    try:
        pg = _anslut(adress)
    except Exception as fel:
        raise _fel(fel) from None
    try:
        cur = pg.cursor()
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
    finally:
        pg.close()  # släpper låset


def _skriv_tillbaka(adress: str, duck: duckdb.DuckDBPyConnection, andrade: list[str], ny_version: bool = True,
                    tomma_forst: bool = False) -> int:
    """De ändrade tabellerna till PostgreSQL i en transaktion, med sekvenserna och ett nytt versionsnummer."""
    pg = _anslut(adress, autocommit=False)
    try:
        cur = pg.cursor()
        befintliga = set(_tabeller(cur))
        if tomma_forst:
            for tabell in befintliga:
                cur.execute(f'DELETE FROM "{tabell}"')
        for tabell in andrade:
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
        pg.commit()
        return version
    except BaseException:
        pg.rollback()
        raise
    finally:
        pg.close()


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
            fore = {t: a for t, a in _avtryck(duck).items() if t in laddade}
        try:
            yield duck
            efter = _avtryck(duck)
            andrade = [t for t in efter if fore.get(t) != efter[t]]
            _skriv_tillbaka(adress, duck, andrade, tomma_forst=fran is not None)
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


def sakerstall(adress: str, vanta_s: float) -> None:
    """Schemat och standarddatan i en tom PostgreSQL-databas (byggs som den inbäddade, från datasets/), och
    schemat uppdaterat för den här versionen av koden."""
    import tempfile

    from .databas import _las_kodversion, bygg_databas, kodversion, _uppdatera

    if version(adress) is not None:
        if _pg_kodversion(adress) == kodversion():
            return
        _skapa_schema(adress)
        with skrivning(adress, "uppdateringen av databasen till den här versionen", None, vanta_s) as duck:
            if _las_kodversion(duck) != kodversion():
                _uppdatera(duck, Path("postgresql"))
        return
    with skrivlas(adress, "bygget av databasen från standarddata", None, vanta_s):
        if version(adress) is not None:
            return
        _skapa_schema(adress)
        with tempfile.TemporaryDirectory() as katalog:
            fil = Path(katalog) / "standard.duckdb"
            bygg_databas(fil)
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
