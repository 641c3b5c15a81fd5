"""Tabeller som filer: CSV för Excel på svenska och Excel-arbetsböcker med ett blad per tabell."""

from __future__ import annotations

import io
import re

import polars as pl


def csv_bytes(tabell: pl.DataFrame) -> bytes:
    """Semikolon och decimalkomma som svensk Excel väntar sig; BOM så att å, ä, ö visas rätt."""
    ut = tabell.with_columns(
        pl.col(c).cast(pl.String).str.replace(".", ",", literal=True)
        for c, t in tabell.schema.items() if t.is_float()
    )
    return "\ufeff".encode() + ut.write_csv(separator=";").encode("utf-8")


def _bladnamn(namn: str, tagna: set[str]) -> str:
    # Excel: högst 31 tecken, inga []:*?/\ i bladnamn, unika.
    rent = re.sub(r"[\[\]:*?/\\]", " ", namn)[:31] or "Blad"
    kandidat, n = rent, 2
    while kandidat in tagna:
        kandidat = f"{rent[:28]} {n}"
        n += 1
    tagna.add(kandidat)
    return kandidat


def excel_bytes(tabeller: dict[str, pl.DataFrame]) -> bytes:
    """En arbetsbok med ett blad per tabell; tal förblir tal så att de går att räkna på."""
    import xlsxwriter

    buffert = io.BytesIO()
    tagna: set[str] = set()
    with xlsxwriter.Workbook(buffert) as bok:
        for namn, tabell in tabeller.items():
            tabell.write_excel(bok, worksheet=_bladnamn(namn, tagna), autofit=True)
    return buffert.getvalue()
