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


# (beskrivning, steg): steg nummer i tar databasen från version i + 1 till i + 2.
MIGRERINGAR: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    ("personnummer som en äldre version lagrat i filnamn och fritext maskeras", _maskera_personnummer_i_text),
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
