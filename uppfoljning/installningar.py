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
