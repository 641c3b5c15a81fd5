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
