"""Tabeller som filer: CSV för Excel på svenska och Excel-arbetsböcker med ett blad per tabell.

Varje Excel- och CSV-fil som produkten skriver går härifrån, och ingen bär formler (OWASP:s råd mot
CSV-injektion): text som börjar med =, +, -, @, tabb eller CR blir en strängcell i Excel och får ett inledande '
i CSV. Tal förblir tal.
"""

from __future__ import annotations

import io
import re

import polars as pl


# Tecken som får Excel (och LibreOffice) att tolka en cell i en CSV-fil som formel.
FARLIGA_FORSTA_TECKEN = ("=", "+", "-", "@", "\t", "\r")
# Text som är ett tal som produkten skriver det ("-5", "-1,5", "-11 558 tkr", "+13 procentenheter"): inget som Excel
# kan köra (inga namn, parenteser eller operatorer), och ett inledande ' skulle synas i cellen.
_TAL = r"[+-]?\d[\d \u00a0]*(,\d+)?([ \u00a0](tkr|kr|%|procentenheter))?"


def som_text_i_csv(text: pl.Expr) -> pl.Expr:
    """Text som börjar med ett farligt tecken får ett inledande ' (OWASP), utom tal."""
    farlig = pl.any_horizontal(text.str.starts_with(t) for t in FARLIGA_FORSTA_TECKEN)
    return pl.when(farlig & ~text.str.contains(f"^(?:{_TAL})$")).then(pl.lit("'") + text).otherwise(text)


def _rubrik_i_csv(namn: str) -> str:
    return "'" + namn if namn.startswith(FARLIGA_FORSTA_TECKEN) and not re.fullmatch(_TAL, namn) else namn


DOLD = "dold"


def med_dolda(tabell: pl.DataFrame) -> pl.DataFrame:
    """Tal som skyddslagret (uppfoljning.skydd) har dolt för en läsare är NaN; i en fil står de som "dold".
    En talkolumn med dolda tal blir text (hela tal utan decimaler, andra med decimalkomma), de andra är orörda."""
    kolumner = [c for c, t in tabell.schema.items() if t.is_float() and tabell[c].is_nan().any()]
    if not kolumner:
        return tabell

    def text(c: str) -> pl.Expr:
        tal = pl.col(c)
        hel = tal.cast(pl.Int64, strict=False).cast(pl.String)
        decimal = tal.cast(pl.String).str.replace(".", ",", literal=True)
        return (pl.when(tal.is_nan()).then(pl.lit(DOLD)).when(tal == tal.round()).then(hel)
                .otherwise(decimal).alias(c))
    return tabell.with_columns(text(c) for c in kolumner)


def csv_bytes(tabell: pl.DataFrame) -> bytes:
    """Semikolon och decimalkomma som svensk Excel väntar sig; BOM så att å, ä, ö visas rätt.
    Text som Excel skulle tolka som formel skrivs med ett inledande '. Dolda tal (NaN) står som "dold"."""
    tabell = med_dolda(tabell)
    ut = tabell.with_columns(
        pl.col(c).cast(pl.String).str.replace(".", ",", literal=True)
        for c, t in tabell.schema.items() if t.is_float()
    ).with_columns(
        som_text_i_csv(pl.col(c).cast(pl.String)).alias(c) for c, t in tabell.schema.items() if t in (pl.String, pl.Categorical, pl.Enum)
    )
    ut = ut.rename({c: _rubrik_i_csv(c) for c in ut.columns})
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


BOKINSTALLNINGAR = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "nan_inf_to_errors": True}


def excel_bytes(tabeller: dict[str, pl.DataFrame]) -> bytes:
    """En arbetsbok med ett blad per tabell; tal förblir tal så att de går att räkna på. All text blir
    strängceller: aldrig formler ("=..."), länkar ("http://...") eller tal tolkade ur text."""
    import xlsxwriter

    buffert = io.BytesIO()
    tagna: set[str] = set()
    # Polars egna arbetsboksinställningar gäller bara när den skapar boken själv; här skapas den här.
    with xlsxwriter.Workbook(buffert, BOKINSTALLNINGAR) as bok:
        for namn, tabell in tabeller.items():
            med_dolda(tabell).write_excel(bok, worksheet=_bladnamn(namn, tagna), autofit=True)
    return buffert.getvalue()
