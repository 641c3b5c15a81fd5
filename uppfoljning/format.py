"""Svensk visning av tal: "77 %", "11 558 tkr", "71,5". Avrundningen sker i frågorna (andel_procent).

Mellanslaget mellan tal och enhet och mellan tusentalen är hårt (U+00A0, HART), så att "77 %" och "11 558 tkr"
aldrig bryts isär: på skärmen, i PDF:en (fpdf2 bryter inte vid U+00A0 och DejaVu har tecknet), i Word och Excel.
U+00A0 och inte det smala U+202F: Word, LibreOffice, Excel och skärmläsare hanterar det i alla typsnitt.
Tal i CSV- och Excelfiler som är tal (inte text) berörs inte.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def avrunda(varde: float | Decimal) -> int:
    """Hel procent, halvt uppåt: samma regel som makrot andel_procent i queries/vyer."""
    return int(Decimal(str(varde)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


DOLD = "dold"
# Hårt mellanslag (NO-BREAK SPACE): mellan tal och enhet och som tusentalsavgränsare.
HART = "\u00a0"


def _dold(varde) -> bool:
    """NaN är ett tal som skyddslagret (uppfoljning.skydd) har dolt för en läsare."""
    return isinstance(varde, float) and math.isnan(varde)


def heltal(varde: float | int | None) -> str:
    """Tusental med hårt mellanslag: 11558 -> "11 558", -1020 -> "-1 020". Ett dolt tal (NaN): "dold"."""
    if varde is None:
        return "–"
    if _dold(varde):
        return DOLD
    tal = avrunda(varde)
    text = f"{abs(tal):,}".replace(",", HART)
    return f"-{text}" if tal < 0 else text


def procent(varde: float | int | None) -> str:
    """Ett procenttal (redan i procent, 0-100) visat som hel procent: 77 -> "77 %". En dold andel (NaN): "dold"."""
    if varde is None:
        return "–"
    if _dold(varde):
        return DOLD
    return med_enhet(str(avrunda(varde)), "%")


def procentenheter(skillnad: float | int | None) -> str:
    """En avvikelse i procentenheter med tecken: -13 -> "-13 procentenheter"."""
    if skillnad is None:
        return "–"
    tal = avrunda(skillnad)
    tecken = "+" if tal > 0 else ("-" if tal < 0 else "±")
    return med_enhet(f"{tecken}{heltal(abs(tal))}", "procentenheter")


def tkr(varde: float | int | None) -> str:
    """Tusentals kronor: 11558 -> "11 558 tkr"."""
    if varde is None or (isinstance(varde, float) and math.isnan(varde)):
        return "–"
    return med_enhet(heltal(varde), "tkr")


def kr(varde: float | int | None) -> str:
    """Hela kronor: 11180 -> "11 180 kr"."""
    if varde is None or (isinstance(varde, float) and math.isnan(varde)):
        return "–"
    return med_enhet(heltal(varde), "kr")


def med_enhet(tal: str | int, enhet: str) -> str:
    """Ett redan skrivet tal och dess enhet med hårt mellanslag emellan: ("90", "%") -> "90 %"."""
    return f"{tal}{HART}{enhet}"


def per_rad(df, funktion, *kolumner: str, namn: str):
    """funktion(värdet i kolumner[0], ...) för varje rad i df, som en textkolumn (polars Series) [namn] i df:s
    ordning. Med en kolumn blir ett saknat värde saknat, utan anrop (som pl.Expr.map_elements); med flera anropas
    funktion för varje rad.

    I stället för map_elements: den kör funktionen i polars egna trådar, som då behöver Pythons GIL. När en annan
    session samtidigt väntade på polars trådar med GIL (t.ex. i DataFrame.to_pandas) låste sig hela appen under last
    (polars issue 26821). Här körs funktionen i den anropande tråden."""
    import polars as pl

    if len(kolumner) == 1:
        varden = [None if v is None else funktion(v) for v in df[kolumner[0]].to_list()]
    else:
        varden = [funktion(*rad) for rad in zip(*(df[k].to_list() for k in kolumner))]
    return pl.Series(namn, varden, dtype=pl.String)
