"""Var saker finns: repots mappar och databasfilen (styrs av miljövariabeln UPPFOLJNING_DB)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
DATASETS = ROT / "datasets"
FRAGOR = ROT / "queries"
MALRAMVERK = ROT / "goals.yaml"


def databasfil() -> Path:
    """Databasens plats: UPPFOLJNING_DB om den är satt, annars ./data/ i repot."""
    satt = os.environ.get("UPPFOLJNING_DB")
    return Path(satt) if satt else ROT / "data" / "uppfoljning.duckdb"


def databasadress() -> str:
    """Databasen som text: en fil (den inbäddade lagringen) eller en PostgreSQL-adress (postgresql://…)."""
    satt = os.environ.get("UPPFOLJNING_DB", "").strip()
    return satt if satt.startswith(("postgresql://", "postgres://")) else str(databasfil())


def malramverksfil() -> Path:
    satt = os.environ.get("UPPFOLJNING_MAL")
    return Path(satt) if satt else MALRAMVERK


def datasetmapp() -> Path:
    satt = os.environ.get("UPPFOLJNING_DATASETS")
    return Path(satt) if satt else DATASETS


def _heltal(namn: str, standard: int) -> int:
    satt = os.environ.get(namn, "").strip()
    if not satt:
        return standard
    try:
        varde = int(satt)
    except ValueError:
        varde = -1
    if varde < 0:
        raise ValueError(f"Inställningen {namn} ska vara ett heltal 0 eller större, inte \"{satt}\".")
    return varde


def ar_fore_forsta_period() -> int:
    """Hur många år före målramverkets första period som datum och år godtas vid inläsning
    (UPPFOLJNING_AR_FORE_FORSTA_PERIOD, standard 10). Tio år rymmer en hel ESF-programperiod (sju år) med
    deltagare som började i en tidigare insats, och tidigare års rapporterade värden, men stoppar 1850."""
    return _heltal("UPPFOLJNING_AR_FORE_FORSTA_PERIOD", 10)


def dagar_efter_i_dag() -> int:
    """Hur många dagar efter dagens datum som ett datum godtas vid inläsning (UPPFOLJNING_DAGAR_EFTER_I_DAG,
    standard 31): en start som är inbokad inom en månad går igenom, ett datum nästa år inte."""
    return _heltal("UPPFOLJNING_DAGAR_EFTER_I_DAG", 31)


@dataclass(frozen=True)
class Lasgranser:
    """Gränser för en uppladdad fil, prövade innan något tolkas. Valda så att en verklig export (en miljon
    deltagarrader i CSV eller Excel, bench/) ryms med god marginal men en bomb stoppas innan den allokerar.
    Ändras genom att byta LASGRANSER (t.ex. dataclasses.replace i ett test)."""

    kolumner: int = 2_000  # kolumner i ett blad eller en CSV-fil (Excel tillåter 16 384)
    celler: int = 16_000_000  # rader × kolumner i bladets utsträckning (Excel-läsaren allokerar så många)
    radlangd: int = 1 << 20  # byte på en CSV-rad (en Excel-cell rymmer 32 767 tecken)
    zip_poster: int = 2_000  # filer i Excel-filens zip-arkiv (en vanlig xlsx har 10–30)
    zip_post_byte: int = 1 << 30  # uppackad storlek för en post (bladet med en miljon rader är ca 400 MB)
    zip_totalt_byte: int = 3 << 29  # uppackad storlek för hela arkivet (1,5 GiB)
    zip_kvot: int = 100  # uppackad/packad för en post större än 1 MiB (verkliga blad 5–20)
    minne_byte: int = 4 << 30  # adressrymd (inte RSS) för processen som tolkar en Excel-fil; en miljon rader
    # behöver 2,5 GiB adressrymd (0,8 GiB RSS)
    tid_s: float = 120.0  # tid för en tolkning, inklusive väntan på en ledig plats
    samtidiga: int = 2  # tolkningar samtidigt per serverprocess


LASGRANSER = Lasgranser()


def tillganglighetskontakt() -> str | None:
    """Vart brister i tillgängligheten rapporteras (UPPFOLJNING_TILLGANGLIGHET_KONTAKT: en e-postadress, ett
    telefonnummer eller en webbadress), visad i tillgänglighetsredogörelsen. None: inte angiven."""
    satt = os.environ.get("UPPFOLJNING_TILLGANGLIGHET_KONTAKT", "").strip()
    return satt or None
