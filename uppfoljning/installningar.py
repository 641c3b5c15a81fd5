"""Var saker finns: repots mappar och databasfilen (styrs av miljövariabeln UPPFOLJNING_DB)."""

from __future__ import annotations

import os
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
DATASETS = ROT / "datasets"
FRAGOR = ROT / "queries"
MALRAMVERK = ROT / "goals.yaml"


def databasfil() -> Path:
    """Databasens plats: UPPFOLJNING_DB om den är satt, annars ./data/ i repot."""
    satt = os.environ.get("UPPFOLJNING_DB")
    return Path(satt) if satt else ROT / "data" / "uppfoljning.duckdb"


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
