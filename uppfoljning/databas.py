"""Databasfilen: byggs från standarddata första gången, återanvänds sedan.

Bygget sker i en temporär fil som byter namn först när allt gått igenom, så ett fel i en
inbäddad fil lämnar aldrig en halvbyggd databas efter sig.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from . import fragor, installningar, migrering
from .fel import Fynd, InlasningsFel
from .inlasning import avkoda, las_csv_text, las_in_fil

SCHEMA = Path(__file__).with_name("schema.sql")

# Varje datamapp har en innehållsförteckning: fil -> tabell, i inläsningsordning (referensdata först).
INNEHALL = "innehall.csv"

STANDARDANVANDARE = "standarddata"


def skapa_vyer(con: duckdb.DuckDBPyConnection) -> None:
    """Vyer och makron skapas om vid varje start så att de alltid följer koden i queries/vyer."""
    for namn in fragor.vyer():
        con.execute(fragor.sql(namn))


def innehall(datasets: Path) -> list[tuple[str, str]]:
    """Filerna i en datamapp enligt dess innehall.csv."""
    forteckning = datasets / INNEHALL
    try:
        df = las_csv_text(avkoda(forteckning.read_bytes()), f"{datasets.name}/{INNEHALL}")
    except FileNotFoundError as fel:
        raise InlasningsFel([Fynd(f"{datasets}/{INNEHALL}", "Innehållsförteckningen saknas.")]) from fel
    saknade = {"fil", "tabell"} - set(df.columns)
    if saknade:
        raise InlasningsFel([Fynd(f"{datasets.name}/{INNEHALL}", f"Kolumnen {k} saknas.", rad=1, kolumn=k)
                             for k in sorted(saknade)])
    return list(zip(df["fil"].to_list(), df["tabell"].to_list()))


def bygg_databas(mal: Path, datasets: Path | None = None) -> None:
    """Bygger en ny databasfil från datasets/. Misslyckas något finns ingen fil kvar."""
    datasets = datasets or installningar.datasetmapp()
    mal.parent.mkdir(parents=True, exist_ok=True)
    tillfallig = mal.with_name(f".{mal.name}.bygge-{os.getpid()}")
    tillfallig.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tillfallig))
        try:
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            con.execute("BEGIN TRANSACTION")
            for filnamn, tabell in innehall(datasets):
                las_in_fil(con, tabell, datasets / filnamn, STANDARDANVANDARE,
                           visningsnamn=f"{datasets.name}/{filnamn}")
            con.execute("INSERT INTO databas_info VALUES ('datamapp', ?)", [str(datasets.resolve())])
            migrering.satt_version(con, migrering.SCHEMAVERSION)
            con.execute("COMMIT")
            skapa_vyer(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tillfallig, mal)
    finally:
        tillfallig.unlink(missing_ok=True)
        Path(f"{tillfallig}.wal").unlink(missing_ok=True)


def oppna(sokvag: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Öppnar databasen; bygger den från standarddata om filen inte finns."""
    sokvag = sokvag or installningar.databasfil()
    if not sokvag.exists():
        bygg_databas(sokvag)
    con = duckdb.connect(str(sokvag), read_only=read_only)
    if not read_only:
        # Migreringen först: en databas från en nyare version vägras, och säkerhetskopian tas, innan schemat
        # lagt till något (annars ändrar en ny tabell i schema.sql en databas som ska lämnas orörd).
        try:
            migrering.migrera(con, sokvag)
        except BaseException:
            con.close()
            raise
        # Schemat är idempotent (IF NOT EXISTS): tabeller som tillkommit i en ny version skapas här.
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        fyll_nya_referenstabeller(con)
        skapa_vyer(con)
    return con


def fyll_nya_referenstabeller(con: duckdb.DuckDBPyConnection, datasets: Path | None = None) -> None:
    """En referenstabell som tillkommit i en ny version är tom i en äldre databas: fyll den från datasets/."""
    if datasets is None:
        # Samma datamapp som databasen byggdes från; ett annat förbunds referensdata passar inte.
        rad = con.execute("SELECT varde FROM databas_info WHERE nyckel = 'datamapp'").fetchall()
        datasets = Path(rad[0][0]) if rad else installningar.datasetmapp()
    if not (datasets / INNEHALL).exists():
        return
    for filnamn, tabell in innehall(datasets):
        if not filnamn.startswith("referens/"):
            continue
        if con.execute(f'SELECT count(*) FROM "{tabell}"').fetchall()[0][0] == 0:
            las_in_fil(con, tabell, datasets / filnamn, STANDARDANVANDARE, visningsnamn=f"{datasets.name}/{filnamn}")
