"""Kör de namngivna frågorna i queries/. Varje siffra på en sida kommer härifrån."""

from __future__ import annotations

from functools import cache

import duckdb
import polars as pl

from . import installningar


@cache
def sql(namn: str) -> str:
    fil = installningar.FRAGOR / f"{namn}.sql"
    return fil.read_text(encoding="utf-8")


def vyer() -> list[str]:
    """Filerna i queries/vyer/ (vyer, makron och härledda tabeller) i den ordning de skapas: som namn till sql()."""
    return [f"vyer/{fil.stem}" for fil in sorted((installningar.FRAGOR / "vyer").glob("*.sql"))]


def kor(con: duckdb.DuckDBPyConnection, namn: str, **parametrar) -> pl.DataFrame:
    """Kör queries/<namn>.sql med namngivna parametrar ($period, $plattformar ...)."""
    text = sql(namn)
    # DuckDB vill bara ha de parametrar som frågan använder.
    anvanda = {k: v for k, v in parametrar.items() if f"${k}" in text}
    return con.sql(text, params=anvanda or None).pl()
