"""Schemaversioner: en databas gjord av en tidigare version av produkten uppdateras på plats, aldrig byggs om.

Versionen står i databas_info ('schemaversion'). En databas utan versionsrad är version 1: lagringsmodellen
som den såg ut innan versionerna infördes (main 86b3cc5). Varje steg i MIGRERINGAR tar databasen från en
version till nästa. Före första steget kopieras filen till `<namn>.fore-schema-<version>-<tid>.duckdb` bredvid
databasen, så att en migrering som går fel kan ångras genom att kopian läggs tillbaka; alla steg körs sedan i
en transaktion, så att databasen antingen är helt uppdaterad eller orörd.

Ett nytt steg: lägg en funktion (con) -> None sist i MIGRERINGAR med en mening om vad den gör. Nya tabeller
och kolumner med standardvärde kan också läggas i schema.sql (IF NOT EXISTS), men allt som ändrar befintliga
rader hör hemma här.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb

from . import personnummer


class MigreringsFel(RuntimeError):
    """Meddelandet är till användaren."""


# Fritext och proveniens som en äldre version lagrade utan att pröva dem mot personnummer.
_FRITEXT = (("kalla", "filnamn"), ("kalla", "blad"), ("kalla", "inlast_av"), ("kalla_varning", "meddelande"),
            ("handelse", "anvandare"), ("handelse", "beskrivning"), ("styrelsens_bedomning", "text"),
            ("styrelsens_bedomning", "sparad_av"))


def _maskera_personnummer_i_text(con: duckdb.DuckDBPyConnection) -> None:
    """Personnummer i filnamn och fritext som en äldre version lagrade (filnamnet, bladnamnet och analysen
    prövades inte då) maskeras. Datatabellernas celler prövades redan vid inläsningen."""
    finns = set(con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'")
                .fetchall())
    for tabell, kolumn in _FRITEXT:
        if (tabell, kolumn) not in finns:
            continue
        varden = [v for (v,) in con.execute(f'SELECT DISTINCT "{kolumn}" FROM "{tabell}" WHERE "{kolumn}" IS NOT NULL')
                  .fetchall() if personnummer.innehaller(v)]
        for varde in varden:
            con.execute(f'UPDATE "{tabell}" SET "{kolumn}" = ? WHERE "{kolumn}" = ?',
                        [personnummer.maskera(varde), varde])


def _har_check(con: duckdb.DuckDBPyConnection, tabell: str, ord_: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = ? "
                            "AND constraint_type = 'CHECK' AND expression LIKE ?", [tabell, f"%{ord_}%"])
                .fetchall()[0][0])


def _tabeller(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}


# Tabellerna som version 3 skapar om, som de ser ut i version 3 (frysta här: schema.sql kan ändras senare).
_RESPONDENTGRUPP_V3 = {
    "respondentgrupp": """CREATE TABLE respondentgrupp (
        respondentgrupp VARCHAR PRIMARY KEY, namn VARCHAR NOT NULL, sortering INTEGER NOT NULL)""",
    "enkatfraga": """CREATE TABLE enkatfraga (
        respondentgrupp VARCHAR NOT NULL REFERENCES respondentgrupp (respondentgrupp),
        fraga_id VARCHAR NOT NULL, text VARCHAR NOT NULL,
        svarstyp VARCHAR NOT NULL CHECK (svarstyp IN ('sexgradig', 'ja_nej')), sortering INTEGER NOT NULL,
        PRIMARY KEY (respondentgrupp, fraga_id))""",
    "enkat_resultat": """CREATE TABLE enkat_resultat (
        period INTEGER NOT NULL, plattform_id VARCHAR NOT NULL REFERENCES plattform (plattform_id),
        respondentgrupp VARCHAR NOT NULL REFERENCES respondentgrupp (respondentgrupp),
        fraga_id VARCHAR NOT NULL, kon VARCHAR NOT NULL REFERENCES enkat_kon (kon),
        antal_svar INTEGER CHECK (antal_svar >= 0),
        antal_positiva INTEGER CHECK (antal_positiva >= 0 AND antal_positiva <= antal_svar),
        andel_rapporterad DOUBLE CHECK (andel_rapporterad BETWEEN 0 AND 100), kalla_id INTEGER NOT NULL,
        FOREIGN KEY (respondentgrupp, fraga_id) REFERENCES enkatfraga (respondentgrupp, fraga_id),
        CHECK (antal_svar IS NOT NULL OR andel_rapporterad IS NOT NULL))""",
    "enkat_svarsfrekvens": """CREATE TABLE enkat_svarsfrekvens (
        period INTEGER NOT NULL, plattform_id VARCHAR NOT NULL REFERENCES plattform (plattform_id),
        respondentgrupp VARCHAR NOT NULL REFERENCES respondentgrupp (respondentgrupp),
        antal_inbjudna INTEGER CHECK (antal_inbjudna >= 0), antal_svar INTEGER CHECK (antal_svar >= 0),
        svarsfrekvens_rapporterad DOUBLE CHECK (svarsfrekvens_rapporterad BETWEEN 0 AND 100),
        redovisas_ej BOOLEAN NOT NULL, kalla_id INTEGER NOT NULL)""",
    "referens_avvecklad": """CREATE TABLE referens_avvecklad (
        tabell VARCHAR NOT NULL CHECK (tabell IN ('plattform', 'kommun', 'utfallsmatt', 'remitterande_part',
                                                  'respondentgrupp')),
        id VARCHAR NOT NULL, avvecklad TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
        avvecklad_av VARCHAR NOT NULL, PRIMARY KEY (tabell, id))""",
}
# De tre grupper som CHECK-villkoret tillät, med namnen som appen visade för dem.
_GRUPPER_V2 = (("deltagare", "Deltagare", 1), ("medarbetare", "Medarbetare", 2), ("chefer", "Chefer", 3))


def _respondentgrupp_som_referensdata(con: duckdb.DuckDBPyConnection) -> None:
    """Respondentgruppen blir referensdata: tabellen respondentgrupp (med de tre grupper som CHECK-villkoret i
    enkatfraga tillät) och främmande nycklar dit från enkatfraga, enkat_resultat och enkat_svarsfrekvens; avvecklade
    respondentgrupper och remitterande parter kan lagras. DuckDB kan inte ta bort ett villkor, så tabellerna skapas
    om med samma rader (enkat_resultat pekar på enkatfraga och skapas om med den)."""
    finns = _tabeller(con)
    if "respondentgrupp" not in finns:
        con.execute(_RESPONDENTGRUPP_V3["respondentgrupp"])
    kanda = {g for (g,) in con.execute("SELECT respondentgrupp FROM respondentgrupp").fetchall()}
    for rad in _GRUPPER_V2:
        if rad[0] not in kanda:
            con.execute("INSERT INTO respondentgrupp VALUES (?, ?, ?)", list(rad))
    om = [t for t in ("enkat_resultat", "enkatfraga", "enkat_svarsfrekvens", "referens_avvecklad") if t in finns]
    if not (("enkatfraga" in finns and _har_check(con, "enkatfraga", "chefer"))
            or ("referens_avvecklad" in finns and not _har_check(con, "referens_avvecklad", "respondentgrupp"))
            or "enkat_svarsfrekvens" in finns and not con.execute(
                "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'enkat_svarsfrekvens' AND "
                "constraint_type = 'FOREIGN KEY' AND list_contains(constraint_column_names, 'respondentgrupp')")
            .fetchall()[0][0]):
        return
    # Raderna i samma ordning som förut; kopiorna är temporära tabeller i transaktionen.
    for tabell in om:
        con.execute(f'CREATE TEMP TABLE "_v2_{tabell}" AS SELECT * FROM "{tabell}"')
    for tabell in om:  # den som pekar på en annan först
        con.execute(f'DROP TABLE "{tabell}"')
    for tabell in reversed(om):
        con.execute(_RESPONDENTGRUPP_V3[tabell])
        kolumner = ", ".join(f'"{k}"' for (k,) in con.execute(
            f"SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = '{tabell}' "
            "ORDER BY column_index").fetchall())
        con.execute(f'INSERT INTO "{tabell}" ({kolumner}) SELECT {kolumner} FROM "_v2_{tabell}"')
        con.execute(f'DROP TABLE "_v2_{tabell}"')


# (beskrivning, steg): steg nummer i tar databasen från version i + 1 till i + 2.
MIGRERINGAR: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("personnummer som en äldre version lagrat i filnamn och fritext maskeras", _maskera_personnummer_i_text),
    ("respondentgruppen blir referensdata (tabellen respondentgrupp i stället för ett CHECK-villkor)",
     _respondentgrupp_som_referensdata),
]
SCHEMAVERSION = len(MIGRERINGAR) + 1


def version(con: duckdb.DuckDBPyConnection) -> int:
    rad = con.execute("SELECT varde FROM databas_info WHERE nyckel = 'schemaversion'").fetchall()
    return int(rad[0][0]) if rad else 1


def satt_version(con: duckdb.DuckDBPyConnection, ny: int) -> None:
    con.execute("DELETE FROM databas_info WHERE nyckel = 'schemaversion'")
    con.execute("INSERT INTO databas_info VALUES ('schemaversion', ?)", [str(ny)])


def migrera(con: duckdb.DuckDBPyConnection, sokvag: Path) -> Path | None:
    """Uppdaterar databasen till SCHEMAVERSION. Returnerar säkerhetskopian som gjordes, eller None när databasen
    redan var aktuell. En databas från en nyare version av produkten rörs inte."""
    nu = version(con)
    if nu > SCHEMAVERSION:
        raise MigreringsFel(f"Databasen {sokvag.name} är gjord av en nyare version av produkten (schemaversion {nu}; "
                            f"den här versionen känner till {SCHEMAVERSION}). Uppdatera produkten; databasen har "
                            "inte ändrats.")
    if nu == SCHEMAVERSION:
        return None
    con.execute("CHECKPOINT")
    kopia = None
    # PostgreSQL-lagringen migrerar en DuckDB i minnet (sokvag finns inte som fil); lagring_pg tar kopian.
    if sokvag.exists():
        kopia = sokvag.with_name(f"{sokvag.stem}.fore-schema-{nu}-{datetime.now():%Y%m%d-%H%M%S}{sokvag.suffix}")
        shutil.copy2(sokvag, kopia)
    con.execute("BEGIN TRANSACTION")
    try:
        for beskrivning, steg in MIGRERINGAR[nu - 1:]:
            steg(con)
        satt_version(con, SCHEMAVERSION)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")
    return kopia
