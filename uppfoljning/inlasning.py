"""Läser en tabellfil (CSV) in i en lagrad tabell, med kontroll före lagring.

Tabellens form bestäms av databasens schema (schema.sql): kolumner, typer, NOT NULL,
främmande nycklar och CHECK-villkor. Allt som bryter mot dem blir ett Fynd med fil, rad
och kolumn, och ingenting sparas.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from .fel import Fynd, InlasningsFel

# Så många fel per kolumn räcker för att användaren ska se mönstret.
MAX_FYND_PER_KOLUMN = 5

_SANT = {"true", "ja", "1", "sant", "x"}
_FALSKT = {"false", "nej", "0", "falskt", ""}


@dataclass(frozen=True)
class Kolumn:
    namn: str
    typ: str
    obligatorisk: bool
    # Får utelämnas i filen: nullbar eller med standardvärde i schemat.
    valfri_i_fil: bool


def tabellens_kolumner(con: duckdb.DuckDBPyConnection, tabell: str) -> list[Kolumn]:
    """Kolumnerna en fil ska ha för tabellen: alla utom kalla_id, som inläsningen sätter."""
    rader = con.execute(
        "SELECT column_name, data_type, is_nullable, column_default IS NOT NULL FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [tabell],
    ).fetchall()
    if not rader:
        raise ValueError(f"Okänd tabell {tabell}")
    return [Kolumn(n, t, not nullbar, nullbar or standard) for n, t, nullbar, standard in rader if n != "kalla_id"]


def avkoda(innehall: bytes) -> str:
    """UTF-8 (med eller utan BOM) i första hand; Windows-1252 är vad Excel sparar annars."""
    try:
        return innehall.decode("utf-8-sig")
    except UnicodeDecodeError:
        return innehall.decode("cp1252")


def las_csv_text(text: str, fil: str) -> pl.DataFrame:
    """Alla värden som text; typerna bestäms av tabellen, inte av gissning."""
    if not text.strip():
        raise InlasningsFel([Fynd(fil, "Filen är tom.")])
    forsta = text.splitlines()[0]
    separator = ";" if forsta.count(";") >= forsta.count(",") else ","
    try:
        return pl.read_csv(
            io.StringIO(text),
            separator=separator,
            infer_schema=False,
        )
    except pl.exceptions.PolarsError as fel:
        raise InlasningsFel([Fynd(fil, f"Filen kunde inte läsas som CSV ({fel}).")]) from fel


def _typa_kolumn(varden: pl.Series, kolumn: Kolumn) -> tuple[pl.Series, str]:
    """Typad kolumn samt en beskrivning av vad som förväntas, för felmeddelandet."""
    text = varden.str.strip_chars()
    text = text.replace("", None)
    typ = kolumn.typ.upper()
    if typ in {"INTEGER", "BIGINT", "SMALLINT"}:
        rensad = text.str.replace_all(r"[\s\u00a0]", "")
        return rensad.cast(pl.Int64, strict=False), "ett heltal"
    if typ in {"DOUBLE", "FLOAT", "REAL"} or typ.startswith("DECIMAL"):
        rensad = text.str.replace_all(r"[\s\u00a0%]", "").str.replace(",", ".", literal=True)
        return rensad.cast(pl.Float64, strict=False), "ett tal"
    if typ == "BOOLEAN":
        tolkning = {**{v: True for v in _SANT}, **{v: False for v in _FALSKT}}
        return text.str.to_lowercase().replace_strict(tolkning, default=None, return_dtype=pl.Boolean), "ja eller nej"
    if typ == "DATE":
        return text.str.to_date("%Y-%m-%d", strict=False), "ett datum (ÅÅÅÅ-MM-DD)"
    return text, "text"


def typa(df: pl.DataFrame, kolumner: list[Kolumn], fil: str) -> pl.DataFrame:
    """Kontrollerar rubriker, typer och obligatoriska värden. Kastar InlasningsFel med alla fynd."""
    fynd: list[Fynd] = []
    rubriker = [r.strip() for r in df.columns]
    df = df.rename(dict(zip(df.columns, rubriker)))
    forvantade = [k.namn for k in kolumner]
    for saknad in [k.namn for k in kolumner if k.namn not in rubriker and not k.valfri_i_fil]:
        fynd.append(Fynd(fil, f"Kolumnen {saknad} saknas. Filen ska ha kolumnerna: {', '.join(forvantade)}.",
                         rad=1, kolumn=saknad))
    for extra in [r for r in rubriker if r not in forvantade]:
        fynd.append(Fynd(fil, f"Kolumnen {extra} är okänd för den här datamängden.", rad=1, kolumn=extra))
    if fynd:
        raise InlasningsFel(fynd)

    typade = {}
    for kolumn in kolumner:
        if kolumn.namn not in rubriker:
            continue
        ratt = df[kolumn.namn]
        typad, forvantat = _typa_kolumn(ratt, kolumn)
        ifylld = ratt.str.strip_chars().replace("", None).is_not_null()
        felaktiga = (ifylld & typad.is_null()).arg_true().to_list()
        for i in felaktiga[:MAX_FYND_PER_KOLUMN]:
            fynd.append(Fynd(fil, f"Värdet ska vara {forvantat}.", rad=i + 2, kolumn=kolumn.namn))
        if kolumn.obligatorisk:
            for i in (~ifylld).arg_true().to_list()[:MAX_FYND_PER_KOLUMN]:
                fynd.append(Fynd(fil, "Värde saknas men krävs.", rad=i + 2, kolumn=kolumn.namn))
        typade[kolumn.namn] = typad
    if fynd:
        raise InlasningsFel(fynd)
    return pl.DataFrame(typade, height=df.height)


def kontrollera_nycklar(con: duckdb.DuckDBPyConnection, tabell: str, df: pl.DataFrame, fil: str) -> None:
    """Värden som ska finnas i referensdata (plattform, kommun, mått ...) och inte gör det."""
    nycklar = con.execute(
        "SELECT constraint_column_names, referenced_table, referenced_column_names "
        "FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'FOREIGN KEY'",
        [tabell],
    ).fetchall()
    fynd: list[Fynd] = []
    ny = df  # noqa: F841 - läses av DuckDB via namnet
    for kolumner, ref_tabell, ref_kolumner in nycklar:
        if not set(kolumner) <= set(df.columns):
            continue
        ifyllda = " AND ".join(f"n.{k} IS NOT NULL" for k in kolumner)
        lika = " AND ".join(f"r.{r} = n.{k}" for k, r in zip(kolumner, ref_kolumner))
        saknas = con.execute(
            f"SELECT rad, {', '.join(f'n.{k}' for k in kolumner)} "
            f"FROM (SELECT *, row_number() OVER () AS rad FROM ny) AS n "
            f'WHERE {ifyllda} AND NOT EXISTS (SELECT 1 FROM "{ref_tabell}" AS r WHERE {lika}) '
            f"ORDER BY rad LIMIT 20"
        ).fetchall()
        for rad, *varden in saknas:
            varde = ", ".join(str(v) for v in varden)
            fynd.append(Fynd(fil, f"Värdet {varde} finns inte i referensdata ({ref_tabell}).",
                             rad=rad + 1, kolumn=", ".join(kolumner)))
    if fynd:
        raise InlasningsFel(fynd)


def registrera_kalla(con, datamangd: str, fil: str, innehall: bytes, antal_rader: int,
                     inlast_av: str, blad: str | None = None) -> int:
    return con.execute(
        "INSERT INTO kalla (datamangd, filnamn, sha256, blad, antal_rader, inlast, inlast_av) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING kalla_id",
        [datamangd, fil, hashlib.sha256(innehall).hexdigest(), blad, antal_rader,
         datetime.now().replace(microsecond=0), inlast_av],
    ).fetchone()[0]


def kontrollera_villkor(con: duckdb.DuckDBPyConnection, tabell: str, df: pl.DataFrame, fil: str) -> None:
    """Tabellens CHECK-villkor (antal >= 0, procent 0-100 ...) prövade rad för rad före lagring."""
    villkor = con.execute(
        "SELECT expression, constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'CHECK'",
        [tabell],
    ).fetchall()
    fynd: list[Fynd] = []
    ny = df  # noqa: F841 - läses av DuckDB via namnet
    for uttryck, kolumner in villkor:
        if not set(kolumner) <= set(df.columns):
            continue
        brott = con.execute(
            f"SELECT rad FROM (SELECT *, row_number() OVER () AS rad FROM ny) "
            f"WHERE NOT coalesce(({uttryck}), true) ORDER BY rad LIMIT {MAX_FYND_PER_KOLUMN}"
        ).fetchall()
        for (rad,) in brott:
            fynd.append(Fynd(fil, _villkor_i_ord(uttryck), rad=rad + 1, kolumn=", ".join(dict.fromkeys(kolumner))))
    if fynd:
        raise InlasningsFel(fynd)


def _villkor_i_ord(uttryck: str) -> str:
    if ">= 0" in uttryck and "<=" not in uttryck:
        return "Antalet får inte vara negativt."
    if "BETWEEN 0 AND 100" in uttryck:
        return "Procent ska ligga mellan 0 och 100."
    if "<=" in uttryck:
        return f"En del är större än helheten ({uttryck})."
    return f"Raden bryter mot regeln {uttryck}."


def spara(con: duckdb.DuckDBPyConnection, tabell: str, df: pl.DataFrame, kalla_id: int) -> None:
    kolumner = ", ".join(df.columns)
    ny = df  # noqa: F841 - läses av DuckDB via namnet
    har_kalla = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = 'kalla_id'", [tabell]
    ).fetchone()[0]
    if har_kalla:
        con.execute(f'INSERT INTO "{tabell}" ({kolumner}, kalla_id) SELECT {kolumner}, {int(kalla_id)} FROM ny')
    else:
        con.execute(f'INSERT INTO "{tabell}" ({kolumner}) SELECT {kolumner} FROM ny')


def las_in_fil(con: duckdb.DuckDBPyConnection, tabell: str, sokvag: Path, inlast_av: str,
               visningsnamn: str | None = None) -> int:
    """Läser, kontrollerar och sparar en CSV-fil i tabellen. Returnerar antal rader."""
    fil = visningsnamn or sokvag.name
    try:
        innehall = sokvag.read_bytes()
    except FileNotFoundError as fel:
        raise InlasningsFel([Fynd(fil, "Filen finns inte.")]) from fel
    df = typa(las_csv_text(avkoda(innehall), fil), tabellens_kolumner(con, tabell), fil)
    kontrollera_nycklar(con, tabell, df, fil)
    kontrollera_villkor(con, tabell, df, fil)
    kalla_id = registrera_kalla(con, tabell, fil, innehall, df.height, inlast_av)
    spara(con, tabell, df, kalla_id)
    return df.height
