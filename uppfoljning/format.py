"""Svensk visning av tal: "77 %", "11 558 tkr", "71,5". Avrundningen sker i frågorna (andel_procent)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def avrunda(varde: float | Decimal) -> int:
    """Hel procent, halvt uppåt: samma regel som makrot andel_procent i queries/vyer."""
    return int(Decimal(str(varde)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


DOLD = "dold"


def _dold(varde) -> bool:
    """NaN är ett tal som skyddslagret (uppfoljning.skydd) har dolt för en läsare."""
    return isinstance(varde, float) and math.isnan(varde)


def heltal(varde: float | int | None) -> str:
    """Tusental med mellanslag: 11558 -> "11 558", -1020 -> "-1 020". Ett dolt tal (NaN): "dold"."""
    if varde is None:
        return "–"
    if _dold(varde):
        return DOLD
    tal = avrunda(varde)
    text = f"{abs(tal):,}".replace(",", " ")
    return f"-{text}" if tal < 0 else text


def procent(varde: float | int | None) -> str:
    """Ett procenttal (redan i procent, 0-100) visat som hel procent: 77 -> "77 %". En dold andel (NaN): "dold"."""
    if varde is None:
        return "–"
    if _dold(varde):
        return DOLD
    return f"{avrunda(varde)} %"


def procentenheter(skillnad: float | int | None) -> str:
    """En avvikelse i procentenheter med tecken: -13 -> "-13 procentenheter"."""
    if skillnad is None:
        return "–"
    tal = avrunda(skillnad)
    tecken = "+" if tal > 0 else ("-" if tal < 0 else "±")
    return f"{tecken}{abs(tal)} procentenheter"


def tkr(varde: float | int | None) -> str:
    if varde is None or (isinstance(varde, float) and math.isnan(varde)):
        return "–"
    return f"{heltal(varde)} tkr"
